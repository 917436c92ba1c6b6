package org.dmaworkbench.kernel.trace;

import org.dmaworkbench.kernel.device.Device;

/**
 * The {@code iommu:map}, {@code iommu:unmap} and {@code iommu:io_page_fault} events of
 * include/trace/events/iommu.h (Linux 6.12): static formatters with the exact {@code TP_printk} text and
 * instance emitters that check the event is enabled and emit it through a {@link Tracer}.
 */
public final class IommuTraceEvents {
    public static final String SYSTEM = "iommu";
    public static final String MAP = "map";
    public static final String UNMAP = "unmap";
    public static final String IO_PAGE_FAULT = "io_page_fault";

    private final Tracer tracer;

    public IommuTraceEvents(Tracer tracer) {
        this.tracer = tracer;
    }

    private static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0x" + "0000000000000000".substring(h.length()) + h;
    }

    /** iommu:map - "IOMMU: iova=0x%016llx - 0x%016llx paddr=0x%016llx size=%zu" */
    public static String formatMap(long iova, long paddr, long size) {
        return "IOMMU: iova=" + hex16(iova) + " - " + hex16(iova + size) + " paddr=" + hex16(paddr) + " size="
                + Long.toUnsignedString(size);
    }

    /** iommu:unmap - "IOMMU: iova=0x%016llx - 0x%016llx size=%zu unmapped_size=%zu" */
    public static String formatUnmap(long iova, long size, long unmappedSize) {
        return "IOMMU: iova=" + hex16(iova) + " - " + hex16(iova + size) + " size=" + Long.toUnsignedString(size)
                + " unmapped_size=" + Long.toUnsignedString(unmappedSize);
    }

    /** iommu:io_page_fault - "IOMMU:%s %s iova=0x%016llx flags=0x%04x" with driver then device name. */
    public static String formatIoPageFault(Device dev, long iova, int flags) {
        String f = Integer.toHexString(flags);
        if (f.length() < 4) {
            f = "0000".substring(f.length()) + f;
        }
        return "IOMMU:" + dev.driverName() + " " + dev.name() + " iova=" + hex16(iova) + " flags=0x" + f;
    }

    public void map(long iova, long paddr, long size) {
        if (tracer.isEnabled(SYSTEM, MAP)) {
            tracer.emit(SYSTEM, MAP, formatMap(iova, paddr, size));
        }
    }

    public void unmap(long iova, long size, long unmappedSize) {
        if (tracer.isEnabled(SYSTEM, UNMAP)) {
            tracer.emit(SYSTEM, UNMAP, formatUnmap(iova, size, unmappedSize));
        }
    }

    public void ioPageFault(Device dev, long iova, int flags) {
        if (tracer.isEnabled(SYSTEM, IO_PAGE_FAULT)) {
            tracer.emit(SYSTEM, IO_PAGE_FAULT, formatIoPageFault(dev, iova, flags));
        }
    }
}
