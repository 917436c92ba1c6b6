package org.dmaworkbench.devicetree.internal;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.SourcePosition;

/** Collects diagnostics for one compilation. */
public final class Reporter {
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private int errors;

    public void report(Severity s, Origin o, int line, int col, String message) {
        add(new Diagnostic(s, o == null ? null : new SourcePosition(o.name, line, col), message,
                o == null ? List.of() : o.chain()));
    }

    public void error(Origin o, int line, int col, String message) {
        report(Severity.ERROR, o, line, col, message);
    }

    public void warning(Origin o, int line, int col, String message) {
        report(Severity.WARNING, o, line, col, message);
    }

    public void add(Diagnostic d) {
        diagnostics.add(d);
        if (d.severity() == Severity.ERROR && ++errors >= Limits.MAX_ERRORS) {
            diagnostics.add(new Diagnostic(Severity.ERROR, d.position(), "too many errors (" + errors
                    + "), stopping", d.includedFrom()));
            throw new AbortException();
        }
    }

    /** Reports a fatal error and aborts the compilation. */
    public AbortException fatal(Origin o, int line, int col, String message) {
        report(Severity.ERROR, o, line, col, message);
        return new AbortException();
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
