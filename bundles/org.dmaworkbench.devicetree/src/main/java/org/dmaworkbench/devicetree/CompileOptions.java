package org.dmaworkbench.devicetree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options of a compilation beyond the include path: dtc's {@code -@} (emit {@code __symbols__}) and cpp's
 * {@code -D NAME[=VALUE]} command-line macros, applied in the order given after the kernel's
 * {@code -D__DTS__}. Immutable; each {@code with…} returns a new instance.
 */
public final class CompileOptions {
    /**
     * Checks that can be switched with {@link #withWarning(String, boolean)} (dtc's -W / -Wno-), and whether
     * they are on by default. dtc 1.6.1 has interrupt_provider on, but its "Missing #address-cells in interrupt
     * provider" half is gone from the kernel's own dtc and fires on most Renesas interrupt controllers, so it is
     * off here unless asked for.
     */
    public static final Map<String, Boolean> OPTIONAL_WARNINGS = Map.of(
            "avoid_default_addr_size", true,
            "interrupt_provider", false,
            "unique_unit_address", true,
            "unit_address_vs_reg", true,
            "avoid_unnecessary_addr_size", true,
            "alias_paths", true,
            "graph_child_address", true,
            "simple_bus_reg", true);

    /**
     * The checks the kernel's build turns off (scripts/Makefile.dtbs of Linux 6.12, lines 92-101: DTC_FLAGS
     * {@code -Wno-unique_unit_address} and, without KBUILD_EXTRA_WARN, the "noisy checks").
     */
    public static final List<String> KERNEL_BUILD_OFF = List.of("unique_unit_address", "unit_address_vs_reg",
            "avoid_unnecessary_addr_size", "alias_paths", "graph_child_address", "simple_bus_reg");

    private static final CompileOptions DEFAULTS = new CompileOptions(false, List.of(), OPTIONAL_WARNINGS,
            CompileLimits.DEFAULTS);

    private final boolean symbols;
    private final List<String> defines;
    private final Map<String, Boolean> warnings;
    private final CompileLimits limits;

    private CompileOptions(boolean symbols, List<String> defines, Map<String, Boolean> warnings,
            CompileLimits limits) {
        this.symbols = symbols;
        this.defines = defines;
        this.warnings = warnings;
        this.limits = limits;
    }

    /** The resource limits of the compilation (include depth, macro expansion, sizes, counts). */
    public CompileOptions withLimits(CompileLimits l) {
        return new CompileOptions(symbols, defines, warnings, Objects.requireNonNull(l));
    }

    public CompileLimits limits() {
        return limits;
    }

    /** No symbols, no extra macros: what {@code cpp … | dtc -O dtb} does. */
    public static CompileOptions defaults() {
        return DEFAULTS;
    }

    /** The warnings of a kernel build ({@code make dtbs}): {@link #KERNEL_BUILD_OFF} switched off. */
    public static CompileOptions kernelBuild() {
        CompileOptions o = DEFAULTS;
        for (String check : KERNEL_BUILD_OFF) {
            o = o.withWarning(check, false);
        }
        return o;
    }

    /** The kernel's options for overlays and for boards built with DTC_FLAGS += -@. */
    public CompileOptions withSymbols(boolean on) {
        return new CompileOptions(on, defines, warnings, limits);
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
        return new CompileOptions(symbols, List.copyOf(l), warnings, limits);
    }

    /** {@link #withDefine(String)} with "NAME=VALUE". */
    public CompileOptions withDefine(String name, String value) {
        return withDefine(name + "=" + Objects.requireNonNull(value));
    }

    /**
     * dtc's -W CHECK / -Wno-CHECK for the checks in {@link #OPTIONAL_WARNINGS}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public CompileOptions withWarning(String check, boolean on) {
        if (!OPTIONAL_WARNINGS.containsKey(check)) {
            throw new IllegalArgumentException("unknown warning '" + check + "' (known: "
                    + String.join(", ", new java.util.TreeSet<>(OPTIONAL_WARNINGS.keySet())) + ")");
        }
        Map<String, Boolean> w = new HashMap<>(warnings);
        w.put(check, on);
        return new CompileOptions(symbols, defines, Map.copyOf(w), limits);
    }

    /**
     * Whether a check's messages are reported. As dtc's -Wno- also turns off the checks that depend on the one
     * named, unique_unit_address follows avoid_default_addr_size.
     */
    public boolean warning(String check) {
        if (check.equals("unique_unit_address") && !warning("avoid_default_addr_size")) {
            return false;
        }
        return warnings.getOrDefault(check, true);
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
