package org.dmaworkbench.hw.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.DtProperty;
import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.devicetree.PhandleSpecifier;
import org.dmaworkbench.devicetree.RegEntry;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.iommu.IpmmuFeatures;
import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.mem.MmioDevice;
import org.dmaworkbench.hw.mem.PlainMmio;
import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.hw.periph.Iic;
import org.dmaworkbench.hw.periph.Scif;
import org.dmaworkbench.hw.periph.Sdhi;
import org.dmaworkbench.hw.time.VirtualClock;

/**
 * Builds the emulated SoC from a device tree, the way the kernel instantiates platform devices from it:
 * <ul>
 * <li>nodes with status other than "okay"/"ok" (or under such a node) do not exist;</li>
 * <li>/memory nodes (device_type = "memory") become sparse RAM, one region per reg entry;</li>
 * <li>every other enabled node with a CPU-addressable reg (all ancestors have ranges) gets its register
 * windows on the bus: a model when a binding matches its compatible (renesas,ipmmu-vmsa and the per-SoC
 * IPMMU compatibles; renesas,rcar-dmac and the Gen4 SYS-DMAC with its channel window at reg entry 1; SCIF/HSCIF;
 * SDHI with SYS-DMAC or internal DMAC; IIC), a {@link PlainMmio} otherwise;</li>
 * <li>renesas,ipmmu-main makes a Gen3/Gen4 IPMMU a leaf of IPMMU-MM; a DMAC's iommus put channel N behind the
 * N-th entry's micro-TLB (entries are reused modulo their count), an internal-DMAC SDHI's put its bus master
 * behind the first; a client's dmas/dma-names connect its request lines to the DMAC for "tx"/"rx".</li>
 * </ul>
 * Problems are reported as diagnostics with the source position of the node or property, never as
 * exceptions: unresolvable or malformed references and bad RAM are errors; references to disabled
 * providers and overlapping register windows are warnings (the reference or window is dropped).
 */
public final class PlatformBuilder {
    private final DeviceTree tree;
    private final List<Diagnostic> diags = new ArrayList<>();
    private final Map<DtNode, PlatformDevice> byNode = new HashMap<>();
    private Platform platform;

    private PlatformBuilder(DeviceTree tree) {
        this.tree = tree;
    }

    /** Compiles {@code dts} (with {@code includeDirs} for #include and /include/) and builds the platform. */
    public static PlatformBuild build(Path dts, List<Path> includeDirs) {
        CompileResult cr = DeviceTreeCompiler.compile(dts, includeDirs);
        return fromCompile(cr);
    }

    /** Compiles source text (e.g. an editor buffer) and builds the platform. */
    public static PlatformBuild build(String fileName, String text, IncludeResolver resolver) {
        return fromCompile(DeviceTreeCompiler.compile(fileName, text, resolver));
    }

    /** Builds from a compile result, keeping its diagnostics first. */
    public static PlatformBuild fromCompile(CompileResult cr) {
        List<Diagnostic> all = new ArrayList<>(cr.diagnostics());
        if (cr.hasErrors() || cr.tree().isEmpty()) {
            return new PlatformBuild(Optional.empty(), List.copyOf(all));
        }
        PlatformBuild b = build(cr.tree().get());
        all.addAll(b.diagnostics());
        return new PlatformBuild(b.platform(), List.copyOf(all));
    }

    public static PlatformBuild build(DeviceTree tree) {
        PlatformBuilder b = new PlatformBuilder(tree);
        b.run();
        boolean errors = b.diags.stream().anyMatch(d -> d.severity() == Severity.ERROR);
        return new PlatformBuild(errors ? Optional.empty() : Optional.of(b.platform), List.copyOf(b.diags));
    }

    private void error(SourcePosition pos, String fmt, Object... args) {
        diags.add(new Diagnostic(Severity.ERROR, pos, String.format(fmt, args)));
    }

    private void warning(SourcePosition pos, String fmt, Object... args) {
        diags.add(new Diagnostic(Severity.WARNING, pos, String.format(fmt, args)));
    }

    private static boolean present(DtNode n) {
        for (DtNode x = n; x != null; x = x.parent().orElse(null)) {
            if (!x.isEnabled()) {
                return false;
            }
        }
        return true;
    }

    private static boolean cpuAddressable(DtNode n) {
        DtNode p = n.parent().orElse(null);
        while (p != null && p.parent().isPresent()) {
            if (!p.hasProperty("ranges")) {
                return false;
            }
            p = p.parent().get();
        }
        return true;
    }

    private static boolean isMemory(DtNode n) {
        return n.strings("device_type").contains("memory");
    }

    private static boolean underReservedMemory(DtNode n) {
        for (DtNode x = n.parent().orElse(null); x != null; x = x.parent().orElse(null)) {
            if (x.baseName().equals("reserved-memory")) {
                return true;
            }
        }
        return false;
    }

    private static SourcePosition pos(DtNode n, String property) {
        return n.property(property).map(DtProperty::position).orElse(n.position());
    }

    private void run() {
        VirtualClock clock = new VirtualClock();
        Bus bus = new Bus();
        platform = new Platform(tree, clock, bus);
        List<DtNode> nodes = tree.allNodes();
        for (DtNode n : nodes) {
            if (n.parent().isPresent() && isMemory(n) && present(n)) {
                addMemory(n, bus);
            }
        }
        for (DtNode n : nodes) {
            if (n.parent().isEmpty() || isMemory(n) || !present(n) || underReservedMemory(n)
                    || !n.hasProperty("reg") || !cpuAddressable(n)) {
                continue;
            }
            addDevice(n, bus, clock);
        }
        for (PlatformDevice d : platform.devices()) {
            if (d.model() instanceof Ipmmu) {
                linkIpmmuMain(d);
            }
        }
        for (PlatformDevice d : platform.devices()) {
            if (d.node().hasProperty("iommus")) {
                linkIommus(d);
            }
            if (d.node().hasProperty("dmas")) {
                linkDmas(d);
            }
        }
    }

    private void addMemory(DtNode n, Bus bus) {
        for (RegEntry r : n.reg()) {
            if (r.size() == 0) {
                continue;
            }
            if ((r.address() & 0xfff) != 0 || (r.size() & 0xfff) != 0) {
                error(pos(n, "reg"), "%s: memory at 0x%x size 0x%x is not 4 KiB aligned", n.path(), r.address(),
                        r.size());
                continue;
            }
            SparseRam ram = new SparseRam(r.address(), r.size());
            try {
                bus.addRam(n.path(), ram);
                platform.addRam(ram);
            } catch (IllegalArgumentException e) {
                error(pos(n, "reg"), "%s: %s", n.path(), e.getMessage());
            }
        }
    }

    private MmioDevice createModel(DtNode n, List<RegEntry> reg, Bus bus, VirtualClock clock) {
        List<String> compat = n.compatible();
        Optional<IpmmuFeatures> ipmmu = IpmmuFeatures.forCompatibles(compat);
        if (ipmmu.isPresent()) {
            Ipmmu m = new Ipmmu(n.name(), ipmmu.get(), bus);
            m.setClock(clock);
            return m;
        }
        String dmacData = rcarDmacOfData(compat);
        if (dmacData != null) {
            long channels = n.u32("dma-channels").orElse(-1);
            if (channels < 0) {
                error(n.position(), "%s: unable to read dma-channels property", n.path());
                return new PlainMmio();
            }
            if (channels <= 0 || channels >= RcarDmac.MAX_CHANNELS) {
                error(pos(n, "dma-channels"), "%s: invalid number of channels %d", n.path(), channels);
                return new PlainMmio();
            }
            if (dmacData.equals("renesas,rcar-dmac")) {
                return new RcarDmac(n.name(), (int) channels, bus, clock);
            }
            long need = channels * RcarDmac.GEN4_CHAN_OFFSET_STRIDE;
            if (reg.size() < 2) {
                // rcar_dmac_probe(): devm_platform_ioremap_resource(pdev, 1) for the channel registers fails
                error(pos(n, "reg"), "%s: %s needs a second reg entry for its channels' registers (0x%x bytes)",
                        n.path(), dmacData, need);
                return new PlainMmio();
            }
            if (reg.get(1).size() < need) {
                warning(pos(n, "reg"), "%s: channel register window of 0x%x bytes is smaller than the 0x%x its %d "
                        + "channels use; the channels past it cannot be reached", n.path(), reg.get(1).size(), need,
                        channels);
            }
            return RcarDmac.gen4(n.name(), (int) channels, bus, clock);
        }
        for (String c : compat) {
            if (c.equals("renesas,hscif") || c.equals("renesas,rcar-gen2-hscif") || c.equals("renesas,rcar-gen3-hscif")) {
                return new Scif(n.name(), Scif.Kind.HSCIF, clock);
            }
            if (c.equals("renesas,scif") || c.equals("renesas,rcar-gen2-scif") || c.equals("renesas,rcar-gen3-scif")) {
                return new Scif(n.name(), Scif.Kind.SCIF, clock);
            }
            if (SDHI_INTERNAL_DMAC.contains(c)) {
                Sdhi s = Sdhi.internalDmac(n.name(), bus, clock);
                s.setAlwaysIncrement(SDHI_FIXED_ADDR_MODE.contains(c));
                return s;
            }
            if (SDHI_SYS_DMAC.contains(c)) {
                // no of_data of renesas_sdhi_sys_dmac.c sets bus_shift: renesas_sdhi_probe()'s "old way"
                long size = reg.isEmpty() ? 0 : reg.get(0).size();
                return new Sdhi(n.name(), size > 0x100 ? 1 : 0, clock);
            }
            if (c.equals("renesas,rmobile-iic") || c.equals("renesas,rcar-gen2-iic") || c.equals("renesas,rcar-gen3-iic")) {
                return new Iic(n.name(), clock);
            }
        }
        return new PlainMmio();
    }

    /**
     * Every compatible string that gets a model of its own (not plain memory-mapped registers), with what the model
     * is, sorted: what an editor offers when completing a {@code compatible} value.
     */
    public static java.util.SortedMap<String, String> modelledCompatibles() {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        for (String c : IpmmuFeatures.compatibles()) {
            out.put(c, "IPMMU-VMSA, R-Car Gen" + IpmmuFeatures.forCompatible(c).get().generation() + " features");
        }
        out.put("renesas,rcar-dmac", "SYS-DMAC (rcar-dmac, R-Car Gen2/Gen3 layout)");
        out.put("renesas,rcar-gen4-dmac", "SYS-DMAC (rcar-dmac, Gen4 layout: channels in reg entry 1)");
        out.put("renesas,dmac-r8a779a0", "SYS-DMAC (rcar-dmac, Gen4 layout: channels in reg entry 1)");
        for (String c : java.util.List.of("renesas,scif", "renesas,rcar-gen2-scif", "renesas,rcar-gen3-scif")) {
            out.put(c, "SCIF serial port (sh-sci)");
        }
        for (String c : java.util.List.of("renesas,hscif", "renesas,rcar-gen2-hscif", "renesas,rcar-gen3-hscif")) {
            out.put(c, "HSCIF serial port (sh-sci)");
        }
        for (String c : SDHI_INTERNAL_DMAC) {
            out.put(c, "SDHI with its internal DMAC (renesas_sdhi_internal_dmac)");
        }
        for (String c : SDHI_SYS_DMAC) {
            out.put(c, "SDHI fed by SYS-DMAC channels (renesas_sdhi_sys_dmac)");
        }
        for (String c : java.util.List.of("renesas,rmobile-iic", "renesas,rcar-gen2-iic", "renesas,rcar-gen3-iic")) {
            out.put(c, "IIC (i2c-sh_mobile)");
        }
        return java.util.Collections.unmodifiableSortedMap(out);
    }

    /** renesas_sdhi_internal_dmac.c's {@code renesas_sdhi_internal_dmac_of_match} (Linux 6.12). */
    static final java.util.Set<String> SDHI_INTERNAL_DMAC = java.util.Set.of("renesas,sdhi-r7s9210",
            "renesas,sdhi-mmc-r8a77470", "renesas,sdhi-r8a774b1", "renesas,sdhi-r8a774c0", "renesas,sdhi-r8a774e1",
            "renesas,sdhi-r8a7795", "renesas,sdhi-r8a77961", "renesas,sdhi-r8a77965", "renesas,sdhi-r8a77970",
            "renesas,sdhi-r8a77990", "renesas,sdhi-r8a77995", "renesas,sdhi-r9a09g011", "renesas,sdhi-r9a09g057",
            "renesas,rzg2l-sdhi", "renesas,rcar-gen3-sdhi", "renesas,rcar-gen4-sdhi");
    /** Its entries whose quirks set {@code fixed_addr_mode} (of_rza2_compatible, of_rzg2l_compatible). */
    static final java.util.Set<String> SDHI_FIXED_ADDR_MODE = java.util.Set.of("renesas,sdhi-r7s9210",
            "renesas,sdhi-r9a09g011", "renesas,sdhi-r9a09g057", "renesas,rzg2l-sdhi");
    /** renesas_sdhi_sys_dmac.c's {@code renesas_sdhi_sys_dmac_of_match}. */
    static final java.util.Set<String> SDHI_SYS_DMAC = java.util.Set.of("renesas,sdhi-sh73a0", "renesas,sdhi-r8a73a4",
            "renesas,sdhi-r8a7740", "renesas,sdhi-r7s72100", "renesas,sdhi-r8a7778", "renesas,sdhi-r8a7779",
            "renesas,sdhi-r8a7743", "renesas,sdhi-r8a7745", "renesas,sdhi-r8a7790", "renesas,sdhi-r8a7791",
            "renesas,sdhi-r8a7792", "renesas,sdhi-r8a7793", "renesas,sdhi-r8a7794", "renesas,rcar-gen1-sdhi",
            "renesas,rcar-gen2-sdhi", "renesas,sdhi-shmobile");

    /**
     * The entry of rcar-dmac.c's {@code rcar_dmac_of_ids} the node matches (the first of its compatible strings the
     * table lists): "renesas,rcar-dmac" ({@code rcar_dmac_data}), "renesas,rcar-gen4-dmac" or
     * "renesas,dmac-r8a779a0" ({@code rcar_gen4_dmac_data}); null for none.
     */
    static String rcarDmacOfData(List<String> compat) {
        for (String c : compat) {
            if (c.equals("renesas,rcar-dmac") || c.equals("renesas,rcar-gen4-dmac") || c.equals("renesas,dmac-r8a779a0")) {
                return c;
            }
        }
        return null;
    }

    private void addDevice(DtNode n, Bus bus, VirtualClock clock) {
        List<RegEntry> reg = n.reg();
        if (reg.isEmpty()) {
            return;
        }
        // a node inside an ancestor device's window (e.g. SRAM partitions) is part of that window
        for (DtNode a = n.parent().orElse(null); a != null; a = a.parent().orElse(null)) {
            PlatformDevice ad = byNode.get(a);
            if (ad == null) {
                continue;
            }
            for (RegEntry w : ad.reg()) {
                RegEntry r = reg.get(0);
                if (r.address() >= w.address() && r.address() + r.size() <= w.address() + w.size()) {
                    PlatformDevice d = new PlatformDevice(n, reg, window(ad.model(), r.address() - ad.reg().get(0).address()));
                    platform.addDevice(d);
                    byNode.put(n, d);
                    return;
                }
            }
        }
        MmioDevice model = createModel(n, reg, bus, clock);
        PlatformDevice d = new PlatformDevice(n, reg, model);
        for (int i = 0; i < reg.size(); i++) {
            RegEntry r = reg.get(i);
            if (r.size() <= 0) {
                continue;
            }
            String name = reg.size() == 1 ? n.path() : n.path() + " #" + i;
            try {
                if (i == 1 && model instanceof RcarDmac dmac && dmac.isGen4()) {
                    bus.addMmio(name, r.address(), r.size(), dmac.channelWindow());
                } else if (i == 0 || !(model instanceof PlainMmio)) {
                    bus.addMmio(name, r.address(), r.size(), i == 0 ? model : window(model, r.address() - reg.get(0).address()));
                } else {
                    bus.addMmio(name, r.address(), r.size(), new PlainMmio());
                }
            } catch (IllegalArgumentException e) {
                warning(pos(n, "reg"), "%s: register window not mapped: %s", n.path(), e.getMessage());
            }
        }
        if (model instanceof Sdhi s && s.dma() == Sdhi.Dma.SYS_DMAC && reg.get(0).size() < Sdhi.DMA_RX_OFFSET) {
            // the SYS-DMAC RX FIFO sits dma_rx_offset past the data port, outside the reg window; also for the
            // 0x100-byte Gen2 SDHI1/2 of bus shift 0 (renesas_sdhi_sys_dmac.c: src_addr = data port + 0x2000)
            long base = reg.get(0).address() + Sdhi.DMA_RX_OFFSET;
            try {
                bus.addMmio(n.path() + " (DMA RX FIFO)", base, 0x100, window(s, Sdhi.DMA_RX_OFFSET));
            } catch (IllegalArgumentException e) {
                warning(pos(n, "reg"), "%s: DMA RX FIFO not mapped: %s", n.path(), e.getMessage());
            }
        }
        platform.addDevice(d);
        byNode.put(n, d);
    }

    /** A window onto {@code target}'s registers starting {@code offset} bytes in. */
    private static MmioDevice window(MmioDevice target, long offset) {
        return new MmioDevice() {
            @Override
            public long mmioRead(long o, int size) {
                return target.mmioRead(offset + o, size);
            }

            @Override
            public void mmioWrite(long o, int size, long value) {
                target.mmioWrite(offset + o, size, value);
            }
        };
    }

    /**
     * Resolves a phandle + arguments list, reporting entries whose phandle names no node or whose
     * arguments are cut short (DtNode.specifiers() silently stops there).
     */
    private List<PhandleSpecifier> specifiers(DtNode n, String prop, String cellsProp) {
        DtProperty p = n.property(prop).get();
        SourcePosition at = p.position();
        if ((p.length() & 3) != 0) {
            error(at, "%s: %s is not a list of cells", n.path(), prop);
            return List.of();
        }
        List<PhandleSpecifier> specs = n.specifiers(prop, cellsProp);
        int[] cells = p.cells();
        int used = 0;
        for (PhandleSpecifier s : specs) {
            used += 1 + s.args().length;
        }
        if (used < cells.length) {
            int ph = cells[used];
            Optional<DtNode> prov = tree.nodeByPhandle(ph);
            if (prov.isEmpty()) {
                error(at, "%s: %s entry %d: phandle 0x%x does not refer to any node", n.path(), prop, specs.size(), ph);
            } else {
                error(at, "%s: %s entry %d: %s needs %d argument cells (%s) but only %d remain", n.path(), prop,
                        specs.size(), prov.get().path(), prov.get().u32(cellsProp).orElse(0), cellsProp,
                        cells.length - used - 1);
            }
        }
        return specs;
    }

    private void linkIpmmuMain(PlatformDevice d) {
        DtNode n = d.node();
        if (!n.hasProperty("renesas,ipmmu-main")) {
            return;
        }
        Ipmmu leaf = (Ipmmu) d.model();
        if (!leaf.features().hasCacheLeafNodes()) {
            return;
        }
        // renesas,ipmmu-main = <&ipmmu_mm N> (Gen3: the phandle and the interrupt bit) or <&ipmmu_mm> (Gen4, the
        // binding's "minItems: 1"); ipmmu_probe() only asks whether the property is there
        DtProperty prop = n.property("renesas,ipmmu-main").get();
        int[] cells = (prop.length() & 3) == 0 ? prop.cells() : new int[0];
        Optional<DtNode> mainNode = cells.length == 1 || cells.length == 2 ? tree.nodeByPhandle(cells[0])
                : Optional.empty();
        if (mainNode.isEmpty()) {
            error(prop.position(), "%s: renesas,ipmmu-main must be <&main-ipmmu> or <&main-ipmmu index>", n.path());
            return;
        }
        DtNode mn = mainNode.get();
        PlatformDevice md = byNode.get(mn);
        if (md == null || !(md.model() instanceof Ipmmu root)) {
            error(pos(n, "renesas,ipmmu-main"), "%s: renesas,ipmmu-main: %s is not an enabled IPMMU", n.path(),
                    mn.path());
            return;
        }
        if (root.root() != root) {
            error(pos(n, "renesas,ipmmu-main"), "%s: renesas,ipmmu-main: %s is itself a leaf IPMMU", n.path(),
                    mn.path());
            return;
        }
        leaf.setRoot(root);
    }

    private void linkIommus(PlatformDevice d) {
        DtNode n = d.node();
        SourcePosition at = pos(n, "iommus");
        List<PhandleSpecifier> specs = specifiers(n, "iommus", "#iommu-cells");
        List<PlatformDevice.IommuLink> links = new ArrayList<>();
        for (PhandleSpecifier s : specs) {
            DtNode in = s.provider();
            PlatformDevice id = byNode.get(in);
            if (!present(in)) {
                warning(at, "%s: iommus: %s is disabled; DMA from this device is not translated", n.path(), in.path());
                continue;
            }
            if (id == null || !(id.model() instanceof Ipmmu mmu)) {
                warning(at, "%s: iommus: %s is not an IPMMU the emulator models; DMA from this device is not translated",
                        n.path(), in.path());
                continue;
            }
            if (s.args().length != 1) {
                error(at, "%s: iommus: %s takes 1 argument cell (the micro-TLB), got %d", n.path(), in.path(),
                        s.args().length);
                continue;
            }
            int utlb = s.args()[0];
            if (utlb < 0 || utlb >= mmu.features().numUtlbs()) {
                error(at, "%s: iommus: micro-TLB %d out of range for %s (%d micro-TLBs)", n.path(), utlb, in.path(),
                        mmu.features().numUtlbs());
                continue;
            }
            PlatformDevice.IommuLink l = new PlatformDevice.IommuLink(mmu, in, utlb);
            d.addIommu(l);
            links.add(l);
        }
        if (d.model() instanceof Sdhi sdhi && sdhi.dma() == Sdhi.Dma.INTERNAL_DMAC && !links.isEmpty()) {
            // one bus master: the first micro-TLB (the SDHI nodes have one iommus entry)
            sdhi.setIommu(links.get(0).ipmmu(), links.get(0).utlb());
        }
        if (d.model() instanceof RcarDmac dmac && !links.isEmpty()) {
            for (int ch = 0; ch < dmac.channelCount(); ch++) {
                PlatformDevice.IommuLink l = links.get(ch % links.size());
                dmac.setIommu(ch, l.ipmmu(), l.utlb());
            }
        }
    }

    private void linkDmas(PlatformDevice d) {
        DtNode n = d.node();
        SourcePosition at = pos(n, "dmas");
        List<PhandleSpecifier> specs = specifiers(n, "dmas", "#dma-cells");
        List<String> names = n.strings("dma-names");
        if (names.size() != specs.size()) {
            error(pos(n, "dma-names"), "%s: %d dma-names for %d dmas entries", n.path(), names.size(), specs.size());
        }
        for (int i = 0; i < specs.size(); i++) {
            PhandleSpecifier s = specs.get(i);
            String name = i < names.size() ? names.get(i) : "";
            DtNode cn = s.provider();
            PlatformDevice cd = byNode.get(cn);
            Object model = cd == null ? null : cd.model();
            if (!present(cn)) {
                warning(at, "%s: dmas: %s (\"%s\") is disabled", n.path(), cn.path(), name);
                model = null;
            } else if (model instanceof RcarDmac dmac) {
                if (s.args().length != 1) {
                    error(at, "%s: dmas: %s takes 1 argument cell (the MID/RID), got %d", n.path(), cn.path(),
                            s.args().length);
                    continue;
                }
                int midRid = s.args()[0];
                boolean tx = name.equals("tx");
                if (!tx && !name.equals("rx")) {
                    // channels other than tx/rx (none on the modelled clients) are recorded only
                } else if (d.model() instanceof Scif scif) {
                    scif.connectDma(dmac, midRid, tx);
                } else if (d.model() instanceof Sdhi sdhi) {
                    sdhi.connectDma(dmac, midRid, tx);
                } else if (d.model() instanceof Iic iic) {
                    iic.connectDma(dmac, midRid, tx);
                }
            }
            d.addDma(new PlatformDevice.DmaLink(name, cn, s.args().clone(), model, s.position()));
        }
    }
}
