package org.dmaworkbench.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

public class DmawbTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Dmawb.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    public void versionPrintsNameAndVersion() {
        assertEquals(0, run("--version"));
        assertEquals("dmawb dev\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void runWithoutArgumentsRunsTheDefaultScenario() {
        assertEquals(err.toString(StandardCharsets.UTF_8), 0, run("run"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text, text.startsWith("scenario  builtin:default.dmascn on koelsch, kernel 6.12\n"));
        assertTrue(text, text.contains("serial e6e60000.serial: \"Hello from DMA Workbench\\x0a"));
        assertTrue(text, text.contains("dma-debug 0 errors\n"));
    }

    @Test
    public void unknownCommandIsBadInput() {
        assertEquals(2, run("frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("dmawb: unknown command 'frobnicate'\n"));
    }

    @Test
    public void noCommandIsBadInput() {
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: dmawb"));
    }

    @Test
    public void pgtableIsWiredAndPrintsTheLeafEntry() {
        assertEquals(0, run("pgtable", "--format", "lpae-s1-32", "--quirk", "arm-ns", "--map", "0x1000:0xe6e60000:4K:read,write,mmio"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text, text.contains("0xe6e60000"));
    }

    @Test
    public void pgtableBadArgumentsExitTwo() {
        assertEquals(2, run("pgtable", "--format", "nonsense"));
    }

    @Test
    public void dtcIsWiredAndRejectsAMissingFile() {
        assertEquals(2, run("dtc", "/nonexistent/board.dts"));
        assertTrue(err.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8).contains("board.dts"));
    }

    @Test
    public void scenarioIsWiredAndListsTheBuiltinBoards() {
        assertEquals(0, run("scenario", "--list-boards"));
        assertEquals("koelsch\nsalvator-x\nsalvator-x-4g-span\n", out.toString(StandardCharsets.UTF_8));
    }
}
