package org.dmaworkbench.devicetree.internal.pp;

import java.util.List;

import org.dmaworkbench.devicetree.internal.Origin;
import org.dmaworkbench.devicetree.internal.Reporter;

/**
 * Evaluates a macro-expanded #if / #elif expression with C semantics (C11 6.10.1): intmax_t / uintmax_t
 * arithmetic, remaining identifiers are 0, the usual precedence including ?: and the comma operator.
 */
final class CondExpr {
    private final List<PpToken> toks;
    private final Reporter rep;
    private final Origin origin;
    private int pos;
    private boolean failed;
    /** Whether the value last returned is unsigned. */
    private boolean uns;
    /** Inside an operand that is not evaluated (libcpp's skip_eval): no division-by-zero error there. */
    private int skipEval;

    CondExpr(List<PpToken> toks, Reporter rep, Origin origin) {
        this.toks = toks;
        this.rep = rep;
        this.origin = origin;
    }

    long evaluate() {
        long v = comma();
        if (!failed && pos < toks.size()) {
            PpToken t = toks.get(pos);
            fail(t, t.is(")") ? "missing '(' in expression" : "missing binary operator before token \"" + t.text
                    + "\"");
        }
        return failed ? 0 : v;
    }

    private void fail(PpToken t, String msg) {
        if (!failed) {
            failed = true;
            PpToken at = t != null ? t : toks.get(toks.size() - 1);
            rep.error(at.origin != null ? at.origin : origin, at.line, at.col, msg);
        }
    }

    private PpToken peek() {
        return pos < toks.size() ? toks.get(pos) : null;
    }

    private boolean accept(String p) {
        PpToken t = peek();
        if (t != null && t.is(p)) {
            pos++;
            return true;
        }
        return false;
    }

    private long comma() {
        long v = cond();
        while (!failed && accept(",")) {
            v = cond();
        }
        return v;
    }

    private long cond() {
        long c = binary(0);
        if (!failed && accept("?")) {
            skipEval += c == 0 ? 1 : 0;
            long a = comma();
            skipEval -= c == 0 ? 1 : 0;
            boolean ua = uns;
            if (!accept(":")) {
                fail(peek(), "'?' without following ':'");
                return 0;
            }
            skipEval += c != 0 ? 1 : 0;
            long b = cond();
            skipEval -= c != 0 ? 1 : 0;
            uns = ua || uns;
            return c != 0 ? a : b;
        }
        return c;
    }

    private static final String[][] LEVELS = {
        {"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<", ">", "<=", ">="}, {"<<", ">>"}, {"+", "-"},
        {"*", "/", "%"}};

    private long binary(int level) {
        if (level == LEVELS.length) {
            return unary();
        }
        long a = binary(level + 1);
        boolean ua = uns;
        while (!failed) {
            PpToken t = peek();
            String op = null;
            if (t != null && t.type == PpToken.PUNCT) {
                for (String o : LEVELS[level]) {
                    if (t.text.equals(o)) {
                        op = o;
                    }
                }
            }
            if (op == null) {
                break;
            }
            pos++;
            int skip = (op.equals("&&") && a == 0) || (op.equals("||") && a != 0) ? 1 : 0;
            skipEval += skip;
            long b = binary(level + 1);
            skipEval -= skip;
            boolean ub = uns;
            boolean u = ua || ub;
            switch (op) {
                case "||": a = (a != 0 || b != 0) ? 1 : 0; u = false; break;
                case "&&": a = (a != 0 && b != 0) ? 1 : 0; u = false; break;
                case "|": a = a | b; break;
                case "^": a = a ^ b; break;
                case "&": a = a & b; break;
                case "==": a = a == b ? 1 : 0; u = false; break;
                case "!=": a = a != b ? 1 : 0; u = false; break;
                case "<": a = (u ? Long.compareUnsigned(a, b) < 0 : a < b) ? 1 : 0; u = false; break;
                case ">": a = (u ? Long.compareUnsigned(a, b) > 0 : a > b) ? 1 : 0; u = false; break;
                case "<=": a = (u ? Long.compareUnsigned(a, b) <= 0 : a <= b) ? 1 : 0; u = false; break;
                case ">=": a = (u ? Long.compareUnsigned(a, b) >= 0 : a >= b) ? 1 : 0; u = false; break;
                case "<<":
                case ">>":
                    a = shift(a, ua, b, ub, op.equals("<<"));
                    u = ua;
                    break;
                case "+": a = a + b; break;
                case "-": a = a - b; break;
                case "*": a = a * b; break;
                case "/":
                case "%":
                    if (b == 0) {
                        if (skipEval == 0) {
                            fail(t, "division by zero in #if");
                            return 0;
                        }
                        a = 0;
                        break;
                    }
                    if (op.equals("/")) {
                        a = u ? Long.divideUnsigned(a, b) : a / b;
                    } else {
                        a = u ? Long.remainderUnsigned(a, b) : a % b;
                    }
                    break;
                default:
                    break;
            }
            ua = u;
        }
        uns = ua;
        return a;
    }

    /**
     * libcpp's num_binary_op() for shifts: a signed negative count shifts the other way, a count of 64 or more
     * leaves 0 (or -1 for a negative signed value shifted right); the result has the left operand's type.
     */
    private static long shift(long a, boolean ua, long b, boolean ub, boolean left) {
        if (!ub && b < 0) {
            left = !left;
            b = -b;
        }
        boolean out = Long.compareUnsigned(b, 64) >= 0;
        if (left) {
            return out ? 0 : a << b;
        }
        if (out) {
            return ua || a >= 0 ? 0 : -1;
        }
        return ua ? a >>> b : a >> b;
    }

    private long unary() {
        PpToken t = peek();
        if (t == null) {
            fail(null, "#if with no expression");
            return 0;
        }
        pos++;
        if (t.is("-")) {
            long v = unary();
            return -v;
        }
        if (t.is("+")) {
            return unary();
        }
        if (t.is("~")) {
            return ~unary();
        }
        if (t.is("!")) {
            long v = unary();
            uns = false;
            return v == 0 ? 1 : 0;
        }
        if (t.is("(")) {
            long v = comma();
            if (!accept(")")) {
                fail(peek(), "missing ')' in expression");
            }
            return v;
        }
        uns = false;
        if (t.type == PpToken.NUMBER) {
            return number(t);
        }
        if (t.type == PpToken.IDENT) {
            return 0;
        }
        if (t.type == PpToken.CHAR) {
            String s = t.text.substring(1, t.text.length() - 1);
            if (s.startsWith("\\") && s.length() > 1) {
                char e = s.charAt(1);
                switch (e) {
                    case 'n': return '\n';
                    case 't': return '\t';
                    case 'r': return '\r';
                    case '0': return 0;
                    default: return e;
                }
            }
            return s.isEmpty() ? 0 : s.charAt(0);
        }
        fail(t, "token \"" + t.text + "\" is not valid in preprocessor expressions");
        return 0;
    }

    private long number(PpToken t) {
        String s = t.text;
        int end = s.length();
        boolean u = false;
        while (end > 0) {
            char c = Character.toLowerCase(s.charAt(end - 1));
            if (c == 'u') {
                u = true;
                end--;
            } else if (c == 'l') {
                end--;
            } else {
                break;
            }
        }
        String digits = s.substring(0, end);
        int radix = 10;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.startsWith("0b") || digits.startsWith("0B")) {
            radix = 2;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            digits = digits.substring(1);
        }
        try {
            long v = Long.parseUnsignedLong(digits, radix);
            uns = u || v < 0;
            return v;
        } catch (NumberFormatException e) {
            fail(t, "invalid integer constant \"" + s + "\" in #if");
            return 0;
        }
    }
}
