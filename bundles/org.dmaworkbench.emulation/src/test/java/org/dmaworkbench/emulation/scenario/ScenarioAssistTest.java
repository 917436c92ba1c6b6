package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.scenario.ScenarioAssist.BoardLabel;
import org.dmaworkbench.emulation.scenario.ScenarioAssist.Proposal;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.junit.Test;

/** Content assist: keys, values, the board's labels and driver bugs, at the place they may be written. */
public class ScenarioAssistTest {
    private static final List<BoardLabel> KOELSCH = ScenarioAssist.labels(
            BuiltinBoards.compile("koelsch").orElseThrow().tree().orElseThrow());

    /** Proposals where '^' is in {@code text}. */
    private static List<Proposal> at(String text) {
        int off = text.indexOf('^');
        return ScenarioAssist.complete(text.substring(0, off) + text.substring(off + 1), off, KOELSCH);
    }

    private static List<String> replacements(String text) {
        return at(text).stream().map(Proposal::replacement).toList();
    }

    @Test
    public void keysAtTheStartOfALine() {
        assertEquals(ScenarioSyntax.KEYS, replacements("^"));
        assertEquals(List.of("dma-debug", "dma-debug.driver_filter", "dma-debug.num_errors", "dma-debug.all_errors"),
                replacements("board = koelsch\ndma^"));
        Proposal p = at("board = koelsch\nse^").get(0);
        assertEquals("seed", p.replacement());
        assertEquals(16, p.replaceOffset());
        assertEquals(2, p.replaceLength());
    }

    @Test
    public void clientKeysInsideAClient() {
        assertEquals(ScenarioSyntax.CLIENT_KEYS, replacements("client a {\n\t^\n}\n"));
        assertEquals(List.of("tx"), replacements("client a { device = &scif0; t^"));
    }

    @Test
    public void deviceLabelsOfTheBoard() {
        // koelsch.dts / r8a7791.dtsi label SCIF0 scif0, HSCIF0 hscif0, SDHI0 sdhi0, IIC i2c6, DMACs dmac0/dmac1
        List<String> labels = replacements("board = koelsch\nclient a {\n\tdevice = ^");
        assertTrue(labels.toString(), labels.containsAll(List.of("&scif0", "&hscif0", "&sdhi0", "&i2c6", "&dmac0")));
        List<Proposal> sc = at("board = koelsch\nclient a {\n\tdevice = &sc^");
        assertEquals(List.of("&scif0"), sc.stream().map(Proposal::replacement).toList());
        assertEquals("a serial port (renesas,scif or renesas,hscif)\ncompatible: renesas,scif-r8a7791, "
                + "renesas,rcar-gen2-scif, renesas,scif\n"
                + "path: /soc/serial@e6e60000", sc.get(0).description());
        // the IOMMU is no device of a client, but the iommu line offers it
        assertTrue(!labels.contains("&ipmmu_ds"));
        assertEquals(List.of("ipmmu_ds"), replacements("iommu ip^"));
        assertEquals(List.of("on", "off"), replacements("iommu ipmmu_ds = ^"));
    }

    @Test
    public void bugNamesWithWhatTheyDo() {
        String text = "client uart0 { device = &scif0; tx bytes 1 }\nbug uart0 = leak-mapping-a^";
        List<Proposal> p = at(text);
        assertEquals(List.of("leak-mapping-at-unbind"), p.stream().map(Proposal::replacement).toList());
        // the kernel bundle's registry says what the driver does; FORMAT.md's bug table: committed by S (sh-sci),
        // reported by dma_debug_device_change (kernel/dma/debug.c), the check PENDING_AT_UNBIND
        String d = p.get(0).description();
        assertEquals("The driver " + DriverBug.LEAK_MAPPING_AT_UNBIND.description() + ".\n"
                + "Committed by a serial port client (sh-sci).\n"
                + "Seen as: dma-debug reports PENDING_AT_UNBIND.", d);
        assertEquals(List.of("uart0"), replacements(text.substring(0, text.indexOf("bug")) + "bug ^"));
    }

    @Test
    public void bugsOfAClientsDeviceOnly() {
        // FORMAT.md's bug table: D (Gen2 SDHI, koelsch's sdhi0) commits the four sg/sync bugs of its column
        List<String> sd = replacements("client sd { device = &sdhi0; read blocks 8 }\nbug sd = ^");
        assertEquals(List.of("sync-for-device-device-write-only", "sg-unmap-wrong-nents", "sg-sync-wrong-nents",
                "sg-segment-too-long"), sd);
        // a device the board does not have: every bug
        assertEquals(DriverBug.values().length,
                replacements("client x { device = &nosuch; read blocks 8 }\nbug x = ^").size());
    }

    @Test
    public void valuesOfKeysAndWorkloads() {
        assertEquals(BuiltinBoards.NAMES, replacements("board = ^"));
        assertEquals(List.of("6.12", "4.9"), replacements("kernel = ^"));
        assertEquals(List.of("time ", "transfers ", "first-error"), replacements("stop = first-error | ^"));
        assertEquals(List.of("text ", "bytes "), replacements("client a {\n\ttx ^"));
        assertEquals(List.of("repeat ", "every ", "segments "), replacements("client a {\n\tread blocks 8 ^"));
    }

    @Test
    public void nothingInCommentsOrStrings() {
        assertEquals(List.of(), replacements("# bo^"));
        assertEquals(List.of(), replacements("client a { tx text \"de^"));
    }
}
