package org.dmaworkbench.devicetree;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The macros defined at the end of a compilation's preprocessing, with a way to expand text as cpp would at that
 * point (an editor's hover on {@code GIC_SPI} or {@code RCAR_GP_PIN(2, 5)}).
 */
public final class Macros {
    private static final Macros NONE = new Macros(Map::of, t -> t);

    private final Supplier<Map<String, MacroDefinition>> source;
    private Map<String, MacroDefinition> definitions;
    private final UnaryOperator<String> expander;

    /** Definitions are made when first asked for: most compilations (dmawb runs) never look. */
    Macros(Supplier<Map<String, MacroDefinition>> definitions, UnaryOperator<String> expander) {
        this.source = definitions;
        this.expander = expander;
    }

    static Macros none() {
        return NONE;
    }

    /** Every macro by name (the built-in __LINE__ and __FILE__ left out). */
    public synchronized Map<String, MacroDefinition> definitions() {
        if (definitions == null) {
            definitions = Collections.unmodifiableMap(source.get());
        }
        return definitions;
    }

    public Optional<MacroDefinition> get(String name) {
        return Optional.ofNullable(definitions().get(name));
    }

    /** Sorted names, for completion lists. */
    public List<String> names() {
        return definitions().keySet().stream().sorted().toList();
    }

    /**
     * {@code text} after macro expansion with these definitions, as one line the way cpp prints it (tokens spaced as
     * cpp spaces them); text that names no macro comes back as cpp would print it.
     */
    public synchronized String expand(String text) {
        return expander.apply(text);
    }
}
