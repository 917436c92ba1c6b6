package org.dmaworkbench.emulation.fuzz;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.emulation.run.ScenarioRunException;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioAssist;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.scenario.ScenarioOutline;
import org.dmaworkbench.emulation.scenario.ScenarioParser;
import org.dmaworkbench.emulation.scenario.ScenarioResult;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax;
import org.dmaworkbench.emulation.scenario.ScenarioWriter;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.tests.common.fuzz.Budget;
import org.dmaworkbench.tests.common.fuzz.FuzzFinding;

/**
 * Fuzz target: a scenario file as the editor and dmawb take it: colouring, outline and content assist at a few
 * offsets on any text; parse; a scenario that parses must write out and parse again without errors; load (compile its
 * board, validate), and a scenario that loads runs for at most {@link #MAX_STEPS} emulation steps. Diagnostics are the
 * expected outcome; an exception, a session that throws or ends in an unknown way, a hang or an allocation over the
 * budget is a finding. Run it long with {@code releng/scripts/fuzz scenario}.
 */
public final class ScenarioFuzzTarget {
    static final int MAX_STEPS = 400;
    /** Relative board paths resolve here: a folder that does not exist, so a fuzzed input reads no workspace file. */
    private static final Path BASE = Path.of("/nonexistent-dmawb-fuzz");

    private ScenarioFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        Budget budget = Budget.start();
        String text = new String(data, StandardCharsets.UTF_8);
        ScenarioSyntax.highlight(text);
        ScenarioOutline.of(text);
        for (int k = 1; k <= 4; k++) {
            int at = (int) ((long) text.length() * k / 4);
            ScenarioAssist.complete(text, at, java.util.List.of());
            ScenarioSyntax.clientAt(text, at);
        }
        ScenarioResult r = ScenarioParser.parse("fuzz.dmascn", text);
        if (r.scenario().isPresent() == r.hasErrors()) {
            throw new FuzzFinding("a scenario with errors, or none without: " + r.formatDiagnostics());
        }
        if (r.scenario().isPresent()) {
            String again = ScenarioWriter.write(r.scenario().get());
            ScenarioResult r2 = ScenarioParser.parse("written.dmascn", again);
            if (r2.hasErrors()) {
                throw new FuzzFinding("the written scenario does not parse:\n" + again + "\n" + r2.formatDiagnostics());
            }
            LoadedScenario loaded = ScenarioLoader.load("fuzz.dmascn", text, BASE);
            for (Diagnostic d : loaded.diagnostics()) {
                // the compiler's words for an exception or a stack overflow it caught, in the board it compiled
                if (d.position() == null && (d.message().contains(": internal error in the device-tree compiler: ")
                        || d.message().endsWith(": input nested too deeply to process"))) {
                    throw new FuzzFinding(d.format());
                }
            }
            if (loaded.ok()) {
                run(loaded);
            }
        }
        budget.check("a scenario of " + data.length + " bytes");
    }

    private static void run(LoadedScenario loaded) {
        ScenarioTarget target;
        try {
            target = ScenarioTarget.create(loaded);
        } catch (ScenarioRunException e) {
            return;
        }
        int[] polls = { 0 };
        EmulationSession s = new EmulationSession(target, StopCondition.WHEN_IDLE, 1000);
        SessionResult r = s.run(new SessionMonitor() {
            @Override
            public boolean isCanceled() {
                return ++polls[0] > MAX_STEPS;
            }
        });
        if (r == null || r.status() == null || r.reason() == null) {
            throw new FuzzFinding("a session ended without a result");
        }
    }
}
