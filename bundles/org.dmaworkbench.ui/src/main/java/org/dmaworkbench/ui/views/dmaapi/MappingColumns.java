package org.dmaworkbench.ui.views.dmaapi;

import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.emulation.live.MappingColumn;
import org.dmaworkbench.kernel.trace.DmaTraceEvents;
import org.eclipse.swt.SWT;

/** The DMA-API view's mapping columns: title, what they sort by, default width, and the text of a mapping. */
public enum MappingColumns {
    ID(Messages.Col_id, MappingColumn.ID, 60, SWT.RIGHT, false),
    DEVICE(Messages.Col_device, MappingColumn.DEVICE, 185, SWT.LEFT, true),
    DRIVER(Messages.Col_driver, MappingColumn.DRIVER, 80, SWT.LEFT, true),
    TYPE(Messages.Col_type, MappingColumn.TYPE, 100, SWT.LEFT, true),
    CPU(Messages.Col_cpu, MappingColumn.CPU_PHYS, 110, SWT.LEFT, true),
    DMA(Messages.Col_dma, MappingColumn.DMA_ADDR, 105, SWT.LEFT, true),
    SIZE(Messages.Col_size, MappingColumn.SIZE, 60, SWT.RIGHT, true),
    DIRECTION(Messages.Col_direction, MappingColumn.DIRECTION, 115, SWT.LEFT, true),
    ATTRS(Messages.Col_attrs, MappingColumn.ATTRS, 55, SWT.LEFT, true),
    MAP_ERR(Messages.Col_mapErr, MappingColumn.MAP_ERR, 90, SWT.LEFT, true),
    MAPPED(Messages.Col_mapped, MappingColumn.MAP_TIME, 110, SWT.RIGHT, true),
    AGE(Messages.Col_age, MappingColumn.MAP_TIME, 80, SWT.RIGHT, true),
    UNMAPPED(Messages.Col_unmapped, MappingColumn.UNMAP_TIME, 105, SWT.RIGHT, false),
    CALL_SITE(Messages.Col_callSite, MappingColumn.CALL_SITE, 250, SWT.LEFT, true);

    final String title;
    /** what a click on the header sorts by; AGE sorts by map time, newest first */
    final MappingColumn sort;
    final int width;
    final int align;
    final boolean visibleByDefault;

    MappingColumns(String title, MappingColumn sort, int width, int align, boolean visible) {
        this.title = title;
        this.sort = sort;
        this.width = width;
        this.align = align;
        this.visibleByDefault = visible;
    }

    /**
     * The text of mapping {@code m}; {@code nowNs} is the time ages count to (the snapshot's, or the "live at" time),
     * {@code callSite} its innermost driver frame.
     */
    String text(Mapping m, long nowNs, String callSite) {
        return switch (this) {
        case ID -> Long.toString(m.id());
        case DEVICE -> m.device();
        case DRIVER -> m.driver();
        case TYPE -> m.typeName();
        case CPU -> Formats.hex(m.cpuPhys());
        case DMA -> Formats.hex(m.dmaAddr());
        case SIZE -> Long.toString(m.size());
        case DIRECTION -> DmaTraceEvents.decodeDirection(m.direction());
        case ATTRS -> DmaTraceEvents.decodeAttrs(m.attrs());
        case MAP_ERR -> Formats.mapErr(m.mapErr());
        case MAPPED -> Formats.time(m.mapTimeNs());
        case AGE -> m.mapTimeNs() == Mapping.UNKNOWN_TIME ? ""
                : Formats.duration((m.isLive() || m.unmapTimeNs() > nowNs ? nowNs : m.unmapTimeNs()) - m.mapTimeNs());
        case UNMAPPED -> m.isLive() ? Messages.Unmapped_live : Formats.time(m.unmapTimeNs());
        case CALL_SITE -> callSite;
        };
    }
}
