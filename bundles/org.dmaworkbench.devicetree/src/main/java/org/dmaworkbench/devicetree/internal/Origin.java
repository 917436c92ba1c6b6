package org.dmaworkbench.devicetree.internal;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.SourcePosition;

/** One inclusion of a file: its name and the #include (file, line) that brought it in. */
public final class Origin {
    public final String name;
    public final Origin parent;
    public final int includeLine;
    public final int depth;

    public Origin(String name, Origin parent, int includeLine) {
        this.name = name;
        this.parent = parent;
        this.includeLine = includeLine;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    /** "In file included from" chain, innermost first. */
    public List<SourcePosition> chain() {
        List<SourcePosition> l = new ArrayList<>();
        for (Origin o = this; o.parent != null; o = o.parent) {
            l.add(new SourcePosition(o.parent.name, o.includeLine, 0));
        }
        return l;
    }
}
