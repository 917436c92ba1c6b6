package org.dmaworkbench.devicetree;

import java.util.List;
import java.util.Objects;

/**
 * One message about a device-tree source, with the position it applies to and the chain of files that
 * included that position's file (outermost last).
 */
public final class Diagnostic {
    private final Severity severity;
    private final SourcePosition position;
    private final String message;
    private final List<SourcePosition> includedFrom;

    public Diagnostic(Severity severity, SourcePosition position, String message, List<SourcePosition> includedFrom) {
        this.severity = Objects.requireNonNull(severity);
        this.position = position;
        this.message = Objects.requireNonNull(message);
        this.includedFrom = List.copyOf(includedFrom);
    }

    public Diagnostic(Severity severity, SourcePosition position, String message) {
        this(severity, position, message, List.of());
    }

    public Severity severity() {
        return severity;
    }

    /** Where the problem is; null only for problems with no place (for example a missing top-level file). */
    public SourcePosition position() {
        return position;
    }

    public String message() {
        return message;
    }

    /**
     * The #include directives that led to {@link #position()}'s file, innermost first: each entry is the
     * including file and the line of its #include (column 0 when unknown).
     */
    public List<SourcePosition> includedFrom() {
        return includedFrom;
    }

    /**
     * The diagnostic the way cpp and gcc print it: "In file included from A:L," / "                 from B:L:"
     * lines for the include chain, then "FILE:LINE:COL: error: message".
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < includedFrom.size(); i++) {
            SourcePosition p = includedFrom.get(i);
            sb.append(i == 0 ? "In file included from " : "                 from ");
            sb.append(p.file()).append(':').append(p.line());
            sb.append(i == includedFrom.size() - 1 ? ":\n" : ",\n");
        }
        if (position != null) {
            sb.append(position).append(": ");
        }
        sb.append(severity.label()).append(": ").append(message);
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
