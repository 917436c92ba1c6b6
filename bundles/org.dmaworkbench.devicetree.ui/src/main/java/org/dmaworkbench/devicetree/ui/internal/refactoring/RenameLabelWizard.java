package org.dmaworkbench.devicetree.ui.internal.refactoring;

import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.eclipse.ltk.core.refactoring.RefactoringStatus;
import org.eclipse.ltk.ui.refactoring.RefactoringWizard;
import org.eclipse.ltk.ui.refactoring.UserInputWizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/** The rename dialog: the new name, then LTK's preview of every file's change. */
public final class RenameLabelWizard extends RefactoringWizard {
    private final RenameLabelRefactoring refactoring;

    public RenameLabelWizard(RenameLabelRefactoring r) {
        super(r, DIALOG_BASED_USER_INTERFACE | PREVIEW_EXPAND_FIRST_NODE);
        this.refactoring = r;
        setDefaultPageTitle(Messages.Rename_title);
    }

    @Override
    protected void addUserInputPages() {
        addPage(new UserInputWizardPage(Messages.Rename_title) {
            @Override
            public void createControl(Composite parent) {
                Composite c = new Composite(parent, SWT.NONE);
                c.setLayout(new GridLayout(2, false));
                Label l = new Label(c, SWT.NONE);
                l.setText(Messages.Rename_newName);
                Text t = new Text(c, SWT.BORDER);
                t.setText(refactoring.oldName());
                t.setData("org.eclipse.swtbot.widget.key", "newName");
                t.setLayoutData(new GridData(GridData.FILL_HORIZONTAL));
                t.selectAll();
                t.addModifyListener(e -> {
                    refactoring.setNewName(t.getText());
                    RefactoringStatus s = refactoring.checkNewName(t.getText());
                    setPageComplete(s);
                });
                setMessage(NLS.bind(Messages.Rename_message, refactoring.oldName()));
                setPageComplete(false);
                setControl(c);
            }
        });
    }
}
