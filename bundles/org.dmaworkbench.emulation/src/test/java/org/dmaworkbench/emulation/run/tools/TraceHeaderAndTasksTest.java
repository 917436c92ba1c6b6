package org.dmaworkbench.emulation.run.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The trace export of a run names the SoC's CPUs in its header and the kernel's tasks in its columns. */
public class TraceHeaderAndTasksTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void anH3RunHasEightCpusAndDmatestsThreadInTheTaskColumn() throws IOException {
        File scn = tmp.newFile("m.dmascn");
        Files.writeString(scn.toPath(), "board = salvator-x\nclient copy { device = &dmac1; memcpy bytes 4KiB }\n");
        String trace = new File(tmp.getRoot(), "t.txt").getPath();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(err.toString(), 0, RunCommand.run(Arrays.asList(scn.getPath(), "--trace", trace),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        List<String> l = Files.readAllLines(Path.of(trace));
        // kernel/trace/trace.c print_event_info(): "#P:%d" of num_online_cpus(); R-Car H3 has 4 Cortex-A57 and
        // 4 Cortex-A53
        assertTrue(l.get(2), l.get(2).endsWith("   #P:8"));
        List<String> events = l.stream().filter(x -> !x.startsWith("#")).toList();
        assertEquals(4, events.size());
        // trace_print_context() "%16s-%-7d [%03d] ": dmatest's thread "dma1chan0-copy0" (15 characters) on CPU 0
        for (String e : events) {
            assertTrue(e, e.matches(" dma1chan0-copy0-\\d{3}     \\[000\\] \\.\\.\\.\\.\\. .*"));
        }
    }
}
