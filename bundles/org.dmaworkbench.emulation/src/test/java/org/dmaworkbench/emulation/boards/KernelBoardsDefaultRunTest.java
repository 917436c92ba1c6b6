package org.dmaworkbench.emulation.boards;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.dmaworkbench.emulation.run.tools.RunCommand;
import org.dmaworkbench.tests.common.LinuxDts;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Every Renesas board file of Linux 6.12 runs its default workload ({@code dmawb run --board FILE -I
 * include-prefixes}) as a 6.12 kernel would on it: exit status 0 and no findings. The kernel attaches only what
 * {@code ipmmu_device_is_allowed()} allows, so no IPMMU runs out of contexts, and a board without a DMA engine the
 * workbench models runs nothing and says so.
 */
@RunWith(Parameterized.class)
public class KernelBoardsDefaultRunTest {

    @Parameters(name = "{0}")
    public static Collection<Object[]> boards() {
        List<Object[]> out = new ArrayList<>();
        for (Path p : LinuxDts.renesasBoards()) {
            out.add(new Object[] {p.getFileName().toString(), p});
        }
        return out;
    }

    private final Path board;

    public KernelBoardsDefaultRunTest(String name, Path board) {
        this.board = board;
    }

    @Test
    public void defaultWorkloadRunsCleanly() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RunCommand.run(List.of("--board", board.toString(), "-I", LinuxDts.includePrefixes().toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(text, 0, code);
        assertFalse(text, text.contains("findings:"));
        assertFalse(text, text.contains("dma-debug 1") || text.contains("Unable to initialize IPMMU context"));
    }
}
