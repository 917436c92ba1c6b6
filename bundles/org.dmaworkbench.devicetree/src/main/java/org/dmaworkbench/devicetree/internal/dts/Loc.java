package org.dmaworkbench.devicetree.internal.dts;

import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.devicetree.internal.MappedText;
import org.dmaworkbench.devicetree.internal.Origin;

/**
 * A source location with the inclusion it belongs to (for "In file included from" lines). Locations taken
 * from preprocessed text are resolved through its position map only when asked for.
 */
public final class Loc {
    private MappedText text;
    private final int off;
    private Origin origin;
    private int line;
    private int col;

    public Loc(Origin origin, int line, int col) {
        this.origin = origin;
        this.line = line;
        this.col = col;
        this.off = -1;
    }

    Loc(MappedText text, int off) {
        this.text = text;
        this.off = off;
    }

    private void resolve() {
        if (text != null) {
            origin = text.origin(off);
            line = text.line(off);
            col = text.column(off);
            text = null;
        }
    }

    public Origin origin() {
        resolve();
        return origin;
    }

    public int line() {
        resolve();
        return line;
    }

    public int col() {
        resolve();
        return col;
    }

    public SourcePosition position() {
        resolve();
        return new SourcePosition(origin == null ? "<input>" : origin.name, line, col);
    }
}
