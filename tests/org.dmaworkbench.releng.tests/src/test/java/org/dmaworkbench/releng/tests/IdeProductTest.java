package org.dmaworkbench.releng.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Starts the materialized IDE product the way users do ({@code ./dmawb ide}, no native launcher) on the
 * current display and checks that it opens the DMA Workbench perspective with the DMA-API view.
 */
public class IdeProductTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void productHasNoNativeLauncherButTheLauncherJar() throws IOException {
        Path product = Builds.product();
        try (var plugins = Files.list(product.resolve("plugins"))) {
            assertTrue(plugins.anyMatch(p -> p.getFileName().toString().matches("org\\.eclipse\\.equinox\\.launcher_.*\\.jar")));
        }
        String config = Files.readString(product.resolve("configuration/config.ini"));
        assertTrue(config, config.contains("eclipse.product=org.dmaworkbench.ui.ide"));
        assertTrue(config, config.contains("eclipse.application=org.eclipse.ui.ide.workbench"));
    }

    @Test
    public void ideOpensTheDmaWorkbenchPerspective() throws Exception {
        if (System.getenv("DISPLAY") == null) {
            fail("no DISPLAY: run the tests through releng/run-tests, which provides one with Xvfb");
        }
        Path out = tmp.newFolder("selftest").toPath();
        Path workspace = tmp.newFolder("workspace").toPath();
        Path log = tmp.getRoot().toPath().resolve("ide.log");
        Process p = new ProcessBuilder(Builds.root().resolve("dmawb").toString(), "ide", "--selftest", out.toString(),
                workspace.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the IDE did not finish its self-test in 180 s; log:\n" + Files.readString(log));
        }
        assertEquals("IDE exit code; log:\n" + Files.readString(log), 0, p.exitValue());
        assertEquals("org.dmaworkbench.ui.perspective\n", Files.readString(out.resolve("perspective.txt")));
        List<String> views = Files.readAllLines(out.resolve("views.txt"), StandardCharsets.UTF_8);
        assertTrue(views.toString(), views.contains("org.dmaworkbench.ui.views.dmaApi"));
        Path png = out.resolve("ide.png");
        assertTrue(Files.size(png) > 5000);
        Files.createDirectories(Builds.screenshots());
        Files.copy(png, Builds.screenshots().resolve("ide-product.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
