package org.dmaworkbench.emulation.scenario;

import java.util.List;
import java.util.Optional;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;

/** What parsing a scenario gave: the scenario (present only when there were no errors) and the diagnostics. */
public record ScenarioResult(Optional<Scenario> scenario, List<Diagnostic> diagnostics) {
    public ScenarioResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /** All diagnostics formatted "FILE:LINE:COL: error: message", one per line. */
    public String formatDiagnostics() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            sb.append(d.format()).append('\n');
        }
        return sb.toString();
    }
}
