package org.dmaworkbench.releng.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The feature installs into an Eclipse that does not have DMA Workbench, from the update site alone, as a user's
 * Help &gt; Install New Software does, and the installation starts with our perspective, launch type and views.
 * The build installs it before the tests run (this module's pom: the p2 director installs the platform-only product
 * of releng/org.dmaworkbench.product, then the feature group from the update site; a requirement the feature does
 * not bring and the platform lacks fails that step).
 */
public class FeatureInstallTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Path installed() {
        Path p = Path.of(System.getProperty("dmaworkbench.installed", "target/installed/platform"));
        assertTrue("no installation at " + p + " (the director runs in process-test-classes)", Files.isDirectory(p));
        return p;
    }

    @Test
    public void theInstallationHoldsEveryFeatureBundleInItsProfile() throws Exception {
        Path home = installed();
        String bundlesInfo = Files.readString(home.resolve(
                "configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"));
        for (String id : List.of("org.dmaworkbench.devicetree", "org.dmaworkbench.hw", "org.dmaworkbench.kernel",
                "org.dmaworkbench.emulation", "org.dmaworkbench.launch", "org.dmaworkbench.launch.ui", "org.dmaworkbench.ui",
                "org.dmaworkbench.emulation.ui", "org.dmaworkbench.doc")) {
            assertTrue(id + " is not installed", bundlesInfo.contains("\n" + id + ","));
        }
        try (Stream<Path> profiles = Files.list(home.resolve("p2/org.eclipse.equinox.p2.engine/profileRegistry"))) {
            assertEquals(List.of("DMAWorkbenchTestPlatform.profile"),
                    profiles.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    public void theInstallationStartsWithThePerspectiveTheLaunchTypeAndTheViews() throws Exception {
        if (System.getenv("DISPLAY") == null) {
            fail("no DISPLAY: run the tests through releng/run-tests, which provides one with Xvfb");
        }
        Path home = installed();
        Path launcher;
        try (Stream<Path> plugins = Files.list(home.resolve("plugins"))) {
            launcher = plugins.filter(p -> p.getFileName().toString().matches("org\\.eclipse\\.equinox\\.launcher_.*\\.jar"))
                    .findFirst().orElseThrow();
        }
        Path out = tmp.newFolder("selftest").toPath();
        Path log = tmp.getRoot().toPath().resolve("installed.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx1g", "-Ddmaworkbench.selftest=" + out, "-jar", launcher.toString(),
                "-install", home.toString(), "-configuration", tmp.newFolder("configuration").toString(),
                "-data", tmp.newFolder("workspace").toString(), "-perspective", "org.dmaworkbench.ui.perspective",
                "-nosplash").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the installed platform did not finish its self-test in 180 s; log:\n" + Files.readString(log));
        }
        assertEquals("exit code; log:\n" + Files.readString(log), 0, p.exitValue());
        // every bundle resolved: nothing the feature needs is missing from the platform
        assertEquals("", Files.readString(out.resolve("unresolved.txt")));
        assertEquals("org.dmaworkbench.ui.perspective\n", Files.readString(out.resolve("perspective.txt")));
        List<String> views = Files.readAllLines(out.resolve("views.txt"), StandardCharsets.UTF_8);
        assertTrue(views.toString(), views.contains("org.dmaworkbench.ui.views.dmaApi"));
        assertTrue(Files.readAllLines(out.resolve("launchtypes.txt")).contains("org.dmaworkbench.launch.emulation"));
        assertEquals("org.dmaworkbench.emulation.ui.scenarioEditor\n", Files.readString(out.resolve("editors.txt")));
        Files.createDirectories(Builds.screenshots());
        Files.copy(out.resolve("ide.png"), Builds.screenshots().resolve("installed-feature.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
