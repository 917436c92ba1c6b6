package org.dmaworkbench.emulation.scenario;

import java.util.List;
import java.util.Optional;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.emulation.scenario.ScenarioValidator.ClientBinding;
import org.dmaworkbench.emulation.scenario.ScenarioValidator.IommuBinding;

/**
 * A scenario ready to run: parsed, its board compiled and the scenario validated against it. {@link #ok()} is
 * true when there are no errors; then the scenario and board are present, every client is bound and the
 * {@link IommuPlan} says which masters will be behind which IPMMU.
 */
public record LoadedScenario(Optional<Scenario> scenario, Optional<DeviceTree> board, List<ClientBinding> clients,
                             List<IommuBinding> iommus, List<Diagnostic> diagnostics, Optional<IommuPlan> iommuPlan) {
    public LoadedScenario {
        clients = List.copyOf(clients);
        iommus = List.copyOf(iommus);
        diagnostics = List.copyOf(diagnostics);
    }

    /** A scenario whose board did not get as far as an IOMMU plan. */
    public LoadedScenario(Optional<Scenario> scenario, Optional<DeviceTree> board, List<ClientBinding> clients,
            List<IommuBinding> iommus, List<Diagnostic> diagnostics) {
        this(scenario, board, clients, iommus, diagnostics, Optional.empty());
    }

    public boolean ok() {
        return diagnostics.stream().noneMatch(d -> d.severity() == Severity.ERROR);
    }

    /** All diagnostics (scenario and board), one formatted diagnostic per line. */
    public String formatDiagnostics() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            sb.append(d.format()).append('\n');
        }
        return sb.toString();
    }
}
