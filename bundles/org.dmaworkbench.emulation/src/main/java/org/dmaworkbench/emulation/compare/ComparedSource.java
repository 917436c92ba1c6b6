package org.dmaworkbench.emulation.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.emulation.capture.CaptureImport;
import org.dmaworkbench.emulation.capture.ImportedCapture;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.run.ScenarioRunException;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.scenario.ScenarioOverrides;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.kernel.KernelProfile;

/**
 * One side of a comparison, made headless: a scenario run to its end, or a capture replayed. What
 * {@code dmawb compare} compares; the IDE compares the live state of its launches and imported captures directly.
 *
 * @param name     what the comparison calls it
 * @param snapshot its live state at the end
 */
public record ComparedSource(String name, LiveStateSnapshot snapshot) {

    /**
     * Runs a scenario ({@code "default"} for the built-in one) to its end, with the IOMMUs and the kernel profile
     * overridden as {@code dmawb run --iommu/--kernel} do when not null.
     *
     * @throws IllegalArgumentException bad input: the scenario's own FILE:LINE:COL messages
     */
    public static ComparedSource runScenario(String scenario, String iommu, KernelProfile kernel) {
        LoadedScenario base;
        Path baseDir = Path.of(".");
        if (scenario.equals("default")) {
            base = ScenarioLoader.loadDefault();
        } else {
            Path p = Path.of(scenario);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(scenario + ": no such scenario file");
            }
            base = ScenarioLoader.load(p);
            baseDir = p.toAbsolutePath().getParent();
        }
        ScenarioOverrides o = new ScenarioOverrides("<command-line>");
        if (iommu != null) {
            o.allIommus(!iommu.equals("off"));
            o.attachAll(iommu.equals("all"));
        }
        if (kernel != null) {
            o.kernel(kernel);
        }
        LoadedScenario l = o.apply(base, baseDir);
        if (!l.ok()) {
            throw new IllegalArgumentException(l.formatDiagnostics().strip());
        }
        Scenario s = l.scenario().orElseThrow();
        ScenarioTarget t;
        try {
            t = ScenarioTarget.create(l);
        } catch (ScenarioRunException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Scenario.StopCondition st = s.stop();
        EmulationSession session = new EmulationSession(t,
                new StopCondition(st.timeNs().orElse(0), st.transfers().orElse(0), st.firstError()));
        session.run(SessionMonitor.NONE);
        String name = s.fileName() + (iommu == null ? "" : " (iommu " + iommu + ")")
                + (kernel == null ? "" : " (kernel " + kernel.version() + ")");
        return new ComparedSource(name, session.liveState().snapshot());
    }

    /** Replays capture files (dumps and traces, {@link CaptureImport}). */
    public static ComparedSource replay(List<Path> files) throws IOException, CaptureImport.CaptureException {
        ImportedCapture c = CaptureImport.importFiles(files, Map.of(), CaptureImport.Monitor.NONE);
        return new ComparedSource(c.name(), c.model().snapshot());
    }
}
