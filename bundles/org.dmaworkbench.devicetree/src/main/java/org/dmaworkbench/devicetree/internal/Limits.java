package org.dmaworkbench.devicetree.internal;

/**
 * Fixed resource limits that keep hostile or broken input from exhausting memory, stack or time; the configurable ones
 * are {@code CompileLimits}.
 */
public final class Limits {
    private Limits() {
    }

    /**
     * Largest file the shared file cache reads at all: the most {@code CompileLimits.maxFileBytes} can allow (each
     * compilation checks its own, smaller, limit with the position of the #include).
     */
    public static final long MAX_FILE_BYTES = 256L << 20;
    /** Largest preprocessed text of a MappedText whose owner set none (the compiler sets CompileLimits'). */
    public static final int MAX_OUTPUT_CHARS = 64 << 20;
    /** Deepest nesting of nodes, parentheses and conditional groups accepted by the parsers. */
    public static final int MAX_NESTING = 1000;
    /** Deepest parenthesis nesting in a dtc integer expression. */
    public static final int MAX_EXPR_NESTING = 256;
    /** Stop after this many errors. */
    public static final int MAX_ERRORS = 100;
}
