package org.dmaworkbench.devicetree;

/**
 * What one compilation may take, so that a broken or hostile source ends in a diagnostic at FILE:LINE:COL instead of
 * exhausting memory, stack or time. The defaults are far above what the kernel's own trees need: of the 2,739 arm and
 * arm64 boards of Linux 6.12 the largest has 1,112 nodes (qrb5165-rb5-vision-mezzanine.dts), the most properties are
 * 5,415 (am572x-idk.dts) and the deepest include nesting is 9 (ac5x-rd-carrier-cn9131.dts); a generated board of
 * 1,000,000 lines (125,000 nodes) compiles in about 11 s within 720 MiB of heap. Immutable; each {@code with…} returns a new instance.
 *
 * @param maxFileBytes      largest source file (the main file or an included one), in bytes; at most 256 MiB
 * @param maxIncludeDepth   deepest #include and /include/ nesting; gcc's default is 200 as well. A file that includes
 *                          itself without an include guard reaches it, and the message names the cycle
 * @param maxMacroNesting   deepest nesting of macro invocations in macro arguments (each level expands on its own)
 * @param maxExpandedTokens most tokens macro expansion may produce in one compilation (runaway recursion through
 *                          arguments, exponential expansion)
 * @param maxOutputChars    largest preprocessed text, in characters
 * @param maxNodes          most node definitions (each {@code name { … };} and {@code &label { … };} block)
 * @param maxProperties     most property definitions
 */
public record CompileLimits(long maxFileBytes, int maxIncludeDepth, int maxMacroNesting, long maxExpandedTokens,
        int maxOutputChars, int maxNodes, int maxProperties) {

    /** The defaults. */
    public static final CompileLimits DEFAULTS = new CompileLimits(16L << 20, 200, 256, 8_000_000L, 64 << 20,
            500_000, 2_000_000);

    /** The limits' names for {@link #with(String, long)} and the command line ({@code dmawb dtc --limit NAME=N}). */
    public static final java.util.List<String> NAMES = java.util.List.of("file-bytes", "include-depth",
            "macro-nesting", "expanded-tokens", "output-chars", "nodes", "properties");

    public CompileLimits {
        if (maxFileBytes < 1 || maxFileBytes > org.dmaworkbench.devicetree.internal.Limits.MAX_FILE_BYTES
                || maxIncludeDepth < 0 || maxMacroNesting < 1 || maxExpandedTokens < 1
                || maxOutputChars < 1 || maxNodes < 1 || maxProperties < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * One limit changed, by its name in {@link #NAMES}.
     *
     * @throws IllegalArgumentException for an unknown name or a value out of range
     */
    public CompileLimits with(String name, long value) {
        int v = (int) Math.min(Integer.MAX_VALUE, value);
        return switch (name) {
            case "file-bytes" -> new CompileLimits(value, maxIncludeDepth, maxMacroNesting, maxExpandedTokens,
                    maxOutputChars, maxNodes, maxProperties);
            case "include-depth" -> new CompileLimits(maxFileBytes, v, maxMacroNesting, maxExpandedTokens,
                    maxOutputChars, maxNodes, maxProperties);
            case "macro-nesting" -> new CompileLimits(maxFileBytes, maxIncludeDepth, v, maxExpandedTokens,
                    maxOutputChars, maxNodes, maxProperties);
            case "expanded-tokens" -> new CompileLimits(maxFileBytes, maxIncludeDepth, maxMacroNesting, value,
                    maxOutputChars, maxNodes, maxProperties);
            case "output-chars" -> new CompileLimits(maxFileBytes, maxIncludeDepth, maxMacroNesting,
                    maxExpandedTokens, v, maxNodes, maxProperties);
            case "nodes" -> new CompileLimits(maxFileBytes, maxIncludeDepth, maxMacroNesting, maxExpandedTokens,
                    maxOutputChars, v, maxProperties);
            case "properties" -> new CompileLimits(maxFileBytes, maxIncludeDepth, maxMacroNesting, maxExpandedTokens,
                    maxOutputChars, maxNodes, v);
            default -> throw new IllegalArgumentException("unknown limit '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }
}
