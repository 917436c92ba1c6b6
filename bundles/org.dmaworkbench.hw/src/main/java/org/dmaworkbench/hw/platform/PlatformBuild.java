package org.dmaworkbench.hw.platform;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;

/**
 * What {@link PlatformBuilder} produced: the platform (absent when the tree has errors that make it
 * unusable) and every diagnostic, each with its device-tree source position.
 */
public record PlatformBuild(Optional<Platform> platform, List<Diagnostic> diagnostics) {

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /** @return diagnostics one per line, "file:line:col: severity: message" */
    public String formatDiagnostics() {
        return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    }
}
