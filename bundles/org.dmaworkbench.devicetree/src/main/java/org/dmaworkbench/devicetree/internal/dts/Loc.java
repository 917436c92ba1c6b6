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

    private LineMark mark;

    /**
     * A line marker ("# LINE "FILE"") in preprocessed text: from offset start on, up to limit (where the text
     * of that file inclusion ends, as cpp would write its next marker there), positions are FILE's, the marker's
     * own line being LINE - 1, as in dtc's srcpos_set_line().
     */
    record LineMark(int start, int srcLine, int limit, Origin origin, int line) {
    }

    Loc(MappedText text, int off, LineMark mark) {
        this.text = text;
        this.off = off;
        this.mark = mark;
    }

    private void resolve() {
        if (text != null) {
            origin = text.origin(off);
            line = text.line(off);
            col = text.column(off);
            if (mark != null && off >= mark.start && off < mark.limit) {
                line = mark.line + (line - mark.srcLine);
                origin = mark.origin;
            }
            text = null;
            mark = null;
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
