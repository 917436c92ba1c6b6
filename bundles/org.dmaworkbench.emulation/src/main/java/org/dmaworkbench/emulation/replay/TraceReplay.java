package org.dmaworkbench.emulation.replay;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dmaworkbench.emulation.live.LiveStateConfig;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaAttrs;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dma.debug.DmaDebug;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.dma.debug.FlatMemoryLayout;

/**
 * Replays a real capture: a {@code dma-api/dump} (optional, the starting state) and ftrace text captures of the
 * {@code dma:*} and {@code iommu:*} events of Linux 6.12, feeding each traced DMA-API call into a real
 * {@link DmaDebug} at the point kernel/dma/mapping.c calls the matching {@code debug_dma_*()} hook (right after
 * the {@code trace_dma_*()} call), so findings carry dma-debug's exact messages.
 * <p>
 * A trace does not show everything dma-debug sees; {@link ReplayResult#limitations()} says what was not checked:
 * {@code dma_mapping_error()} is not traced (every mapping is taken as checked), the address-space checks (stack,
 * vmalloc, text/rodata, invalid area) and the sg segment checks (the device's dma_parms) are off, coherent CPU
 * addresses are the traced {@code %p} values, driver names are not in dma:* events. {@code dma_unmap_sg} traces
 * only the CPU physical addresses, so the DMA addresses are taken from the matching {@code dma_map_sg}.
 * <p>
 * Use: {@link #importDump}, then {@link #replay} for each capture file in order, then {@link #finish()} once.
 * Not thread-safe.
 */
public final class TraceReplay {
    // event codes
    static final int E_MAP_PAGE = 0, E_UNMAP_PAGE = 1, E_MAP_RESOURCE = 2, E_UNMAP_RESOURCE = 3, E_ALLOC = 4,
            E_ALLOC_PAGES = 5, E_ALLOC_SGT_ERR = 6, E_ALLOC_SGT = 7, E_FREE = 8, E_FREE_PAGES = 9,
            E_FREE_SGT = 10, E_MAP_SG = 11, E_MAP_SG_ERR = 12, E_UNMAP_SG = 13, E_SYNC_SINGLE_CPU = 14,
            E_SYNC_SINGLE_DEV = 15, E_SYNC_SG_CPU = 16, E_SYNC_SG_DEV = 17, E_IOMMU_MAP = 18, E_IOMMU_UNMAP = 19,
            E_IOMMU_FAULT = 20;
    static final String[] EVENT_NAMES = { "dma_map_page", "dma_unmap_page", "dma_map_resource",
            "dma_unmap_resource", "dma_alloc", "dma_alloc_pages", "dma_alloc_sgt_err", "dma_alloc_sgt", "dma_free",
            "dma_free_pages", "dma_free_sgt", "dma_map_sg", "dma_map_sg_err", "dma_unmap_sg",
            "dma_sync_single_for_cpu", "dma_sync_single_for_device", "dma_sync_sg_for_cpu",
            "dma_sync_sg_for_device", "map", "unmap", "io_page_fault" };
    private static final long PAGE_MASK = 0xfffL;
    /** stands for a "(____ptrval____)" CPU address: consistent, non-zero, outside any real address range */
    private static final long UNKNOWN_PTR_TAG = 0x7ff0_0000_0000_0000L;

    /** State the replay keeps per device. */
    private static final class Dev {
        final Device device;
        final char[] name;
        /** sg lists mapped in the trace, by sg_phys() of their first entry */
        final HashMap<Long, SgRecord> sgByFirstPhys = new HashMap<>();
        /** scatter-gather entries of the dump, by paddr (each registered as a one-entry list) */
        final HashMap<Long, long[]> dumpSgByPhys = new HashMap<>();
        /** dev_addr of the dump's scatter-gather entries */
        final HashSet<Long> dumpSgDma = new HashSet<>();
        /** dev_addr -> paddr of the dump's coherent / noncoherent entries */
        final HashMap<Long, Long> dumpCpuPhys = new HashMap<>();

        Dev(Device device) {
            this.device = device;
            this.name = device.name().toCharArray();
        }
    }

    private static final class SgRecord {
        final long[] dma;
        final long[] len;
        SgRecord next;

        SgRecord(long[] dma, long[] len) {
            this.dma = dma;
            this.len = len;
        }
    }

    /**
     * Answers dma-debug's address-space questions as "unknown / nothing special", translating a CPU address to the
     * physical address a dump line gave for it while that line is replayed.
     */
    private static final class TraceMemoryLayout extends FlatMemoryLayout {
        long overridePhys;
        boolean override;

        @Override
        public long virtToPhys(long virt) {
            return override ? overridePhys : virt;
        }
    }

    private final TraceMemoryLayout layout = new TraceMemoryLayout();
    private final MapSites sites = new MapSites();
    private final DmaDebug debug;
    private final LiveStateModel live;
    /** the timestamp of the event being replayed, UNKNOWN_TIME when the capture has none */
    private long curTimeNs = Mapping.UNKNOWN_TIME;
    private final ReplayStats stats = new ReplayStats();
    private final List<Finding> findings = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<String> files = new ArrayList<>();
    private final Map<String, String> driverNames = new HashMap<>();
    private final Set<String> unknownDrivers = new LinkedHashSet<>();
    private final List<Dev> devices = new ArrayList<>();
    private Dev[] devTable = new Dev[64];
    private boolean leakCheck = true;
    private boolean finished;
    private long iommuMappedBytes;

    // current position, for findings made by dma-debug callbacks
    private String curFile = "";
    private int curLine;

    /** Diagnostics kept at most; the rest are counted only. */
    static final int MAX_DIAGNOSTICS = 1000;
    private long droppedDiagnostics;
    private int maxLine = LineReader.DEFAULT_MAX_LINE;
    /**
     * Most live mappings (dma-debug entries) a replay holds by default. dma-debug itself starts with 65,536
     * (PREALLOC_DMA_DEBUG_ENTRIES, kernel/dma/debug.c) and grows; a capture of a real board has some thousands. A
     * million take about 300 MiB of heap here (4 million 1.1 GiB), so the default fits the IDE's 1 GiB.
     */
    public static final int DEFAULT_MAX_LIVE_MAPPINGS = 1_000_000;
    private int maxLive = DEFAULT_MAX_LIVE_MAPPINGS;
    /** Set when a limit stopped the replay: the rest of the input is not read. */
    private Diagnostic stoppedBy;
    /** Set from any thread by {@link #cancel()}; read once per line. */
    private volatile boolean canceled;
    private boolean cancelNoted;

    private final FtraceLineParser lineParser = new FtraceLineParser();
    private final PayloadCursor cur = new PayloadCursor();
    private final long[][] arrA = { new long[256] };
    private final long[][] arrB = { new long[256] };
    private final long[][] arrC = { new long[256] };

    public TraceReplay() {
        this(LiveStateConfig.DEFAULT);
    }

    /** A replay whose live state ({@link ReplayResult#liveState()}) keeps as much history as {@code config} says. */
    public TraceReplay(LiveStateConfig config) {
        this(config, "replay of a dma:* capture");
    }

    /** As {@link #TraceReplay(LiveStateConfig)}, its live state called {@code source} (what the views show). */
    public TraceReplay(LiveStateConfig config, String source) {
        debug = new DmaDebug(layout, this::onLog, KernelProfile.V6_12);
        debug.setAllErrors(true);
        debug.setDebugSg(false);
        live = LiveStateModel.forReplay(debug, config, source);
    }

    /** The live state the replay rebuilds: the same snapshot types as an emulation's. */
    public LiveStateModel liveState() {
        return live;
    }

    /** A finding of the replay itself (not a dma-debug message), kept in the findings and the live state. */
    private void replayFinding(Finding f) {
        findings.add(f);
        live.recordFinding(f.checkId(), f.check(), f.device(), f.message(), -1);
    }

    /** The driver name to print for {@code device} in messages (dma:* events carry only the device name). */
    public TraceReplay setDriverName(String device, String driver) {
        driverNames.put(device, driver);
        Dev d = findDev(device);
        if (d != null) {
            d.device.setDriverName(driver);
        }
        return this;
    }

    /** Whether {@link #finish()} reports mappings still live at the end (default true). */
    public TraceReplay setLeakCheck(boolean on) {
        leakCheck = on;
        return this;
    }

    /** The counts so far (a live view; complete after {@link #finish()}). */
    public ReplayStats stats() {
        return stats;
    }

    /** The dma-debug instance the capture is replayed into (its state is the rebuilt state). */
    public DmaDebug dmaDebug() {
        return debug;
    }

    private void onLog(KernelLogRecord r) {
        DmaDebugCheck c = r.check();
        if (c == null || !c.isError()) {
            return;
        }
        String mf = null;
        int ml = 0;
        if (!r.mappedAt().isEmpty() && r.device() != null) {
            String t = r.text();
            // after the device name: a device name in a capture is any text, "[device address=0x" included
            int dn = t.indexOf(r.device().name());
            int a = t.indexOf("[device address=0x", dn < 0 ? 0 : dn + r.device().name().length());
            if (c == DmaDebugCheck.OVERLAPPING_MAPPING) {
                mf = curFile;
                ml = curLine;
            } else if (a >= 0) {
                int s = a + 18;
                int e = t.indexOf(']', s);
                long site = e < 0 || !isHex(t, s, e) ? -1
                        : sites.get(r.device(), Long.parseUnsignedLong(t.substring(s, e), 16));
                if (site >= 0) {
                    mf = files.get((int) (site >>> 32));
                    ml = (int) site;
                }
            }
        }
        findings.add(new Finding(c.name(), c, r.device() == null ? "" : r.device().name(), r.text(), curFile,
                curLine, mf, ml));
    }

    private static boolean isHex(String t, int s, int e) {
        if (e <= s || e - s > 16) {
            return false;
        }
        for (int i = s; i < e; i++) {
            if (Character.digit(t.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private long site() {
        return ((long) (files.size() - 1) << 32) | curLine;
    }

    // ------------------------------------------------------------------------------------------- devices

    private Dev findDev(String name) {
        char[] n = name.toCharArray();
        return lookup(n, 0, n.length, false);
    }

    private Dev lookup(char[] b, int s, int e, boolean create) {
        int h = 0;
        for (int i = s; i < e; i++) {
            h = 31 * h + b[i];
        }
        int mask = devTable.length - 1;
        int i = (h ^ (h >>> 16)) & mask;
        for (;;) {
            Dev d = devTable[i];
            if (d == null) {
                break;
            }
            if (d.name.length == e - s && regionEquals(d.name, b, s)) {
                return d;
            }
            i = (i + 1) & mask;
        }
        if (!create) {
            return null;
        }
        String name = new String(b, s, e - s);
        String drv = driverNames.get(name);
        if (drv == null) {
            drv = "unknown";
            unknownDrivers.add(name);
        }
        Dev d = new Dev(new Device(name, drv));
        devices.add(d);
        if (devices.size() * 2 > devTable.length) {
            Dev[] old = devTable;
            devTable = new Dev[old.length * 2];
            for (Dev o : old) {
                if (o != null) {
                    insert(o);
                }
            }
        }
        insert(d);
        return d;
    }

    private void insert(Dev d) {
        int h = 0;
        for (char c : d.name) {
            h = 31 * h + c;
        }
        int mask = devTable.length - 1;
        int i = (h ^ (h >>> 16)) & mask;
        while (devTable[i] != null) {
            i = (i + 1) & mask;
        }
        devTable[i] = d;
    }

    private static boolean regionEquals(char[] n, char[] b, int s) {
        for (int i = 0; i < n.length; i++) {
            if (n[i] != b[s + i]) {
                return false;
            }
        }
        return true;
    }

    private Dev devFor(String name, String driver) {
        char[] n = name.toCharArray();
        Dev d = lookup(n, 0, n.length, true);
        if (driver != null && !driverNames.containsKey(name)) {
            d.device.setDriverName(driver);
            unknownDrivers.remove(name);
        }
        return d;
    }

    // ------------------------------------------------------------------------------------------- dump

    /** Takes the live entries of a {@code dma-api/dump} as the state before the capture. */
    public void importDump(Reader in, String file) throws IOException {
        checkOpen();
        files.add(file);
        curFile = file;
        List<Integer> lines = new ArrayList<>();
        if (stoppedBy != null) {
            return;
        }
        List<LiveMapping> entries = DmaApiDump.read(in, file, diagnostics, lines);
        for (int k = 0; k < entries.size() && !overLiveLimit() && !stopForCancel(file, curLine); k++) {
            LiveMapping m = entries.get(k);
            curLine = lines.get(k);
            live.setSourcePosition(file, curLine, Mapping.UNKNOWN_TIME);
            stats.dumpEntries++;
            Dev d = devFor(m.device(), m.driver());
            DmaDirection dir = DmaDirection.fromValue(indexOf(DmaApiDump.DIRS, m.direction()));
            long p = m.phys();
            sites.put(d.device, m.dmaAddr(), site());
            switch (m.type()) {
            case "single":
                debug.debugDmaMapPage(d.device, p & ~PAGE_MASK, p & PAGE_MASK, m.size(), dir, m.dmaAddr(), 0);
                debug.debugDmaMappingError(d.device, m.dmaAddr());
                break;
            case "resource":
                debug.debugDmaMapResource(d.device, p, m.size(), dir, m.dmaAddr(), 0);
                debug.debugDmaMappingError(d.device, m.dmaAddr());
                break;
            case "coherent":
                layout.override = true;
                layout.overridePhys = p;
                try {
                    debug.debugDmaAllocCoherent(d.device, m.size(), m.dmaAddr(), p == 0 ? 1 : p, 0);
                } finally {
                    layout.override = false;
                }
                d.dumpCpuPhys.put(m.dmaAddr(), p);
                break;
            case "noncoherent":
                debug.debugDmaAllocPages(d.device, p, m.size(), dir, m.dmaAddr(), 0);
                d.dumpCpuPhys.put(m.dmaAddr(), p);
                break;
            default: {
                Scatterlist[] sg = { new Scatterlist(p & ~PAGE_MASK, (int) (p & PAGE_MASK), (int) m.size()) };
                sg[0].setDma(m.dmaAddr(), (int) m.size());
                debug.debugDmaMapSg(d.device, sg, 1, 1, dir, 0);
                d.dumpSgByPhys.put(p, new long[] { m.dmaAddr(), m.size() });
                d.dumpSgDma.add(m.dmaAddr());
                break;
            }
            }
        }
        if (stoppedBy == null) {
            overLiveLimit();
        }
    }

    private static int indexOf(String[] a, String s) {
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(s)) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------- trace

    /** Replays one ftrace text capture (the next part of the capture, after any earlier files). */
    public void replay(Reader in, String file) throws IOException {
        checkOpen();
        files.add(file);
        curFile = file;
        LineReader lr = new LineReader(in, maxLine);
        FtraceLineParser lp = lineParser;
        while (stoppedBy == null && !stopForCancel(file, lr.lineNumber()) && lr.next()) {
            int skipped = lr.takeOverlong();
            if (skipped > 0) {
                stats.lines += skipped;
                stats.malformedLines += skipped;
                diagnose(new Diagnostic(file, lr.lineNumber() - 1, 0, (skipped == 1 ? "line longer than "
                        : skipped + " lines up to this one are longer than ") + maxLine + " characters, skipped"));
            }
            stats.lines++;
            char[] b = lr.buffer();
            int s = lr.start();
            int e = lr.end();
            switch (lp.parse(b, s, e)) {
            case FtraceLineParser.BLANK:
                stats.blankLines++;
                break;
            case FtraceLineParser.COMMENT:
                stats.commentLines++;
                break;
            case FtraceLineParser.LOST:
                stats.lostEvents += lp.lost;
                stats.lostEventNotes++;
                diagnose(new Diagnostic(file, lr.lineNumber(), 0, "the ring buffer lost " + lp.lost
                        + " events here; findings after this line may be wrong"));
                break;
            case FtraceLineParser.OTHER:
                stats.otherLines++;
                break;
            case FtraceLineParser.NOT_FTRACE:
                stats.notFtraceLines++;
                diagnose(new Diagnostic(file, lr.lineNumber(), 1, "not an ftrace line (no task-pid [cpu] "
                        + "timestamp: context and no 'event: ' form), skipped"));
                break;
            default:
                curLine = lr.lineNumber();
                if (lp.timestampNs >= 0) {
                    curTimeNs = lp.timestampNs;
                }
                live.setSourcePosition(file, curLine, curTimeNs);
                event(b, s, e, lp.nameStart, lp.nameEnd, lp.payloadStart);
                overLiveLimit();
                break;
            }
        }
        int skipped = lr.takeOverlong();
        if (skipped > 0) {
            stats.lines += skipped;
            stats.malformedLines += skipped;
            diagnose(new Diagnostic(file, lr.lineNumber(), 0, (skipped == 1 ? "line longer than "
                    : skipped + " lines up to this one are longer than ") + maxLine + " characters, skipped"));
        }
    }

    private void diagnose(Diagnostic d) {
        if (diagnostics.size() < MAX_DIAGNOSTICS) {
            diagnostics.add(d);
        } else {
            droppedDiagnostics++;
        }
    }

    /**
     * Longest line accepted (default 16 Mi characters, a dma_unmap_sg of about 800,000 entries); longer lines are
     * skipped with a warning.
     */
    public TraceReplay setMaxLineLength(int chars) {
        if (chars < 1) {
            throw new IllegalArgumentException("the line length limit must be positive");
        }
        maxLine = chars;
        return this;
    }

    /**
     * Most live mappings the replay holds (default {@link #DEFAULT_MAX_LIVE_MAPPINGS}); the line that maps one more
     * stops the replay with an error there, and the rest of the capture is not read.
     */
    public TraceReplay setMaxLiveMappings(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the live mapping limit must be positive");
        }
        maxLive = n;
        return this;
    }

    /**
     * Asks a running {@link #replay} or {@link #importDump} to stop after the line it is at (from any thread: a
     * Cancel button, a job being canceled). The call returns normally; the caller closes its reader and may still
     * {@link #finish()} to see what was replayed, with a warning where it stopped. Later replay calls read nothing.
     */
    public void cancel() {
        canceled = true;
    }

    public boolean isCanceled() {
        return canceled;
    }

    /** @return true when canceled, noting where the first time */
    private boolean stopForCancel(String file, int line) {
        if (!canceled) {
            return false;
        }
        if (!cancelNoted) {
            cancelNoted = true;
            diagnostics.add(new Diagnostic(file, line, 0, "replay canceled here; nothing after this line was checked"));
        }
        return true;
    }

    /** The error that stopped the replay early (a limit), or null. */
    public Diagnostic stoppedBy() {
        return stoppedBy;
    }

    /** @return true when the replay must stop: more live mappings than the limit after the current line */
    private boolean overLiveLimit() {
        if (debug.liveEntries() <= maxLive) {
            return false;
        }
        stoppedBy = new Diagnostic(curFile, curLine, 0, "more than " + maxLive + " live mappings (limit "
                + "--max-live-mappings); the replay stops here", true);
        diagnostics.add(stoppedBy);
        return true;
    }

    private static int eventCode(char[] b, int s, int e) {
        int n = e - s;
        for (int i = 0; i < EVENT_NAMES.length; i++) {
            String name = EVENT_NAMES[i];
            if (name.length() == n && FtraceLineParser.startsWith(b, s, e, name)) {
                return i;
            }
        }
        return -1;
    }

    private void event(char[] b, int lineStart, int e, int ns, int ne, int ps) {
        int code = eventCode(b, ns, ne);
        if (code < 0) {
            stats.otherEvents++;
            return;
        }
        boolean iommu = code >= E_IOMMU_MAP;
        if (iommu && !FtraceLineParser.startsWith(b, ps, e, "IOMMU:")) {
            stats.otherEvents++; // some other system's "map"/"unmap" event
            return;
        }
        PayloadCursor c = cur;
        c.reset(b, ps, e);
        try {
            if (iommu) {
                iommuEvent(code, c);
                stats.iommuEvents++;
            } else {
                dmaEvent(code, c);
                stats.dmaEvents++;
            }
            stats.perEvent[code]++;
        } catch (PayloadCursor.PayloadException ex) {
            stats.malformedLines++;
            String rest = new String(b, ex.offset, Math.min(e - ex.offset, 40));
            diagnose(new Diagnostic(curFile, curLine, ex.offset - lineStart + 1, "cannot parse "
                    + EVENT_NAMES[code] + " payload: " + ex.getMessage()
                    + (rest.isEmpty() ? " (at the end of the line)" : " at '" + rest + "'")));
        }
    }

    private void dmaEvent(int code, PayloadCursor c) throws PayloadCursor.PayloadException {
        int ds = c.p;
        int de = c.deviceEnd();
        c.expect(" dir=");
        DmaDirection dir = c.direction();
        switch (code) {
        case E_MAP_PAGE:
        case E_MAP_RESOURCE: {
            c.expect(" dma_addr=");
            long dma = c.hex();
            c.expect(" size=");
            long size = c.unsigned();
            c.expect(" phys_addr=");
            long phys = c.hex();
            c.expect(" attrs=");
            long attrs = c.attrs();
            c.expectEnd();
            Device dev = lookup(c.b, ds, de, true).device;
            if (code == E_MAP_PAGE) {
                debug.debugDmaMapPage(dev, phys & ~PAGE_MASK, phys & PAGE_MASK, size, dir, dma, attrs);
            } else {
                debug.debugDmaMapResource(dev, phys, size, dir, dma, attrs);
            }
            if (dma == DmaAttrs.DMA_MAPPING_ERROR) {
                stats.failedMappings++;
            } else {
                debug.debugDmaMappingError(dev, dma); // not traced: assume the driver checked
                sites.put(dev, dma, site());
            }
            return;
        }
        case E_UNMAP_PAGE:
        case E_UNMAP_RESOURCE: {
            c.expect(" dma_addr=");
            long dma = c.hex();
            c.expect(" size=");
            long size = c.unsigned();
            c.expect(" attrs=");
            c.attrs();
            c.expectEnd();
            Device dev = lookup(c.b, ds, de, true).device;
            if (code == E_UNMAP_PAGE) {
                debug.debugDmaUnmapPage(dev, dma, size, dir);
            } else {
                debug.debugDmaUnmapResource(dev, dma, size, dir);
            }
            sites.remove(dev, dma);
            return;
        }
        case E_ALLOC:
        case E_ALLOC_PAGES:
        case E_ALLOC_SGT_ERR:
        case E_FREE:
        case E_FREE_PAGES: {
            c.expect(" dma_addr=");
            long dma = c.hex();
            c.expect(" size=");
            long size = c.unsigned();
            c.expect(" virt_addr=");
            long virt = c.pointer(UNKNOWN_PTR_TAG ^ dma);
            boolean alloc = code == E_ALLOC || code == E_ALLOC_PAGES || code == E_ALLOC_SGT_ERR;
            if (alloc) {
                c.expect(" flags=");
                c.token();
            }
            c.expect(" attrs=");
            long attrs = c.attrs();
            c.expectEnd();
            Dev d = lookup(c.b, ds, de, true);
            if (code == E_ALLOC_SGT_ERR || (alloc && virt == 0)) {
                stats.failedMappings++;
                return;
            }
            if (virt == 0) {
                return; // dma_free_attrs() returns before the debug hook for a NULL cpu_addr
            }
            Long dumpPhys = alloc || d.dumpCpuPhys.isEmpty() ? null : d.dumpCpuPhys.remove(dma);
            if (alloc) {
                sites.put(d.device, dma, site());
            }
            if (code == E_ALLOC) {
                debug.debugDmaAllocCoherent(d.device, size, dma, virt, attrs);
            } else if (code == E_ALLOC_PAGES) {
                debug.debugDmaAllocPages(d.device, virt, size, dir, dma, attrs);
            } else if (code == E_FREE) {
                layout.override = dumpPhys != null;
                layout.overridePhys = dumpPhys == null ? 0 : dumpPhys;
                try {
                    debug.debugDmaFreeCoherent(d.device, size, virt, dma);
                } finally {
                    layout.override = false;
                }
            } else {
                debug.debugDmaFreePages(d.device, dumpPhys != null ? dumpPhys : virt, size, dir, dma);
            }
            if (!alloc) {
                sites.remove(d.device, dma);
            }
            return;
        }
        case E_ALLOC_SGT:
        case E_FREE_SGT: {
            c.expect(" dma_addr=");
            long dma = c.hex();
            c.expect(" size=");
            long size = c.unsigned();
            c.expect(" phys_addrs=");
            int n = c.array(arrA);
            if (code == E_ALLOC_SGT) {
                c.expect(" flags=");
                c.token();
                c.expect(" attrs=");
                c.attrs();
            }
            c.expectEnd();
            if (n == 0) {
                throw c.error("empty phys_addrs list");
            }
            Device dev = lookup(c.b, ds, de, true).device;
            Scatterlist[] sg = sgList(arrA[0], n);
            sg[0].setDma(dma, (int) size);
            if (code == E_ALLOC_SGT) {
                sites.put(dev, dma, site());
                debug.debugDmaMapSg(dev, sg, n, 1, dir, 0);
            } else {
                debug.debugDmaUnmapSg(dev, sg, n, dir);
                sites.remove(dev, dma);
            }
            return;
        }
        case E_MAP_SG: {
            c.expect(" nents=");
            int tracedNents = c.signedInt();
            c.expect("/");
            int nents = c.signedInt();
            c.expect(" ents=");
            int tracedEnts = c.signedInt();
            c.expect("/");
            int ents = c.signedInt();
            boolean truncated = c.accept(" [TRUNCATED]");
            c.expect(" dma_addrs=");
            int nd = c.array(arrA);
            c.expect(" sizes=");
            int nl = c.array(arrB);
            c.expect(" phys_addrs=");
            int np = c.array(arrC);
            c.expect(" attrs=");
            long attrs = c.attrs();
            c.expectEnd();
            if (nd != tracedEnts || nl != tracedEnts || np != tracedNents || tracedNents > nents
                    || tracedEnts > ents || tracedEnts > tracedNents || tracedNents <= 0) {
                throw c.error("array lengths do not match nents=" + tracedNents + "/" + nents + " ents="
                        + tracedEnts + "/" + ents);
            }
            if (truncated) {
                stats.truncatedSgLists++;
            }
            Dev d = lookup(c.b, ds, de, true);
            Scatterlist[] sg = new Scatterlist[nents];
            long[] phys = arrC[0];
            for (int i = 0; i < nents; i++) {
                sg[i] = i < np ? new Scatterlist(phys[i] & ~PAGE_MASK, (int) (phys[i] & PAGE_MASK), 0)
                        : new Scatterlist();
            }
            long[] dmas = new long[tracedEnts];
            long[] lens = new long[tracedEnts];
            for (int i = 0; i < tracedEnts; i++) {
                dmas[i] = arrA[0][i];
                lens[i] = arrB[0][i];
                sg[i].setDma(dmas[i], (int) lens[i]);
                sites.put(d.device, dmas[i], site());
            }
            debug.debugDmaMapSg(d.device, sg, nents, tracedEnts, dir, attrs);
            SgRecord r = new SgRecord(dmas, lens);
            SgRecord old = d.sgByFirstPhys.putIfAbsent(phys[0], r);
            if (old != null) {
                while (old.next != null) {
                    old = old.next;
                }
                old.next = r;
            }
            return;
        }
        case E_MAP_SG_ERR: {
            c.expect(" dma_addrs=");
            c.array(arrA);
            c.expect(" err=");
            c.signedInt();
            c.expect(" attrs=");
            c.attrs();
            c.expectEnd();
            lookup(c.b, ds, de, true);
            stats.failedMappings++;
            return;
        }
        case E_UNMAP_SG: {
            c.expect(" phys_addrs=");
            int n = c.array(arrA);
            c.expect(" attrs=");
            c.attrs();
            c.expectEnd();
            if (n == 0) {
                throw c.error("empty phys_addrs list");
            }
            unmapSg(lookup(c.b, ds, de, true), arrA[0], n, dir);
            return;
        }
        case E_SYNC_SINGLE_CPU:
        case E_SYNC_SINGLE_DEV: {
            c.expect(" dma_addr=");
            long dma = c.hex();
            c.expect(" size=");
            long size = c.unsigned();
            c.expectEnd();
            Device dev = lookup(c.b, ds, de, true).device;
            if (code == E_SYNC_SINGLE_CPU) {
                debug.debugDmaSyncSingleForCpu(dev, dma, size, dir);
            } else {
                debug.debugDmaSyncSingleForDevice(dev, dma, size, dir);
            }
            return;
        }
        default: { // E_SYNC_SG_CPU, E_SYNC_SG_DEV
            c.expect(" dma_addrs=");
            int n = c.array(arrA);
            c.expect(" sizes=");
            int nl = c.array(arrB);
            c.expectEnd();
            if (n != nl || n == 0) {
                throw c.error("dma_addrs and sizes differ in length or are empty");
            }
            Dev d = lookup(c.b, ds, de, true);
            boolean cpu = code == E_SYNC_SG_CPU;
            if (!d.dumpSgDma.isEmpty() && d.dumpSgDma.contains(arrA[0][0])) {
                // entries of the dump were registered one by one: sync them one by one
                for (int i = 0; i < n; i++) {
                    Scatterlist[] one = { new Scatterlist() };
                    one[0].setDma(arrA[0][i], (int) arrB[0][i]);
                    syncSg(d.device, one, 1, dir, cpu);
                }
                return;
            }
            Scatterlist[] sg = Scatterlist.table(n);
            for (int i = 0; i < n; i++) {
                sg[i].setDma(arrA[0][i], (int) arrB[0][i]);
            }
            syncSg(d.device, sg, n, dir, cpu);
            return;
        }
        }
    }

    private void syncSg(Device dev, Scatterlist[] sg, int n, DmaDirection dir, boolean cpu) {
        if (cpu) {
            debug.debugDmaSyncSgForCpu(dev, sg, n, dir);
        } else {
            debug.debugDmaSyncSgForDevice(dev, sg, n, dir);
        }
    }

    private static Scatterlist[] sgList(long[] phys, int n) {
        Scatterlist[] sg = new Scatterlist[n];
        for (int i = 0; i < n; i++) {
            sg[i] = new Scatterlist(phys[i] & ~PAGE_MASK, (int) (phys[i] & PAGE_MASK), 0);
        }
        return sg;
    }

    private void unmapSg(Dev d, long[] phys, int n, DmaDirection dir) {
        SgRecord r = d.sgByFirstPhys.get(phys[0]);
        if (r != null) {
            if (r.next == null) {
                d.sgByFirstPhys.remove(phys[0]);
            } else {
                d.sgByFirstPhys.put(phys[0], r.next);
            }
            Scatterlist[] sg = sgList(phys, n);
            for (int i = 0; i < n && i < r.dma.length; i++) {
                sg[i].setDma(r.dma[i], (int) r.len[i]);
            }
            debug.debugDmaUnmapSg(d.device, sg, n, dir);
            for (long a : r.dma) {
                sites.remove(d.device, a);
            }
            return;
        }
        boolean any = false;
        for (int i = 0; i < n; i++) {
            long[] dm = d.dumpSgByPhys.remove(phys[i]);
            if (dm == null) {
                continue;
            }
            any = true;
            Scatterlist[] one = { new Scatterlist(phys[i] & ~PAGE_MASK, (int) (phys[i] & PAGE_MASK), 0) };
            one[0].setDma(dm[0], (int) dm[1]);
            d.dumpSgDma.remove(dm[0]);
            debug.debugDmaUnmapSg(d.device, one, 1, dir);
            sites.remove(d.device, dm[0]);
        }
        if (!any) {
            replayFinding(new Finding(Finding.UNMAP_SG_NOT_MAPPED, DmaDebugCheck.FREE_NOT_ALLOCATED,
                    d.device.name(),
                    "DMA-API: " + d.device.driverName() + " " + d.device.name()
                            + ": device driver tries to free DMA memory it has not allocated [sg list at phys_addr="
                            + LiveMapping.hex16(phys[0]) + "] [nents=" + n + "] (no dma_map_sg of it in the capture)",
                    curFile, curLine));
        }
    }

    private void iommuEvent(int code, PayloadCursor c) throws PayloadCursor.PayloadException {
        if (code == E_IOMMU_FAULT) {
            c.expect("IOMMU:");
            int drvS = c.p;
            int drvE = c.token();
            c.expect(" ");
            int devS = c.p;
            int devE = c.token();
            c.expect(" iova=");
            long iova = c.hex0x();
            c.expect(" flags=");
            int fs = c.p;
            c.hex0x();
            int fe = c.p;
            c.expectEnd();
            if (drvE == drvS || devE == devS) {
                throw c.error("expected 'IOMMU:<driver> <device>'");
            }
            String drv = new String(c.b, drvS, drvE - drvS);
            Dev d = devFor(new String(c.b, devS, devE - devS), drv);
            replayFinding(new Finding(Finding.IO_PAGE_FAULT, null, d.device.name(),
                    "IOMMU fault: " + drv + " " + d.device.name() + " iova=" + LiveMapping.hex16(iova) + " flags="
                            + new String(c.b, fs, fe - fs),
                    curFile, curLine));
            return;
        }
        c.expect("IOMMU: iova=");
        long iova = c.hex0x();
        c.expect(" - ");
        long iovaEnd = c.hex0x();
        if (code == E_IOMMU_MAP) {
            c.expect(" paddr=");
            c.hex0x();
            c.expect(" size=");
            long size = c.unsigned();
            c.expectEnd();
            if (iovaEnd - iova != size) {
                throw c.error("iova range and size disagree");
            }
            iommuMappedBytes += size;
        } else {
            c.expect(" size=");
            long size = c.unsigned();
            c.expect(" unmapped_size=");
            long unmapped = c.unsigned();
            c.expectEnd();
            iommuMappedBytes -= unmapped;
            if (unmapped != size) {
                replayFinding(new Finding(Finding.IOMMU_UNMAP_SHORT, null, "",
                        "iommu_unmap() unmapped " + unmapped + " of " + size + " bytes at iova="
                                + LiveMapping.hex16(iova) + " (nothing or less was mapped there)",
                        curFile, curLine));
            }
        }
    }

    // ------------------------------------------------------------------------------------------- end

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("replay already finished");
        }
    }

    /** Ends the replay: reports mappings still live (if the leak check is on) and gives the result. */
    public ReplayResult finish() {
        checkOpen();
        finished = true;
        curLine = 0;
        live.setSourcePosition(curFile, 0, curTimeNs);
        if (leakCheck) {
            // as if every driver were unbound now, in the order the devices appeared: dma_debug_device_change()
            // runs after the driver is detached, so dev_driver_string() prints the bus ("platform" for every R-Car
            // device)
            List<org.dmaworkbench.kernel.device.Device> unbound = new ArrayList<>(devices.size());
            for (Dev d : devices) {
                unbound.add(d.device);
            }
            debug.driversUnbound(unbound, "platform");
        }
        if (droppedDiagnostics > 0) {
            diagnostics.add(new Diagnostic(curFile, 0, 0, droppedDiagnostics + " more warnings were not kept"));
        }
        // the dump entries are read from dma-debug when asked for (after finish() nothing changes its state)
        return new ReplayResult(files, findings, diagnostics, () -> DmaApiDump.entries(debug), limitations(), stats,
                this.live.snapshot());
    }

    private List<String> limitations() {
        List<String> l = new ArrayList<>();
        l.add("dma_mapping_error() calls are not traced: the \"failed to check map error\" check is not done "
                + "(every mapping is taken as checked).");
        l.add("The trace has no kernel address-space knowledge: the stack, vmalloc, invalid-area and "
                + "text/rodata checks of dma-debug are not done.");
        l.add("The devices' dma_parms and the CPU segment lengths are not traced: the sg segment length and "
                + "boundary checks are not done.");
        l.add("Coherent and noncoherent buffers are compared by the traced virt_addr (%p, hashed unless "
                + "no_hash_pointers); allocations from a per-device coherent pool look like leaks, as their "
                + "free is not traced.");
        if (!unknownDrivers.isEmpty()) {
            l.add("dma:* events carry no driver names; 'unknown' is printed for: " + String.join(", ", unknownDrivers)
                    + " (give them with --driver DEVICE=DRIVER).");
        }
        if (stats.truncatedSgLists > 0) {
            l.add(stats.truncatedSgLists + " dma_map_sg events were [TRUNCATED]: only their first "
                    + "DMA_TRACE_MAX_ENTRIES (128) segments are tracked.");
        }
        if (stoppedBy != null) {
            l.add("The replay stopped at " + stoppedBy.file() + ":" + stoppedBy.line() + ": " + stoppedBy.message()
                    + "; nothing after that line was checked.");
        }
        if (stats.lostEvents > 0) {
            l.add("The ring buffer lost " + stats.lostEvents + " events: mappings and findings after the loss "
                    + "may be wrong.");
        }
        if (stats.iommuEvents > 0) {
            l.add("iommu:map/unmap events name no device or domain; net IOVA bytes mapped over the capture: "
                    + iommuMappedBytes + ".");
        }
        return l;
    }

    /** Net bytes mapped by iommu:map minus iommu:unmap over the capture. */
    public long iommuMappedBytes() {
        return iommuMappedBytes;
    }
}
