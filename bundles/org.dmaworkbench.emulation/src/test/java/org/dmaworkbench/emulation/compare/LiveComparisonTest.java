package org.dmaworkbench.emulation.compare;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.emulation.run.tools.RunCommand;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Run-to-run comparison: IOMMU on against off, a run against itself, a run against its own capture. */
public class LiveComparisonTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void iommuOnAgainstOffChangesTheDmaAddressesAndNothingElse() {
        ComparedSource on = ComparedSource.runScenario("default", "on", null);
        ComparedSource off = ComparedSource.runScenario("default", "off", null);
        LiveComparison.Result r = LiveComparison.compare("on", on.snapshot(), "off", off.snapshot());
        // the default scenario maps: sh-sci's TX buffer (map_page) and its coherent RX buffer, the SD reads' two
        // 4-segment scatterlists, the SDHI and SCIF FIFOs (map_resource) and one rcar-dmac hw descriptor page
        assertEquals(13, r.matched());
        assertTrue(r.onlyInA().isEmpty());
        assertTrue(r.onlyInB().isEmpty());
        assertTrue(r.findingsOnlyInA().isEmpty() && r.findingsOnlyInB().isEmpty());
        assertEquals(13, r.changed().size());
        for (LiveComparison.Change c : r.changed()) {
            assertEquals(Set.of(LiveComparison.Field.DMA_ADDRESS), c.fields());
            // behind the IPMMU: an IOVA of the ARM mapping's window [1 GiB, 3 GiB) with the buffer's page offset
            assertTrue(Long.toHexString(c.a().dmaAddr()), c.a().dmaAddr() >= 0x4000_0000L && c.a().dmaAddr() < 0xc000_0000L);
            assertEquals(c.a().cpuPhys() & 0xfff, c.a().dmaAddr() & 0xfff);
            // dma-direct on Koelsch (no dma-ranges): the bus address is the physical address
            if (!c.b().typeName().equals("coherent")) {
                assertEquals(c.b().cpuPhys(), c.b().dmaAddr());
            }
        }
        assertEquals(1, r.devices().size());
        LiveComparison.DeviceVerdict v = r.devices().get(0);
        assertEquals("e6700000.dma-controller", v.device());
        assertEquals("13 of 13 matched mappings differ in DMA address", v.verdict());
        assertFalse(r.same());
    }

    @Test
    public void aRunIsLikeItselfAndLikeItsOwnCapture() throws Exception {
        ComparedSource a = ComparedSource.runScenario("default", null, null);
        ComparedSource b = ComparedSource.runScenario("default", null, null);
        LiveComparison.Result same = LiveComparison.compare("a", a.snapshot(), "b", b.snapshot());
        assertTrue(same.same());
        assertTrue(same.byCallSite());
        assertEquals("same: 13 mappings alike", same.devices().get(0).verdict());
        // its ftrace export replayed: no stacks, so matched by device, type and order; alike
        Path trace = tmp.getRoot().toPath().resolve("t.txt");
        RunCommand.run(List.of("--trace", trace.toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
        assertTrue(Files.size(trace) > 0);
        ComparedSource c = ComparedSource.replay(List.of(trace));
        LiveComparison.Result r = LiveComparison.compare("run", a.snapshot(), "capture", c.snapshot());
        assertFalse(r.byCallSite());
        assertEquals(13, r.matched());
        assertTrue(r.changed().toString(), r.same());
        assertTrue(r.notes().toString(), r.notes().contains(
                "call sites not compared: capture has no stacks; mappings matched by device, type and order"));
    }

    @Test
    public void aLeakIsAFindingOnlyInOneAndAnExtraMappingOnlyInOne() throws Exception {
        Path leak = tmp.newFile("leak.dmascn").toPath();
        Files.writeString(leak, "board = koelsch\niommu ipmmu_ds = on\nclient uart0 {\n\tdevice = &scif0\n"
                + "\ttx text \"x\" repeat 2\n}\nbug uart0 = leak-mapping-at-unbind\n");
        Path clean = tmp.newFile("clean.dmascn").toPath();
        Files.writeString(clean, "board = koelsch\niommu ipmmu_ds = on\nclient uart0 {\n\tdevice = &scif0\n"
                + "\ttx text \"x\" repeat 2\n}\n");
        LiveComparison.Result r = LiveComparison.compare("clean", ComparedSource.runScenario(clean.toString(), null,
                null).snapshot(), "leak", ComparedSource.runScenario(leak.toString(), null, null).snapshot());
        assertEquals(1, r.findingsOnlyInB().size());
        assertEquals("PENDING_AT_UNBIND", r.findingsOnlyInB().get(0).checkId());
        assertTrue(r.findingsOnlyInA().isEmpty());
        assertTrue(r.devices().get(0).verdict(), r.devices().get(0).verdict().endsWith("1 finding only in leak"));
    }
}
