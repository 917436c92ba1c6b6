package org.dmaworkbench.devicetree.ui.internal.search;

import org.dmaworkbench.devicetree.lang.Location;

/** One line of the Search view: where a label or node is referenced or defined, and the line's text. */
public record Reference(Location location, String lineText, boolean definition) {
    /** "r8a77951.dtsi:693" */
    public String where() {
        return location.file().getFileName() + ":" + location.line();
    }
}
