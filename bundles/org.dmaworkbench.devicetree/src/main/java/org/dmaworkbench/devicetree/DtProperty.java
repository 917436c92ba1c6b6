package org.dmaworkbench.devicetree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One property of a compiled device tree: its name, raw big-endian value and source position. */
public final class DtProperty {
    private final String name;
    private final byte[] value;
    private final List<String> labels;
    private final SourcePosition position;
    /** {type, offset, …} triples as the parser wrote them (LiveProp.TYPE_*); empty when unknown. */
    int[] chunks = new int[0];

    /** How a piece of the value was written: dtc's type markers. */
    public enum ChunkKind {
        /** {@code [01 02]} or {@code /bits/ 8 <…>} */
        BYTES,
        /** {@code /bits/ 16 <…>} */
        CELLS_16,
        /** {@code <…>} */
        CELLS_32,
        /** {@code /bits/ 64 <…>} */
        CELLS_64,
        /** a {@code "…"} string, or a {@code &label} written as a value (its path) */
        STRING
    }

    /** One piece of the value: {@code length} bytes at {@code offset} written as {@code kind}. */
    public record Chunk(ChunkKind kind, int offset, int length) {
    }

    /**
     * A reference the source wrote in the value: {@code &label} or {@code &{/path}} in cells (a phandle cell at
     * {@code offset}), or as a value of its own ({@code path}: the node's path string starts at {@code offset}).
     */
    public record Reference(int offset, String target, boolean path) {
    }

    /** Set by the compiler. */
    List<Reference> references = List.of();

    public DtProperty(String name, byte[] value, List<String> labels, SourcePosition position) {
        this.name = name;
        this.value = value.clone();
        this.labels = List.copyOf(labels);
        this.position = position;
    }

    public String name() {
        return name;
    }

    /** A copy of the value bytes as they go into the DTB. */
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    byte[] rawValue() {
        return value;
    }

    public List<String> labels() {
        return labels;
    }

    /** The value as big-endian 32-bit cells. @throws IllegalStateException if the length is not a multiple of 4 */
    public int[] cells() {
        if ((value.length & 3) != 0) {
            throw new IllegalStateException("property " + name + " is " + value.length
                    + " bytes long, not a whole number of cells");
        }
        int[] c = new int[value.length / 4];
        for (int i = 0; i < c.length; i++) {
            c[i] = cell(value, i * 4);
        }
        return c;
    }

    static int cell(byte[] v, int off) {
        return (v[off] & 0xff) << 24 | (v[off + 1] & 0xff) << 16 | (v[off + 2] & 0xff) << 8 | (v[off + 3] & 0xff);
    }

    /** The first NUL-terminated string of the value (the whole value when there is no NUL). */
    public String string() {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** The value split at NUL bytes, as for compatible = "a", "b". Empty for an empty value. */
    public List<String> strings() {
        if (value.length == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length; i++) {
            if (value[i] == 0) {
                out.add(new String(value, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        if (start < value.length) {
            out.add(new String(value, start, value.length - start, StandardCharsets.ISO_8859_1));
        }
        return Collections.unmodifiableList(out);
    }

    public SourcePosition position() {
        return position;
    }

    /** The references written in the value, in order (empty for values the compiler made). */
    public List<Reference> references() {
        return references;
    }

    /**
     * The pieces of the value as the source wrote them, in order ({@code <0 1>, "s"} is a CELLS_32 chunk of 8 bytes
     * and a STRING chunk of 2), as dtc -O dts prints them; empty when the compiler made the value (phandle, fixups
     * and symbols) or the source gave no type (/incbin/).
     */
    public List<Chunk> chunks() {
        if (chunks.length == 0) {
            return List.of();
        }
        ChunkKind[] kinds = ChunkKind.values();
        List<Chunk> out = new ArrayList<>(chunks.length / 3);
        for (int i = 0; i + 2 < chunks.length; i += 3) {
            int off = chunks[i + 1];
            int end = i + 4 < chunks.length ? chunks[i + 4] : value.length;
            out.add(new Chunk(kinds[chunks[i] - 1], off, Math.max(0, end - off)));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return name + " (" + value.length + " bytes)";
    }
}
