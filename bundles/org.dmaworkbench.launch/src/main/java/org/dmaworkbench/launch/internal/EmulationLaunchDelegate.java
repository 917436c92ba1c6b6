package org.dmaworkbench.launch.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dmaworkbench.emulation.run.ScenarioRunException;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.launch.EmulationLaunch;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;

/**
 * Runs a scenario for a {@code DMA Emulation} launch configuration. The debug framework calls this in a Job, so
 * the run has progress and cancel; bad scenarios are a CoreException carrying the FILE:LINE:COL diagnostics.
 */
public class EmulationLaunchDelegate extends LaunchConfigurationDelegate {
    private static final int WORK = 1000;

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
            throws CoreException {
        SubMonitor progress = SubMonitor.convert(monitor, "DMA emulation: " + configuration.getName(), WORK);
        String file = configuration.getAttribute(EmulationLaunch.CONFIG_SCENARIO, "");
        LoadedScenario loaded;
        if (file.isEmpty()) {
            loaded = ScenarioLoader.loadDefault();
        } else {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p)) {
                throw new CoreException(Status.error("Scenario file not found: " + file));
            }
            loaded = ScenarioLoader.load(p);
        }
        if (!loaded.ok()) {
            throw new CoreException(Status.error(loaded.formatDiagnostics().strip()));
        }
        ScenarioTarget target;
        try {
            target = ScenarioTarget.create(loaded);
        } catch (ScenarioRunException e) {
            throw new CoreException(Status.error(e.getMessage()));
        }
        Scenario.StopCondition st = loaded.scenario().orElseThrow().stop();
        EmulationSession session = new EmulationSession(target,
                new StopCondition(st.timeNs().orElse(0), st.transfers().orElse(0), st.firstError()));
        LaunchSessions.put(launch, session);
        SessionResult r = session.run(new SessionMonitor() {
            private int reported;

            @Override
            public boolean isCanceled() {
                return progress.isCanceled();
            }

            @Override
            public void progress(double fraction, String message) {
                progress.subTask(message);
                if (fraction >= 0) {
                    int to = (int) (fraction * WORK);
                    if (to > reported) {
                        progress.worked(to - reported);
                        reported = to;
                    }
                }
            }
        });
        var s = r.statistics();
        launch.setAttribute(EmulationLaunch.ATTR_SUMMARY, String.format("%s (%s): %d transfers, %d bytes, %d dma-debug errors, %d IOMMU faults",
                r.status().name().toLowerCase(), r.reason(), s.transfers(), s.bytesMoved(), s.dmaDebugErrors(), s.iommuFaults()));
        launch.setAttribute(EmulationLaunch.ATTR_BYTES_MOVED, Long.toString(s.bytesMoved()));
        launch.setAttribute(EmulationLaunch.ATTR_DMA_DEBUG_ERRORS, Long.toString(s.dmaDebugErrors()));
        launch.setAttribute(EmulationLaunch.ATTR_EXIT_CODE, Integer.toString(r.exitCode()));
        if (r.status() == SessionResult.Status.CANCELED) {
            throw new OperationCanceledException();
        }
    }
}
