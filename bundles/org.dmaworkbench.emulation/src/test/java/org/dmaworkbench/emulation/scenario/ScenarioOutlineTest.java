package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.scenario.ScenarioOutline.Item;
import org.junit.Test;

/** The outline: board, iommus, clients with device and workloads, bugs; also for text that does not parse. */
public class ScenarioOutlineTest {

    private static List<String> flat(List<Item> items, String indent) {
        List<String> out = new ArrayList<>();
        for (Item i : items) {
            out.add(indent + i.kind() + " " + i.label());
            out.addAll(flat(i.children(), indent + "  "));
        }
        return out;
    }

    @Test
    public void defaultScenario() {
        List<Item> items = ScenarioOutline.of(ScenarioLoader.defaultText());
        assertEquals(List.of(
                "BOARD board koelsch",
                "IOMMU iommu ipmmu_ds: on",
                "CLIENT uart0 (&scif0)",
                "  DEVICE device = &scif0",
                "  WORKLOAD tx text \"Hello from DMA Workbench\n\" repeat 3 rate 115200",
                "CLIENT sd0 (&sdhi0)",
                "  DEVICE device = &sdhi0",
                "  WORKLOAD read blocks 8 segments 4 repeat 2"), flat(items, ""));
    }

    @Test
    public void attachBlocksUnderTheirIommu() {
        List<Item> items = ScenarioOutline.of("board = koelsch\niommu ipmmu_ds = on { attach = &dmac0 utlb 0..14 }\n");
        assertEquals(List.of("BOARD board koelsch", "IOMMU iommu ipmmu_ds: on", "  ATTACH attach = &dmac0 utlb 0..14"),
                flat(items, ""));
    }

    @Test
    public void textWithErrorsStillHasItsOutlineAndRanges() {
        String text = "bug c = double-unmap\nboard = \"my.dts\"\ninclude = \"inc\"\nkernel = 5.0\n"
                + "client c { device = &nope; tx bytes\n";
        List<Item> items = ScenarioOutline.of(text);
        assertEquals(List.of(
                "BOARD board \"my.dts\"",
                "  INCLUDE include \"inc\"",
                "CLIENT c (&nope)",
                "  DEVICE device = &nope",
                "  WORKLOAD tx bytes",
                "BUG c: double-unmap"), flat(items, ""));
        Item board = items.get(0);
        assertEquals(text.indexOf("board"), board.offset());
        assertEquals("board = \"my.dts\"".length(), board.length());
        assertEquals(0, items.get(2).offset());
    }
}
