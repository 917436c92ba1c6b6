package org.dmaworkbench.devicetree;

/** How bad a {@link Diagnostic} is. Errors make {@link CompileResult#hasErrors()} true. */
public enum Severity {
    ERROR("error"), WARNING("warning"), NOTE("note");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The word printed in a formatted diagnostic: "error", "warning" or "note". */
    public String label() {
        return label;
    }
}
