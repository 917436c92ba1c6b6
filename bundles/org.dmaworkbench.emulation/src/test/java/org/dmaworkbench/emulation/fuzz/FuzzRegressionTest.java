package org.dmaworkbench.emulation.fuzz;

import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.dmaworkbench.tests.common.fuzz.CorpusReplay;
import org.junit.Test;

/**
 * The fuzz targets of this bundle over their committed corpora (src/test/fuzz/TARGET: the test inputs of the scenario
 * and replay tests and every input a fuzzing run found a bug with): no exception, no hang, no allocation over the
 * budget. {@code releng/scripts/fuzz TARGET SECONDS} fuzzes one for longer and adds what it finds to the corpus.
 */
public class FuzzRegressionTest {
    /** Seconds an input may take; the slowest seed (a scenario run of 400 steps) takes well under one. */
    static final long DEADLINE_S = 30;

    static void replay(String target, CorpusReplay.Target t, int atLeast) {
        CorpusReplay.Result r = CorpusReplay.run(Path.of("src/test/fuzz", target), t, DEADLINE_S);
        assertTrue(target + ": only " + r.inputs() + " inputs", r.inputs() >= atLeast);
        assertTrue(r.report(), r.failures().isEmpty());
    }

    @Test
    public void scenario() {
        replay("scenario", ScenarioFuzzTarget::fuzzerTestOneInput, 8);
    }

    @Test
    public void ftrace() {
        replay("ftrace", FtraceFuzzTarget::fuzzerTestOneInput, 2);
    }

    @Test
    public void dump() {
        replay("dump", DumpFuzzTarget::fuzzerTestOneInput, 2);
    }
}
