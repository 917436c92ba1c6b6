package org.dmaworkbench.devicetree.internal.dts;

import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.devicetree.internal.Origin;

/** A source location with the inclusion it belongs to (for "In file included from" lines). */
public record Loc(Origin origin, int line, int col) {
    public SourcePosition position() {
        return new SourcePosition(origin == null ? "<input>" : origin.name, line, col);
    }
}
