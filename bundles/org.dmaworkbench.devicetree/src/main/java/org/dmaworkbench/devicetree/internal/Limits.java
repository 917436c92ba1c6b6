package org.dmaworkbench.devicetree.internal;

/** Resource limits that keep hostile or broken input from exhausting memory, stack or time. */
public final class Limits {
    private Limits() {
    }

    /** Largest single source file accepted. */
    public static final long MAX_FILE_BYTES = 16L << 20;
    /** Deepest #include / /include/ nesting (gcc's default limit is 200 as well). */
    public static final int MAX_INCLUDE_DEPTH = 200;
    /** Largest preprocessed text accepted, in characters. */
    public static final int MAX_OUTPUT_CHARS = 64 << 20;
    /** Most tokens that macro expansion may produce in one compilation. */
    public static final long MAX_EXPANDED_TOKENS = 8_000_000L;
    /** Deepest nesting of macro invocations inside macro arguments. */
    public static final int MAX_EXPANSION_NESTING = 256;
    /** Deepest nesting of nodes, parentheses and conditional groups accepted by the parsers. */
    public static final int MAX_NESTING = 1000;
    /** Deepest parenthesis nesting in a dtc integer expression. */
    public static final int MAX_EXPR_NESTING = 256;
    /** Stop after this many errors. */
    public static final int MAX_ERRORS = 100;
}
