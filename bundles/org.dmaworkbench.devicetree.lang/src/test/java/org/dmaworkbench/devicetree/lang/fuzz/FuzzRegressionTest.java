package org.dmaworkbench.devicetree.lang.fuzz;

import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.dmaworkbench.tests.common.fuzz.CorpusReplay;
import org.junit.Test;

/**
 * The editor features' fuzz target over its committed corpus (src/test/fuzz/lang: small kernel board files with the
 * files they include, the built-in boards, and every input a fuzzing run found a bug with). {@code releng/scripts/fuzz
 * lang SECONDS} fuzzes it for longer and adds what it finds to the corpus.
 */
public class FuzzRegressionTest {
    @Test
    public void lang() {
        CorpusReplay.Result r = CorpusReplay.run(Path.of("src/test/fuzz/lang"), DtsLangFuzzTarget::fuzzerTestOneInput,
                60);
        assertTrue("only " + r.inputs() + " inputs", r.inputs() >= 6);
        assertTrue(r.report(), r.failures().isEmpty());
    }
}
