package org.dmaworkbench.devicetree.fuzz;

import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.dmaworkbench.tests.common.fuzz.CorpusReplay;
import org.junit.Test;

/**
 * The fuzz targets of this bundle over their committed corpora (src/test/fuzz/TARGET: seeds from the kernel's own
 * board files and every input a fuzzing run found a bug with): no exception, no hang, no allocation over the budget.
 * {@code releng/scripts/fuzz TARGET SECONDS} fuzzes one for longer and adds what it finds to the corpus.
 */
public class FuzzRegressionTest {
    /** Seconds an input may take: the largest seed compiles in well under a second even on a loaded machine. */
    static final long DEADLINE_S = 30;

    static void replay(String target, CorpusReplay.Target t, int atLeast) {
        CorpusReplay.Result r = CorpusReplay.run(Path.of("src/test/fuzz", target), t, DEADLINE_S);
        // the corpus is there (the seeds alone are this many), so the check below checked something
        assertTrue(target + ": only " + r.inputs() + " inputs", r.inputs() >= atLeast);
        assertTrue(r.report(), r.failures().isEmpty());
    }

    @Test
    public void dts() {
        replay("dts", DtsFuzzTarget::fuzzerTestOneInput, 11);
    }

    @Test
    public void dtb() {
        replay("dtb", DtbFuzzTarget::fuzzerTestOneInput, 5);
    }
}
