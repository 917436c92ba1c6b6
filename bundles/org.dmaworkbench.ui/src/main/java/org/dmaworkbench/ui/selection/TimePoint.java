package org.dmaworkbench.ui.selection;

/**
 * A point of virtual time selected in a view (the transfer timeline's cursor, a typed "live at" time): the DMA-API
 * view shows what was live then.
 *
 * @param source the {@code LiveStateModel} whose time it is
 * @param timeNs virtual time in nanoseconds
 */
public record TimePoint(Object source, long timeNs) {
}
