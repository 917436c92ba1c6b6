package org.dmaworkbench.devicetree.internal.pp;

import org.dmaworkbench.devicetree.internal.Origin;

/**
 * A #define: object-like or function-like, with its replacement list in libcpp's form: "##" operators dropped and
 * their left operands flagged {@link PpToken#pasteLeft}, "# param" turned into one {@link PpToken#stringify} token.
 */
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
            PpToken a = body[i];
            PpToken b = o.body[i];
            if (!a.text.equals(b.text) || (i > 0 && a.prevWhite != b.prevWhite) || a.param != b.param
                    || a.pasteLeft != b.pasteLeft || a.stringify != b.stringify) {
                return false;
            }
        }
        return true;
    }
}
