package org.dmaworkbench.devicetree.internal.pp;

import org.dmaworkbench.devicetree.internal.Origin;

/** A #define: object-like or function-like, with its replacement list. */
final class Macro {
    final String name;
    final boolean function;
    final String[] params;
    final boolean variadic;
    final PpToken[] body;
    final Origin origin;
    final int line;
    final int col;
    /** Being expanded right now (its context is on the stack). */
    boolean disabled;
    /** 1 for __LINE__, 2 for __FILE__, 0 otherwise. */
    final int builtin;

    Macro(String name, boolean function, String[] params, boolean variadic, PpToken[] body, Origin origin, int line,
          int col, int builtin) {
        this.name = name;
        this.function = function;
        this.params = params;
        this.variadic = variadic;
        this.body = body;
        this.origin = origin;
        this.line = line;
        this.col = col;
        this.builtin = builtin;
    }

    /** Same definition in the sense of C11 6.10.3p2 (redefinition without a warning). */
    boolean sameAs(Macro o) {
        if (function != o.function || variadic != o.variadic || body.length != o.body.length
                || !java.util.Arrays.equals(params, o.params)) {
            return false;
        }
        for (int i = 0; i < body.length; i++) {
            if (!body[i].text.equals(o.body[i].text) || (i > 0 && body[i].prevWhite != o.body[i].prevWhite)) {
                return false;
            }
        }
        return true;
    }
}
