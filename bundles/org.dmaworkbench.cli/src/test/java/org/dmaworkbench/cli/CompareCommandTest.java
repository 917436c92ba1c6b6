package org.dmaworkbench.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code dmawb compare}: exit status, the verdict per device, the JSON for CI and bad input. */
public class CompareCommandTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Dmawb.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    public void iommuOnAgainstOffDiffersInDmaAddressesOnly() throws Exception {
        Path json = tmp.getRoot().toPath().resolve("c.json");
        assertEquals(err.toString(StandardCharsets.UTF_8), 1,
                run("compare", "--iommu", "on", "default", "--iommu", "off", "default", "--json", json.toString()));
        String text = out();
        assertTrue(text, text.startsWith("A  builtin:default.dmascn (iommu on): 13 mappings, 0 findings\n"
                + "B  builtin:default.dmascn (iommu off): 13 mappings, 0 findings\n"));
        assertTrue(text, text.contains("\ne6700000.dma-controller: 13 of 13 matched mappings differ in DMA address\n"));
        // the SCIF0 FIFO: an IOVA with the FIFO's page offset against its physical address (dma-direct)
        assertTrue(text, text.matches("(?s).*resource at rcar_dmac_map_slave_addr\\+0x[0-9a-f]+/0x[0-9a-f]+: "
                + "DMA address 0x[4-9ab][0-9a-f]{4}00c -> 0xe6e6000c\n.*"));
        String j = Files.readString(json);
        assertTrue(j, j.contains("\"exitStatus\": 1") || j.contains("\"exitStatus\":1"));
        assertTrue(j, j.contains("DMA_ADDRESS"));
    }

    @Test
    public void aRunAgainstItselfIsAlikeWithStatusZero() {
        assertEquals(0, run("compare", "default", "default", "--json", "-"));
        String text = out();
        assertTrue(text, text.contains("e6700000.dma-controller: same: 13 mappings alike\n"));
        assertTrue(text, text.contains("\"same\""));
    }

    @Test
    public void badInputIsExitTwoWithAReason() {
        assertEquals(2, run("compare", "default"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("dmawb compare: give two sources to compare, not 1\n"));
        err.reset();
        assertEquals(2, run("compare", "default", "no-such-file.txt"));
        assertTrue(err.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
                .startsWith("dmawb compare: no-such-file.txt: error: no such file"));
        err.reset();
        assertEquals(2, run("compare", "default", "--iommu", "on", "t.txt"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--iommu and --kernel apply to scenarios"));
    }
}
