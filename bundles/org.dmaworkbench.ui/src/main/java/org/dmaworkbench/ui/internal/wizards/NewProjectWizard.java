package org.dmaworkbench.ui.internal.wizards;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExecutableExtension;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.jface.dialogs.ErrorDialog;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.WorkspaceModifyOperation;
import org.eclipse.ui.dialogs.WizardNewProjectCreationPage;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.wizards.newresource.BasicNewProjectResourceWizard;
import org.eclipse.ui.wizards.newresource.BasicNewResourceWizard;

/**
 * File &gt; New &gt; DMA Workbench Project: a project holding a scenario (the chosen board's default workload) and a
 * shared DMA Emulation launch configuration ({@code <name>.launch} in the project) that runs it, so the project is
 * ready for Run As right away. The work runs in a workspace operation with progress, off the UI thread.
 */
public final class NewProjectWizard extends Wizard implements INewWizard, IExecutableExtension {
    private IWorkbench workbench;
    private IConfigurationElement config;
    private WizardNewProjectCreationPage projectPage;
    private BoardPage boardPage;
    private IProject created;

    public NewProjectWizard() {
        setWindowTitle(Messages.Wizard_title);
        setNeedsProgressMonitor(true);
        setHelpAvailable(true);
        setDefaultPageImageDescriptor(ImageDescriptor.createFromURL(
                NewProjectWizard.class.getResource("/icons/newproject_wiz.png")));
    }

    @Override
    public void init(IWorkbench wb, IStructuredSelection sel) {
        this.workbench = wb;
    }

    @Override
    public void setInitializationData(IConfigurationElement cfig, String propertyName, Object data) {
        this.config = cfig;
    }

    @Override
    public void addPages() {
        projectPage = new WizardNewProjectCreationPage("project") {
            @Override
            public void createControl(Composite parent) {
                super.createControl(parent);
                PlatformUI.getWorkbench().getHelpSystem().setHelp(getControl(),
                        DmaWorkbenchUi.NEW_PROJECT_WIZARD_HELP_CONTEXT);
            }
        };
        projectPage.setTitle(Messages.ProjectPage_title);
        projectPage.setDescription(Messages.ProjectPage_description);
        addPage(projectPage);
        boardPage = new BoardPage();
        addPage(boardPage);
    }

    @Override
    public boolean canFinish() {
        // Finish on the first page takes the board page's defaults, with the launch configuration named as the project
        if (boardPage.getControl() != null) {
            boardPage.projectName(projectPage.getProjectName());
        }
        return projectPage.isPageComplete() && boardPage.isPageComplete();
    }

    /** The project the last finish created, for tests. */
    public IProject createdProject() {
        return created;
    }

    @Override
    public boolean performFinish() {
        IProject project = projectPage.getProjectHandle();
        URI location = projectPage.useDefaults() ? null : projectPage.getLocationURI();
        String scenarioName = boardPage.scenarioFileName();
        BoardPage.Spec spec = boardPage.spec();
        String launchName = boardPage.launchConfigurationName();
        IFile[] scenario = new IFile[1];
        WorkspaceModifyOperation op = new WorkspaceModifyOperation() {
            @Override
            protected void execute(IProgressMonitor monitor) throws CoreException {
                SubMonitor m = SubMonitor.convert(monitor, NLS.bind(Messages.Finish_task, project.getName()), 5);
                String scenarioText = spec.scenarioText();
                m.worked(1);
                IProjectDescription d = ResourcesPlugin.getWorkspace().newProjectDescription(project.getName());
                d.setLocationURI(location);
                project.create(d, m.split(1));
                project.open(m.split(1));
                IFile f = project.getFile(scenarioName);
                f.create(new ByteArrayInputStream(scenarioText.getBytes(StandardCharsets.UTF_8)), true, m.split(1));
                f.setCharset("UTF-8", null);
                scenario[0] = f;
                createLaunchConfiguration(project, f, launchName);
                m.worked(1);
            }
        };
        try {
            getContainer().run(true, true, op);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof CoreException ce) {
                ErrorDialog.openError(getShell(), Messages.Finish_error, null, ce.getStatus());
            } else {
                ErrorDialog.openError(getShell(), Messages.Finish_error, null,
                        org.eclipse.core.runtime.Status.error(String.valueOf(t), t));
            }
            return false;
        } catch (InterruptedException e) {
            return false;
        }
        created = project;
        // after the wizard has closed, one UI event each: switching perspective, revealing the project and opening
        // the scenario build many widgets, and together they would hold the UI thread for a noticeable time
        Display display = getShell().getDisplay();
        IConfigurationElement perspective = config;
        IWorkbench wb = workbench;
        IFile file = scenario[0];
        display.asyncExec(() -> {
            if (perspective != null) {
                BasicNewProjectResourceWizard.updatePerspective(perspective);
            }
            display.asyncExec(() -> {
                if (wb == null || wb.getActiveWorkbenchWindow() == null) {
                    return;
                }
                BasicNewResourceWizard.selectAndReveal(project, wb.getActiveWorkbenchWindow());
                display.asyncExec(() -> {
                    if (wb.getActiveWorkbenchWindow() == null) {
                        return;
                    }
                    try {
                        IDE.openEditor(wb.getActiveWorkbenchWindow().getActivePage(), file);
                    } catch (PartInitException e) {
                        // the project is made; not opening the scenario is no failure of the wizard
                    }
                });
            });
        });
        return true;
    }

    /**
     * The shared launch configuration {@code <project>/<name>.launch}: type DMA Emulation, scenario {@code
     * ${workspace_loc:/<project>/<scenario>}}, mapped to the scenario file so Run As finds it for that file.
     */
    static ILaunchConfiguration createLaunchConfiguration(IProject project, IFile scenario, String name)
            throws CoreException {
        ILaunchConfigurationType type = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(EmulationLaunch.TYPE_ID);
        ILaunchConfigurationWorkingCopy wc = type.newInstance(project, name);
        wc.setAttribute(EmulationLaunch.CONFIG_SCENARIO, "${workspace_loc:" + scenario.getFullPath() + "}");
        wc.setMappedResources(new IResource[] { scenario });
        return wc.doSave();
    }
}
