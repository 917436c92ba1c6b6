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

    /**
     * The include cycle this inclusion closes, innermost last: "a.dtsi:2 -> b.dtsi:5 -> a.dtsi" when a.dtsi (line 2)
     * includes b.dtsi, which (line 5) includes a.dtsi again; null when no file is on the chain twice.
     */
    public String cycle() {
        List<Origin> chain = new ArrayList<>();
        for (Origin o = this; o != null; o = o.parent) {
            chain.add(0, o);
        }
        // the outermost repetition: where the loop began, as the user wrote it
        for (int i = 0; i < chain.size(); i++) {
            for (int j = i + 1; j < chain.size(); j++) {
                if (chain.get(j).name.equals(chain.get(i).name)) {
                    StringBuilder sb = new StringBuilder();
                    for (int k = i; k < j; k++) {
                        sb.append(chain.get(k).name).append(':').append(chain.get(k + 1).includeLine).append(" -> ");
                    }
                    return sb.append(chain.get(j).name).toString();
                }
            }
        }
        return null;
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
