package org.dmaworkbench.releng.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import org.junit.Test;

/** The dmawb jar runs the core bundles as plain Java: no OSGi, Eclipse or SWT class inside. */
public class CliJarTest {

    @Test
    public void jarHoldsOnlyOurCoreAndTheJdk() throws Exception {
        try (ZipFile jar = new ZipFile(Builds.cliJar().toFile())) {
            long foreign = jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                    .filter(n -> !n.startsWith("org/dmaworkbench/")).count();
            assertEquals(0, foreign);
            assertTrue(jar.getEntry("org/dmaworkbench/cli/Dmawb.class") != null);
        }
    }

    @Test
    public void versionFromTheLauncherScript() throws Exception {
        Process p = new ProcessBuilder(Builds.root().resolve("dmawb").toString(), "--version").redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue());
        assertEquals("dmawb 0.1.0-SNAPSHOT\n", out);
    }
}
