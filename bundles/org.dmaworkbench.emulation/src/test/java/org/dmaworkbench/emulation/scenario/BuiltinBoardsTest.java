package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.PhandleSpecifier;
import org.dmaworkbench.devicetree.RegEntry;
import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.hw.platform.PlatformBuild;
import org.dmaworkbench.hw.platform.PlatformBuilder;
import org.junit.Test;

/**
 * The built-in boards: they compile without any diagnostic with our compiler, and the reference
 * {@code cpp | dtc} pipeline compiles them silently to a DTB that decompiles exactly like ours. The hardware
 * facts the emulator relies on are checked on the compiled trees; expected values are the SoC's (R-Car
 * M2-W / H3 hardware manuals, as the kernel's r8a7791.dtsi / r8a77951.dtsi state them).
 */
public class BuiltinBoardsTest {

    private static DeviceTree tree(String board) {
        CompileResult r = BuiltinBoards.compile(board).orElseThrow();
        assertEquals(board + " diagnostics", "", r.formatDiagnostics());
        return r.tree().orElseThrow();
    }

    private static DtNode node(DeviceTree t, String label) {
        return t.nodeByLabel(label).orElseThrow(() -> new AssertionError("no node labelled " + label));
    }

    private static List<Long> regs(DtNode n) {
        List<Long> out = new ArrayList<>();
        for (RegEntry r : n.reg()) {
            out.add(r.address());
            out.add(r.size());
        }
        return out;
    }

    /** (provider label, args...) of each specifier, as "label:a,b". */
    private static List<String> specs(DtNode n, String prop, String cells) {
        List<String> out = new ArrayList<>();
        for (PhandleSpecifier s : n.specifiers(prop, cells)) {
            StringBuilder sb = new StringBuilder(s.provider().labels().get(0));
            for (int i = 0; i < s.args().length; i++) {
                sb.append(i == 0 ? ":" : ",").append(Integer.toHexString(s.args()[i]));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static List<Long> memory(DeviceTree t) {
        List<Long> out = new ArrayList<>();
        for (DtNode n : t.root().children()) {
            if (n.strings("device_type").contains("memory")) {
                out.addAll(regs(n));
            }
        }
        return out;
    }

    @Test
    public void namesAndUnknownBoard() {
        assertEquals(List.of("koelsch", "salvator-x", "salvator-x-4g-span"), BuiltinBoards.NAMES);
        assertTrue(BuiltinBoards.compile("lager").isEmpty());
        assertTrue(BuiltinBoards.resource("../boards/koelsch.dts").isEmpty());
        assertTrue(BuiltinBoards.resource("BuiltinBoards.class").isEmpty());
        assertEquals("builtin:koelsch.dts", BuiltinBoards.source("koelsch").orElseThrow().name());
    }

    @Test
    public void koelschFacts() {
        DeviceTree t = tree("koelsch");
        assertEquals(List.of(0x4000_0000L, 0x4000_0000L, 0x2_0000_0000L, 0x4000_0000L), memory(t));
        DtNode dmac0 = node(t, "dmac0");
        assertEquals("/soc/dma-controller@e6700000", dmac0.path());
        assertEquals(List.of(0xe670_0000L, 0x2_0000L), regs(dmac0));
        assertEquals(List.of("renesas,dmac-r8a7791", "renesas,rcar-dmac"), dmac0.compatible());
        assertEquals(15, dmac0.u32("dma-channels").getAsLong());
        assertEquals(1, dmac0.u32("#dma-cells").getAsLong());
        List<String> utlbs = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            utlbs.add("ipmmu_ds:" + Integer.toHexString(i));
        }
        assertEquals(utlbs, specs(dmac0, "iommus", "#iommu-cells"));
        assertTrue(dmac0.isEnabled());
        // SYS-DMAC 1 is off and has no iommus, so every client's first request lands on DMAC0
        DtNode dmac1 = node(t, "dmac1");
        assertEquals(List.of(0xe672_0000L, 0x2_0000L), regs(dmac1));
        assertEquals(List.of("renesas,dmac-r8a7791", "renesas,rcar-dmac"), dmac1.compatible());
        assertFalse(dmac1.isEnabled());
        assertEquals(List.of("disabled"), dmac1.strings("status"));
        assertFalse(dmac1.hasProperty("iommus"));

        DtNode ipmmu = node(t, "ipmmu_ds");
        assertEquals(List.of(0xe674_0000L, 0x1000L), regs(ipmmu));
        assertEquals(List.of("renesas,ipmmu-r8a7791", "renesas,ipmmu-vmsa"), ipmmu.compatible());
        assertEquals(1, ipmmu.u32("#iommu-cells").getAsLong());
        assertTrue(ipmmu.isEnabled());

        DtNode scif0 = node(t, "scif0");
        assertEquals(List.of(0xe6e6_0000L, 64L), regs(scif0));
        assertTrue(scif0.isEnabled());
        assertEquals(List.of("renesas,scif-r8a7791", "renesas,rcar-gen2-scif", "renesas,scif"), scif0.compatible());
        assertEquals(List.of("dmac0:29", "dmac0:2a"), specs(scif0, "dmas", "#dma-cells"));
        assertEquals(List.of("tx", "rx"), scif0.strings("dma-names"));
        // the TX FIFO SCFTDR is at +0x0c of the SCIF window
        assertEquals(0xe6e6_000cL, scif0.reg().get(0).address() + 0x0c);

        DtNode hscif0 = node(t, "hscif0");
        assertEquals(List.of(0xe62c_0000L, 96L), regs(hscif0));
        assertEquals(List.of("dmac0:39", "dmac0:3a"), specs(hscif0, "dmas", "#dma-cells"));
        DtNode sdhi0 = node(t, "sdhi0");
        assertEquals(List.of(0xee10_0000L, 0x328L), regs(sdhi0));
        assertEquals(List.of("dmac0:cd", "dmac0:ce"), specs(sdhi0, "dmas", "#dma-cells"));
        assertTrue(sdhi0.isEnabled());
        DtNode iic = node(t, "i2c6");
        assertEquals(List.of(0xe60b_0000L, 0x425L), regs(iic));
        assertTrue(iic.isCompatible("renesas,rmobile-iic"));
        assertEquals(List.of("dmac0:77", "dmac0:78"), specs(iic, "dmas", "#dma-cells"));
        assertEquals("/soc/serial@e6e60000", t.aliases().get("serial0"));
        // no console: sh-sci never uses DMA on the console port
        assertFalse(t.node("/chosen").orElseThrow().hasProperty("stdout-path"));
        DtNode gic = node(t, "gic");
        assertEquals(3, gic.u32("#interrupt-cells").getAsLong());
        // GIC_SPI 197: the DMAC0 error interrupt comes first
        assertArrayEquals(new int[] {0, 197, 4}, java.util.Arrays.copyOf(dmac0.property("interrupts").get().cells(), 3));
    }

    @Test
    public void salvatorXFacts() {
        DeviceTree t = tree("salvator-x");
        assertEquals(List.of(0x4800_0000L, 0x3800_0000L, 0x5_0000_0000L, 0x4000_0000L, 0x6_0000_0000L, 0x4000_0000L,
                0x7_0000_0000L, 0x4000_0000L), memory(t));
        DtNode dmac1 = node(t, "dmac1");
        assertEquals(List.of(0xe730_0000L, 0x1_0000L), regs(dmac1));
        assertEquals(16, dmac1.u32("dma-channels").getAsLong());
        List<String> utlbs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            utlbs.add("ipmmu_ds1:" + Integer.toHexString(i));
        }
        assertEquals(utlbs, specs(dmac1, "iommus", "#iommu-cells"));
        DtNode dmac2 = node(t, "dmac2");
        assertEquals(List.of(0xe731_0000L, 0x1_0000L), regs(dmac2));
        assertEquals("ipmmu_ds1:10", specs(dmac2, "iommus", "#iommu-cells").get(0));
        assertEquals("ipmmu_ds1:1f", specs(dmac2, "iommus", "#iommu-cells").get(15));
        DtNode ds1 = node(t, "ipmmu_ds1");
        assertEquals(List.of(0xe774_0000L, 0x1000L), regs(ds1));
        assertEquals(List.of("renesas,ipmmu-r8a7795"), ds1.compatible());
        int[] main = ds1.property("renesas,ipmmu-main").get().cells();
        assertEquals(node(t, "ipmmu_mm").phandle(), main[0]);
        assertEquals(1, main[1]);
        DtNode hscif0 = node(t, "hscif0");
        assertEquals(List.of(0xe654_0000L, 96L), regs(hscif0));
        assertTrue(hscif0.isEnabled());
        assertEquals(List.of("dmac1:31", "dmac1:30", "dmac2:31", "dmac2:30"), specs(hscif0, "dmas", "#dma-cells"));
        DtNode sdhi0 = node(t, "sdhi0");
        assertEquals(List.of(0xee10_0000L, 0x2000L), regs(sdhi0));
        assertFalse(sdhi0.hasProperty("dmas"));
        assertEquals(List.of("ipmmu_ds1:20"), specs(sdhi0, "iommus", "#iommu-cells"));
        assertFalse(t.node("/chosen").orElseThrow().hasProperty("stdout-path"));
        for (String l : List.of("dmac0", "dmac1", "dmac2")) {
            assertTrue(l, node(t, l).isEnabled());
        }
    }

    @Test
    public void salvatorX4gSpanFacts() {
        DeviceTree t = tree("salvator-x-4g-span");
        // 0xc000_0000-0x1_3fff_ffff less the register hole 0xe600_0000-0xf1ff_ffff
        assertEquals(List.of(0xc000_0000L, 0x2600_0000L, 0xf200_0000L, 0x4e00_0000L), memory(t));
        DtNode m = t.node("/memory@c0000000").orElseThrow();
        RegEntry r = m.reg().get(1);
        assertTrue(r.address() < 0x1_0000_0000L);
        assertEquals(0x1_3fff_ffffL, r.address() + r.size() - 1);
        for (String l : List.of("ipmmu_mm", "ipmmu_ds0", "ipmmu_ds1")) {
            assertFalse(l, node(t, l).isEnabled());
        }
        for (String l : List.of("dmac0", "dmac1", "dmac2", "sdhi0")) {
            assertFalse(l, node(t, l).hasProperty("iommus"));
        }
        assertEquals(List.of("dmac1:31", "dmac1:30", "dmac2:31", "dmac2:30"),
                specs(node(t, "hscif0"), "dmas", "#dma-cells"));
    }

    /** Line (1-based) of the first line of {@code text} containing {@code s} after the line containing {@code after}. */
    private static int lineOf(String text, String after, String s) {
        List<String> lines = text.lines().toList();
        int i = 0;
        while (!lines.get(i).contains(after)) {
            i++;
        }
        while (!lines.get(i).contains(s)) {
            i++;
        }
        return i + 1;
    }

    @Test
    public void everyBoardBuildsAPlatformWithoutDiagnostics() {
        for (String b : BuiltinBoards.NAMES) {
            PlatformBuild pb = PlatformBuilder.build(tree(b));
            StringBuilder sb = new StringBuilder();
            pb.diagnostics().forEach(d -> sb.append(d.format()).append('\n'));
            assertEquals(b, "", sb.toString());
            assertTrue(b, pb.platform().isPresent());
        }
    }

    // ---- the reference pipeline ----

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] run(Path work, List<String> cmd, boolean expectSilence) throws IOException, InterruptedException {
        Path err = work.resolve("stderr.txt");
        Process pr = new ProcessBuilder(cmd).directory(work.toFile()).redirectError(err.toFile()).start();
        pr.getOutputStream().close();
        byte[] out = pr.getInputStream().readAllBytes();
        if (!pr.waitFor(60, TimeUnit.SECONDS)) {
            pr.destroyForcibly();
            fail(String.join(" ", cmd) + " timed out");
        }
        String stderr = Files.readString(err);
        if (pr.exitValue() != 0) {
            fail(String.join(" ", cmd) + " failed: " + stderr);
        }
        if (expectSilence) {
            assertEquals(String.join(" ", cmd) + " printed warnings", "", stderr);
        }
        return out;
    }

    @Test
    public void oursAndCppDtcDecompileIdentically() throws Exception {
        if (!onPath("cpp") || !onPath("dtc")) {
            fail("cpp and dtc must be on PATH for the reference pipeline; releng/run-tests installs them");
        }
        Path work = Files.createTempDirectory("builtin-boards");
        for (String f : List.of("r8a7791.dtsi", "koelsch.dts", "r8a7795.dtsi", "salvator-x.dts",
                "salvator-x-4g-span.dts")) {
            Files.writeString(work.resolve(f), BuiltinBoards.resource(f).orElseThrow().text());
        }
        for (String b : BuiltinBoards.NAMES) {
            byte[] ours = BuiltinBoards.compile(b).orElseThrow().toDtb();
            run(work, List.of("cpp", "-nostdinc", "-undef", "-D__DTS__", "-x", "assembler-with-cpp", b + ".dts", "-o",
                    b + ".pp"), true);
            byte[] ref = run(work, List.of("dtc", "-I", "dts", "-O", "dtb", "-o", "-", b + ".pp"), true);
            Files.write(work.resolve(b + ".ours.dtb"), ours);
            Files.write(work.resolve(b + ".ref.dtb"), ref);
            String a = new String(run(work, List.of("dtc", "-q", "-I", "dtb", "-O", "dts", b + ".ours.dtb"), false));
            String c = new String(run(work, List.of("dtc", "-q", "-I", "dtb", "-O", "dts", b + ".ref.dtb"), false));
            assertEquals(b, c, a);
            assertTrue(b, a.contains("dma-controller@e")); // the comparison saw real content
        }
        try (java.util.stream.Stream<Path> files = Files.list(work)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.delete(f);
            }
        }
        Files.delete(work);
    }
}
