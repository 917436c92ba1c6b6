package org.dmaworkbench.emulation.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.dmaworkbench.emulation.live.CallSites;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.kernel.trace.DmaTraceEvents;

/**
 * Mappings as text: one line of {@code /sys/kernel/debug/dma-api/dump} each (what the DMA-API view copies, and what
 * {@code dmawb replay --dump} and the capture import read back), or CSV with every column.
 * <p>
 * The dump line is dump_show()'s of kernel/dma/debug.c (Linux 6.12),
 * {@code "%s %s %s idx %d P=%pa D=%llx L=%llx cln=%pa %s %s\n"}: driver, device, type, {@code hash_fn(dev_addr)}
 * = {@code (dev_addr >> 13) & (HASH_SIZE - 1)} with HASH_SIZE 16384, the CPU physical address as {@code %pa}
 * ({@code 0x} and 16 digits), DMA address and size in bare hexadecimal, the cacheline number
 * {@code to_cacheline_number()} with L1_CACHE_SHIFT 6 and PAGE_SHIFT 12, the direction and the map-error state.
 * The driver is the one bound when the mapping was made.
 */
public final class MappingExport {
    private static final int HASH_SIZE = 16384;
    private static final int HASH_FN_SHIFT = 13;
    private static final int PAGE_SHIFT = 12;
    private static final int L1_CACHE_SHIFT = 6;

    /** The CSV header line (without the line end). */
    public static final String CSV_HEADER = "id,device,driver,type,cpu_phys,dma_addr,size,direction,attrs,map_error,"
            + "mapped_at_ns,unmapped_at_ns,call_site,leaked";

    private MappingExport() {
    }

    /** {@code hash_fn()}: the dump's {@code idx}. */
    public static int hashIndex(long dmaAddr) {
        return (int) (dmaAddr >>> HASH_FN_SHIFT) & (HASH_SIZE - 1);
    }

    /** {@code to_cacheline_number()}. */
    public static long cachelineNumber(long paddr) {
        return ((paddr >>> PAGE_SHIFT) << (PAGE_SHIFT - L1_CACHE_SHIFT))
                + ((paddr & ((1L << PAGE_SHIFT) - 1)) >>> L1_CACHE_SHIFT);
    }

    /** One dump line, without the line end. */
    public static String dumpLine(Mapping m) {
        return m.driver() + " " + m.device() + " " + m.typeName() + " idx " + hashIndex(m.dmaAddr()) + " P="
                + pa(m.cpuPhys()) + " D=" + Long.toHexString(m.dmaAddr()) + " L=" + Long.toHexString(m.size())
                + " cln=" + pa(cachelineNumber(m.cpuPhys())) + " " + m.directionName() + " " + m.mapErr().kernelText();
    }

    /** {@code %pa}: 0x and 16 hexadecimal digits. */
    static String pa(long v) {
        String h = Long.toHexString(v);
        return "0x" + "0000000000000000".substring(h.length()) + h;
    }

    /**
     * Writes {@code mappings} as the dump file lists them: by hash bucket, then in the order they were made
     * (the bucket lists' insertion order).
     */
    public static void writeDump(List<Mapping> mappings, Appendable out) throws IOException {
        List<Mapping> sorted = new ArrayList<>(mappings);
        sorted.sort(Comparator.comparingInt((Mapping m) -> hashIndex(m.dmaAddr())).thenComparingLong(Mapping::id));
        for (Mapping m : sorted) {
            out.append(dumpLine(m)).append('\n');
        }
    }

    /** One CSV record (RFC 4180 quoting), without the line end. */
    public static String csvLine(Mapping m, boolean leaked) {
        return m.id() + "," + csv(m.device()) + "," + csv(m.driver()) + "," + csv(m.typeName()) + ",0x"
                + Long.toHexString(m.cpuPhys()) + ",0x" + Long.toHexString(m.dmaAddr()) + "," + m.size() + ","
                + m.directionName() + "," + csv(DmaTraceEvents.decodeAttrs(m.attrs())) + "," + csv(m.mapErr().kernelText())
                + "," + (m.mapTimeNs() == Mapping.UNKNOWN_TIME ? "" : Long.toString(m.mapTimeNs())) + ","
                + (m.isLive() ? "" : Long.toString(m.unmapTimeNs())) + "," + csv(CallSites.of(m.stack())) + ","
                + leaked;
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
