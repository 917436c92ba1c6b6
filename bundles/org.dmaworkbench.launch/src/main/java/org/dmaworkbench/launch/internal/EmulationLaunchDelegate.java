package org.dmaworkbench.launch.internal;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.emulation.run.ScenarioRunException;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.DeviceKind;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.scenario.ScenarioParser;
import org.dmaworkbench.emulation.scenario.ScenarioValidator.ClientBinding;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.hw.platform.PlatformDevice;
import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationPreferences;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.LaunchSettings;
import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceRoot;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.variables.VariablesPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;

/**
 * Starts a {@code DMA Emulation}: reads the configuration ({@link LaunchSettings}, variables expanded), loads and
 * validates the scenario with the configuration's settings in, boots the emulated board, and hands the session to
 * an {@link EmulationProcess}, whose Job runs it. A scenario, setting or export path that is not right fails the
 * launch with the diagnostics (FILE:LINE:COL) before anything runs; the dialog checks the same while one types.
 */
public class EmulationLaunchDelegate extends LaunchConfigurationDelegate {

    /** Reads the settings of {@code configuration} with the preferences' defaults and the variable manager. */
    public static LaunchSettings settings(ILaunchConfiguration configuration) throws CoreException {
        return LaunchSettings.of(configuration.getName(), configuration.getAttributes(), EmulationLaunchDelegate::expand,
                EmulationPreferences.defaults());
    }

    /** {@code ${workspace_loc:…}} and the other string variables, as the debug framework expands them. */
    public static String expand(String text) {
        try {
            return VariablesPlugin.getDefault().getStringVariableManager().performStringSubstitution(text);
        } catch (CoreException e) {
            throw new IllegalArgumentException(e.getStatus().getMessage(), e);
        }
    }

    @Override
    public boolean buildForLaunch(ILaunchConfiguration configuration, String mode, IProgressMonitor monitor) {
        // scenarios and device trees are read as they are on disk; there is nothing to build
        return false;
    }

    /**
     * The projects holding the files this launch reads: the scenario, a board run's .dts, the include directories and
     * the configuration's mapped resources. Nothing is built ({@link #buildForLaunch} says no); the debug framework's
     * save-before-launch step ({@code saveBeforeLaunch}, the "Save and Launch" prompt of the Run/Debug &gt; Launching
     * preference "Save required dirty editors before launching") offers the dirty editors of these projects, so a
     * launch reads what the user saved and never what an editor holds unsaved. Null when none is in the workspace:
     * then the framework offers every dirty editor.
     */
    @Override
    protected IProject[] getBuildOrder(ILaunchConfiguration configuration, String mode) throws CoreException {
        LaunchSettings settings = settings(configuration);
        Set<IProject> projects = new LinkedHashSet<>();
        IWorkspaceRoot root = ResourcesPlugin.getWorkspace().getRoot();
        List<Path> files = new ArrayList<>();
        List<String> dirs = new ArrayList<>(settings.includes());
        settings.scenarioFile().ifPresent(scn -> {
            files.add(scn);
            // the scenario's board file and its include directories, as saved (a parse, no compile)
            ScenarioParser.parse(scn).scenario().map(Scenario::board).filter(b -> !b.isBuiltin()).ifPresent(b -> {
                Path dir = scn.toAbsolutePath().getParent();
                try {
                    files.add(dir.resolve(b.file()));
                    b.includeDirs().forEach(i -> dirs.add(dir.resolve(i).toString()));
                } catch (java.nio.file.InvalidPathException e) {
                    // the launch itself reports it
                }
            });
        });
        if (settings.useBoard()) {
            String board = settings.board();
            if (board.endsWith(".dts")) {
                files.add(Path.of(board));
            }
        }
        for (Path f : files) {
            for (IFile r : root.findFilesForLocationURI(f.toUri())) {
                projects.add(r.getProject());
            }
        }
        for (String dir : dirs) {
            try {
                for (IContainer c : root.findContainersForLocationURI(Path.of(dir).toAbsolutePath().toUri())) {
                    if (c.getProject() != null) {
                        projects.add(c.getProject());
                    }
                }
            } catch (java.nio.file.InvalidPathException e) {
                // the launch itself reports it
            }
        }
        IResource[] mapped = configuration.getMappedResources();
        if (mapped != null) {
            for (IResource r : mapped) {
                if (r.getProject() != null) {
                    projects.add(r.getProject());
                }
            }
        }
        return projects.isEmpty() ? null : projects.toArray(IProject[]::new);
    }

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
            throws CoreException {
        LaunchSettings settings = settings(configuration);
        LaunchSettings.Loaded loaded = settings.load();
        LoadedScenario l = loaded.effective();
        if (!l.ok()) {
            throw new CoreException(Status.error(l.formatDiagnostics().strip()));
        }
        Scenario s = l.scenario().orElseThrow();
        List<String> problems = new ArrayList<>();
        List<LaunchSettings.Export> exports = settings.exports(problems);
        if (!s.dmaDebug().enabled() && exports.stream().anyMatch(x -> x.kind().equals("dump"))) {
            problems.add("dump export: dma-debug is off in this run, there is no dump file");
        }
        if (!problems.isEmpty()) {
            throw new CoreException(Status.error(settings.origin() + ": error: " + String.join("\n" + settings.origin()
                    + ": error: ", problems)));
        }
        ScenarioTarget target;
        try {
            target = ScenarioTarget.create(l);
        } catch (ScenarioRunException e) {
            throw new CoreException(Status.error(e.getMessage().strip()));
        }
        Scenario.StopCondition st = s.stop();
        EmulationSession session = new EmulationSession(target,
                new StopCondition(st.timeNs().orElse(0), st.transfers().orElse(0), st.firstError()), settings.historySize());
        LaunchSessions.put(launch, session);
        String file = s.fileName();
        int slash = file.lastIndexOf('/');
        String label = String.format("%s on %s, kernel %s (%s)", slash >= 0 ? file.substring(slash + 1) : file,
                s.board().isBuiltin() ? s.board().builtinName() : Path.of(s.board().file()).getFileName(),
                s.profile().version(), LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")));
        EmulationProcess process = new EmulationProcess(launch, label, session, target, serialPorts(l, target), exports);
        process.start();
    }

    /**
     * The serial ports scenario clients drive, tty name to device name. sh-sci names a port ttySC&lt;N&gt; with N
     * from the device tree's {@code serialN} alias, else the lowest free N (drivers/tty/serial/sh-sci.c,
     * sci_parse_dt()).
     */
    static Map<String, String> serialPorts(LoadedScenario l, ScenarioTarget target) {
        DeviceTree tree = l.board().orElseThrow();
        Map<String, Integer> aliasIds = new LinkedHashMap<>();
        BitSet used = new BitSet();
        tree.aliases().forEach((alias, path) -> {
            if (alias.matches("serial\\d+")) {
                int id = Integer.parseInt(alias.substring(6));
                aliasIds.putIfAbsent(path, id);
                used.set(id);
            }
        });
        Map<String, String> out = new LinkedHashMap<>();
        for (ClientBinding b : l.clients()) {
            if (b.kind() != DeviceKind.SERIAL) {
                continue;
            }
            String path = b.device().path();
            String dev = target.platform().devices().stream().filter(d -> d.path().equals(path))
                    .map(PlatformDevice::devName).findFirst().orElse(null);
            if (dev == null || out.containsValue(dev)) {
                continue;
            }
            Integer id = aliasIds.get(path);
            if (id == null) {
                id = used.nextClearBit(0);
                used.set(id);
            }
            out.put("ttySC" + id, dev);
        }
        return out;
    }
}
