package org.dmaworkbench.devicetree.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.DtProperty;
import org.dmaworkbench.devicetree.SourcePosition;

/**
 * The final tree printed the way {@code dtc -O dts} prints it (dtc 1.6.1 treesource.c, write_tree_source_node() and
 * write_propval()): labels, every value piece as it was written ({@link DtProperty#chunks()}), a blank line before
 * each child node. With origins, each node line ends with {@code /* FILE:LINE, … *}{@code /} for every block that
 * defined it and each property with the place its value came from, as {@code dtc -T} annotates (file names as the
 * given function shortens them).
 */
public final class CompiledSource {

    /** The text and, per line (0-based), the source position the line came from (null for none). */
    public record Printed(String text, List<SourcePosition> lineOrigins, List<String> linePaths) {
    }

    private final StringBuilder sb = new StringBuilder(64 * 1024);
    private final List<SourcePosition> origins = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private final boolean annotate;
    private final Function<String, String> fileName;
    /** Print phandle references as {@code &label} (as dtc 1.7 does) rather than their cell. */
    private boolean references;

    private CompiledSource(boolean annotate, Function<String, String> fileName) {
        this.annotate = annotate;
        this.fileName = fileName;
    }

    /**
     * {@code " = VALUE"} (empty for an empty property) as dtc 1.6.1 writes a value, or with references written as
     * {@code &label} / {@code &{/path}} in place of their phandle cells when {@code references} (easier to read).
     */
    public static String value(DtProperty p, boolean references) {
        CompiledSource c = new CompiledSource(false, f -> f);
        c.references = references;
        c.value(p);
        c.sb.setLength(c.sb.length() - 1); // the ';'
        return c.sb.toString();
    }

    /** The tree as dtc -O dts prints it, without annotations. */
    public static String print(DeviceTree tree) {
        return print(tree, false, f -> f).text();
    }

    public static Printed print(DeviceTree tree, boolean origins, Function<String, String> fileName) {
        CompiledSource c = new CompiledSource(origins, fileName);
        c.sb.append("/dts-v1/;\n");
        c.line(null, null);
        c.sb.append('\n');
        c.line(null, null);
        for (long[] r : tree.memReserve()) {
            c.sb.append(String.format("/memreserve/\t0x%016x 0x%016x;%n", r[0], r[1]));
            c.line(null, null);
        }
        c.node(tree.root(), 0);
        return new Printed(c.sb.toString(), java.util.Collections.unmodifiableList(c.origins),
                java.util.Collections.unmodifiableList(c.paths));
    }

    private void line(SourcePosition origin, String path) {
        origins.add(origin);
        paths.add(path);
    }

    private void node(DtNode n, int level) {
        for (String l : n.labels()) {
            sb.append(l).append(": ");
        }
        sb.append(n.name().isEmpty() ? "/" : n.name()).append(" {");
        if (annotate && !n.definitions().isEmpty()) {
            sb.append(" /* ");
            for (int i = 0; i < n.definitions().size(); i++) {
                SourcePosition p = n.definitions().get(i);
                sb.append(i == 0 ? "" : ", ").append(fileName.apply(p.file())).append(':').append(p.line());
            }
            sb.append(" */");
        }
        sb.append('\n');
        line(n.position(), n.path());
        for (DtProperty p : n.properties()) {
            tabs(level + 1);
            for (String l : p.labels()) {
                sb.append(l).append(": ");
            }
            sb.append(p.name());
            value(p);
            if (annotate && p.position() != null && !p.name().equals("phandle")) {
                sb.append(" /* ").append(fileName.apply(p.position().file())).append(':').append(p.position().line())
                        .append(" */");
            }
            sb.append('\n');
            line(p.position(), n.path());
        }
        for (DtNode c : n.children()) {
            sb.append('\n');
            line(null, null);
            tabs(level + 1);
            node(c, level + 1);
        }
        tabs(level);
        sb.append("};\n");
        line(null, n.path());
    }

    private void tabs(int n) {
        for (int i = 0; i < n; i++) {
            sb.append('\t');
        }
    }

    /** One of dtc's value markers: a type marker (a chunk) or a reference. */
    private record Mark(DtProperty.ChunkKind type, int offset) {
    }

    /**
     * write_propval() of dtc 1.6.1: " =", then for each marker in order a type marker opens its piece (" <", " [", " "
     * for a string), a reference at a non-zero offset adds a space, and each marker prints the bytes up to the next
     * one; a piece closes (">", "]") where the next type marker starts, with "," unless the value ends there.
     */
    private void value(DtProperty p) {
        byte[] v = p.value();
        if (v.length == 0) {
            sb.append(';');
            return;
        }
        sb.append(" =");
        List<DtProperty.Chunk> chunks = p.chunks();
        if (chunks.isEmpty()) {
            chunks = guess(v);
        }
        List<Mark> marks = new ArrayList<>();
        int r = 0;
        List<DtProperty.Reference> refs = p.references();
        for (DtProperty.Chunk c : chunks) {
            while (r < refs.size() && refs.get(r).offset() < c.offset()) {
                marks.add(new Mark(null, refs.get(r++).offset()));
            }
            marks.add(new Mark(c.kind(), c.offset()));
        }
        while (r < refs.size()) {
            marks.add(new Mark(null, refs.get(r++).offset()));
        }
        DtProperty.ChunkKind emit = null;
        for (int i = 0; i < marks.size(); i++) {
            Mark m = marks.get(i);
            int next = i + 1 < marks.size() ? marks.get(i + 1).offset() : v.length;
            int chunkLen = next - m.offset();
            int nextType = -1;
            for (int k = i + 1; k < marks.size(); k++) {
                if (marks.get(k).type() != null) {
                    nextType = marks.get(k).offset();
                    break;
                }
            }
            int dataLen = nextType > m.offset() ? nextType - m.offset() : v.length - m.offset();
            if (m.type() != null) {
                emit = m.type();
                sb.append(' ').append(switch (emit) {
                    case BYTES -> "[";
                    case CELLS_16 -> "/bits/ 16 <";
                    case CELLS_32 -> "<";
                    case CELLS_64 -> "/bits/ 64 <";
                    case STRING -> "";
                });
            } else if (m.offset() != 0 && !(references && emit != null && sb.charAt(sb.length() - 1) == '<')) {
                // dtc 1.6.1's space before a reference not at the value's start, even right after '<'
                sb.append(' ');
            }
            if (emit == null) {
                continue;
            }
            DtProperty.Reference ref = m.type() == null ? refAt(p, m.offset()) : null;
            switch (emit) {
                case BYTES -> ints(v, m.offset(), chunkLen, 1);
                case CELLS_16 -> ints(v, m.offset(), chunkLen, 2);
                case CELLS_32 -> {
                    if (references && ref != null && !ref.path() && chunkLen >= 4) {
                        sb.append(ref.target().startsWith("/") ? "&{" + ref.target() + "}" : "&" + ref.target());
                        if (chunkLen > 4) {
                            sb.append(' ');
                        }
                        ints(v, m.offset() + 4, chunkLen - 4, 4);
                    } else {
                        ints(v, m.offset(), chunkLen, 4);
                    }
                }
                case CELLS_64 -> ints(v, m.offset(), chunkLen, 8);
                case STRING -> string(v, m.offset(), chunkLen);
                default -> {
                }
            }
            if (chunkLen == dataLen) {
                String close = switch (emit) {
                    case BYTES -> "]";
                    case STRING -> "";
                    default -> ">";
                };
                sb.append(close).append(m.offset() + chunkLen == v.length ? "" : ",");
                emit = null;
            }
        }
        sb.append(';');
    }

    private static DtProperty.Reference refAt(DtProperty p, int offset) {
        for (DtProperty.Reference r : p.references()) {
            if (r.offset() == offset) {
                return r;
            }
        }
        return null;
    }

    /** write_propval_int(): items of {@code width} bytes, space separated (bytes as two hex digits, else 0x..). */
    private void ints(byte[] v, int off, int len, int width) {
        for (int k = 0; k + width <= len; k += width) {
            long x = 0;
            for (int b = 0; b < width; b++) {
                x = x << 8 | (v[off + k + b] & 0xff);
            }
            String h = Long.toHexString(x);
            if (width > 1) {
                sb.append("0x");
            }
            sb.append(h.length() < 2 ? "0" : "").append(h);
            if (k + width < len) {
                sb.append(' ');
            }
        }
    }

    /** write_propval_string(): one NUL-terminated string of the value. */
    private void string(byte[] v, int off, int len) {
        if (len == 0) {
            return;
        }
        sb.append('"');
        for (int i = off; i < off + len - 1; i++) {
            int c = v[i] & 0xff;
            switch (c) {
                case 7 -> sb.append("\\a");
                case 8 -> sb.append("\\b");
                case 9 -> sb.append("\\t");
                case 10 -> sb.append("\\n");
                case 11 -> sb.append("\\v");
                case 12 -> sb.append("\\f");
                case 13 -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case 0 -> sb.append("\\0");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        sb.append('"');
    }

    /** guess_value_type() for values without type markers: strings split at NULs, else cells, else bytes. */
    private static List<DtProperty.Chunk> guess(byte[] v) {
        List<DtProperty.Chunk> out = new ArrayList<>();
        if (Values.looksLikeStrings(v)) {
            int start = 0;
            for (int i = 0; i < v.length; i++) {
                if (v[i] == 0) {
                    out.add(new DtProperty.Chunk(DtProperty.ChunkKind.STRING, start, i + 1 - start));
                    start = i + 1;
                }
            }
        } else if (v.length % 4 == 0) {
            out.add(new DtProperty.Chunk(DtProperty.ChunkKind.CELLS_32, 0, v.length));
        } else {
            out.add(new DtProperty.Chunk(DtProperty.ChunkKind.BYTES, 0, v.length));
        }
        return out;
    }
}
