package org.dmaworkbench.emulation.export;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A small streaming JSON writer (RFC 8259) with two-space indentation, for the machine-readable reports. Callers
 * pair {@link #beginObject()}/{@link #endObject()} and {@link #beginArray()}/{@link #endArray()}; inside an
 * object every value is preceded by {@link #name(String)}.
 */
public final class JsonWriter {
    private final Appendable out;
    /** Per nesting level: has a value been written at this level yet. */
    private final boolean[] nonEmpty = new boolean[64];
    private int depth;
    private boolean afterName;

    public JsonWriter(Appendable out) {
        this.out = out;
    }

    private void raw(String s) {
        try {
            out.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            raw(nonEmpty[depth] ? ",\n" : "\n");
            indent();
        }
        nonEmpty[depth] = true;
    }

    private void indent() {
        for (int i = 0; i < depth; i++) {
            raw("  ");
        }
    }

    public JsonWriter name(String name) {
        beforeValue();
        string0(name);
        raw(": ");
        afterName = true;
        return this;
    }

    public JsonWriter beginObject() {
        return open("{");
    }

    public JsonWriter endObject() {
        return close("}");
    }

    public JsonWriter beginArray() {
        return open("[");
    }

    public JsonWriter endArray() {
        return close("]");
    }

    private JsonWriter open(String bracket) {
        beforeValue();
        raw(bracket);
        depth++;
        nonEmpty[depth] = false;
        return this;
    }

    private JsonWriter close(String bracket) {
        boolean had = nonEmpty[depth];
        depth--;
        if (had) {
            raw("\n");
            indent();
        }
        raw(bracket);
        if (depth == 0) {
            raw("\n");
        }
        return this;
    }

    public JsonWriter value(String s) {
        beforeValue();
        if (s == null) {
            raw("null");
        } else {
            string0(s);
        }
        return this;
    }

    public JsonWriter value(long n) {
        beforeValue();
        raw(Long.toString(n));
        return this;
    }

    /** NaN and infinities, which JSON cannot hold, are written as null. */
    public JsonWriter value(double d) {
        beforeValue();
        raw(Double.isFinite(d) ? Double.toString(d) : "null");
        return this;
    }

    public JsonWriter value(boolean b) {
        beforeValue();
        raw(Boolean.toString(b));
        return this;
    }

    private void string0(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        raw(b.append('"').toString());
    }
}
