package org.dmaworkbench.devicetree;

import java.util.List;

/**
 * A #define in effect when preprocessing ended: its name, parameters (empty and {@code functionLike} false for an
 * object-like macro), replacement list as cpp spells it back ({@code #define NAME(a, b) BODY}) and where it was
 * defined. Editors show it on hover and offer it in completion.
 */
public record MacroDefinition(String name, boolean functionLike, List<String> parameters, boolean variadic,
        String body, SourcePosition position) {
    public MacroDefinition {
        parameters = List.copyOf(parameters);
    }

    /** "#define NAME(a, b) BODY" */
    public String directive() {
        StringBuilder sb = new StringBuilder("#define ").append(name);
        if (functionLike) {
            sb.append('(');
            for (int i = 0; i < parameters.size(); i++) {
                String p = parameters.get(i);
                sb.append(i == 0 ? "" : ", ").append(variadic && i == parameters.size() - 1 && p.equals("__VA_ARGS__")
                        ? "..." : p);
            }
            sb.append(')');
        }
        if (!body.isEmpty()) {
            sb.append(' ').append(body);
        }
        return sb.toString();
    }
}
