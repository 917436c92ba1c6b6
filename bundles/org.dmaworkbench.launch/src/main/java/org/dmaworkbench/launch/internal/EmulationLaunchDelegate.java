package org.dmaworkbench.launch.internal;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.emulation.run.ScenarioRunException;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.DeviceKind;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.scenario.ScenarioValidator.ClientBinding;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.hw.platform.PlatformDevice;
import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationPreferences;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.LaunchSettings;
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
