package org.dmaworkbench.emulation.replay;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;

/**
 * Reads {@code /sys/kernel/debug/dma-api/dump}: one line per live dma-debug entry as dump_show() of
 * kernel/dma/debug.c (Linux 6.12) prints it, {@code "%s %s %s idx %d P=%pa D=%llx L=%llx cln=%pa %s %s\n"} with
 * the driver string, device name, type2name[], hash index, paddr, dev_addr, size, cacheline, dir2name[] and
 * maperr2str[]. Malformed lines become {@link Diagnostic}s and are skipped.
 */
public final class DmaApiDump {
    static final String[] TYPES = { "single", "scatter-gather", "coherent", "resource", "noncoherent" };
    static final String[] DIRS = { "DMA_BIDIRECTIONAL", "DMA_TO_DEVICE", "DMA_FROM_DEVICE", "DMA_NONE" };
    static final String[] MAPERRS = { "dma map error check not applicable", "dma map error not checked",
            "dma map error checked" };

    private DmaApiDump() {
    }

    /**
     * What {@code debug}'s dump file would list, read from its entries (no text round trip), in dump order; empty
     * under 4.9, which has no dump file. The index is {@code hash_fn(dev_addr)}: {@code (dev_addr >> 13) &
     * (HASH_SIZE - 1)} with HASH_SIZE 16384 (kernel/dma/debug.c).
     */
    public static List<LiveMapping> entries(DmaDebug debug) {
        if (!debug.hasDumpFile()) {
            return List.of();
        }
        List<LiveMapping> out = new ArrayList<>(debug.liveEntries());
        debug.forEachEntry(e -> {
            Device d = debug.entryDevice(e);
            long dma = debug.entryDevAddr(e);
            out.add(new LiveMapping(d.driverName(), d.name(), debug.entryTypeName(e), (int) (dma >>> 13) & (16384 - 1),
                    debug.entryPaddr(e), dma, debug.entrySize(e), debug.entryDirection(e).kernelName(),
                    debug.entryMapErr(e).kernelText()));
        });
        return out;
    }

    /** Parses a dump; problems are added to {@code diagnostics} as "FILE:LINE:COL: warning: ...". */
    public static List<LiveMapping> read(Reader in, String file, List<Diagnostic> diagnostics) throws IOException {
        return read(in, file, diagnostics, null);
    }

    /** As {@link #read(Reader, String, List)}, adding each entry's line number to {@code lines} when not null. */
    static List<LiveMapping> read(Reader in, String file, List<Diagnostic> diagnostics, List<Integer> lines)
            throws IOException {
        List<LiveMapping> out = new ArrayList<>();
        LineReader lr = new LineReader(in);
        PayloadCursor c = new PayloadCursor();
        while (lr.next()) {
            char[] b = lr.buffer();
            int s = lr.start();
            int e = lr.end();
            if (FtraceLineParser.skipSpaces(b, s, e) == e) {
                continue;
            }
            c.reset(b, s, e);
            try {
                out.add(parse(c));
                if (lines != null) {
                    lines.add(lr.lineNumber());
                }
            } catch (PayloadCursor.PayloadException ex) {
                diagnostics.add(new Diagnostic(file, lr.lineNumber(), ex.offset - s + 1,
                        "cannot parse dma-api dump line: " + ex.getMessage()));
            }
        }
        return out;
    }

    /** Parses one dump line. */
    public static LiveMapping parseLine(String line) {
        PayloadCursor c = new PayloadCursor();
        char[] b = line.toCharArray();
        c.reset(b, 0, b.length);
        try {
            return parse(c);
        } catch (PayloadCursor.PayloadException ex) {
            throw new IllegalArgumentException(ex.getMessage() + " at column " + (ex.offset + 1) + ": " + line);
        }
    }

    private static LiveMapping parse(PayloadCursor c) throws PayloadCursor.PayloadException {
        String driver = word(c, "driver name");
        String device = word(c, "device name");
        String type = oneOf(c, TYPES, "entry type");
        c.expect(" idx ");
        long idx = c.unsigned();
        c.expect(" P=0x");
        long phys = c.hex();
        c.expect(" D=");
        long dma = c.hex();
        c.expect(" L=");
        long size = c.hex();
        c.expect(" cln=0x");
        c.hex();
        c.expect(" ");
        String dir = oneOf(c, DIRS, "direction");
        c.expect(" ");
        String mapErr = oneOf(c, MAPERRS, "map error state");
        c.expectEnd();
        return new LiveMapping(driver, device, type, (int) idx, phys, dma, size, dir, mapErr);
    }

    private static String word(PayloadCursor c, String what) throws PayloadCursor.PayloadException {
        int s = c.p;
        int e = c.token();
        if (e == s) {
            throw c.error("expected the " + what);
        }
        String w = new String(c.b, s, e - s);
        c.expect(" ");
        return w;
    }

    private static String oneOf(PayloadCursor c, String[] names, String what) throws PayloadCursor.PayloadException {
        // longest first so that no name is taken for a prefix of another
        String best = null;
        for (String n : names) {
            if (FtraceLineParser.startsWith(c.b, c.p, c.e, n) && (best == null || n.length() > best.length())) {
                best = n;
            }
        }
        if (best == null) {
            throw c.error("unknown " + what);
        }
        c.p += best.length();
        return best;
    }
}
