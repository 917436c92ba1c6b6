package org.dmaworkbench.devicetree;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Options of a compilation beyond the include path: dtc's {@code -@} (emit {@code __symbols__}) and cpp's
 * {@code -D NAME[=VALUE]} command-line macros, applied in the order given after the kernel's
 * {@code -D__DTS__}. Immutable; each {@code with…} returns a new instance.
 */
public final class CompileOptions {
    private static final CompileOptions DEFAULTS = new CompileOptions(false, List.of());

    private final boolean symbols;
    private final List<String> defines;

    private CompileOptions(boolean symbols, List<String> defines) {
        this.symbols = symbols;
        this.defines = defines;
    }

    /** No symbols, no extra macros: what {@code cpp … | dtc -O dtb} does. */
    public static CompileOptions defaults() {
        return DEFAULTS;
    }

    /** The kernel's options for overlays and for boards built with DTC_FLAGS += -@. */
    public CompileOptions withSymbols(boolean on) {
        return new CompileOptions(on, defines);
    }

    /**
     * Adds a cpp {@code -D} argument: "NAME" defines NAME as 1, "NAME=VALUE" as VALUE, "NAME(ARGS)=BODY" a
     * function-like macro (as gcc turns -D into a #define line). Errors in it are reported as diagnostics
     * from {@code <command-line>} when compiling.
     */
    public CompileOptions withDefine(String definition) {
        Objects.requireNonNull(definition);
        List<String> l = new ArrayList<>(defines);
        l.add(definition);
        return new CompileOptions(symbols, List.copyOf(l));
    }

    /** {@link #withDefine(String)} with "NAME=VALUE". */
    public CompileOptions withDefine(String name, String value) {
        return withDefine(name + "=" + Objects.requireNonNull(value));
    }

    /** dtc -@: add {@code __symbols__} and a phandle on every labelled node. */
    public boolean symbols() {
        return symbols;
    }

    /** The -D arguments in order. */
    public List<String> defines() {
        return defines;
    }
}
