package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The include directories of a kernel tree's board file; the default scenarios of boards the wizard writes. */
public class KernelTreeTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void everyBuiltinDefaultLoadsCleanly() {
        for (String b : org.dmaworkbench.emulation.boards.BuiltinBoards.NAMES) {
            LoadedScenario l = ScenarioLoader.load(b + ".dmascn", BoardDefaults.text(b), Path.of("."));
            assertEquals(b, "", l.formatDiagnostics());
        }
    }

    @Test
    public void includePrefixesOfAModernTree() throws Exception {
        Path root = tmp.newFolder("linux").toPath();
        Files.createDirectories(root.resolve("scripts/dtc/include-prefixes"));
        Files.createDirectories(root.resolve("arch/arm/boot/dts"));
        Files.createDirectories(root.resolve("include"));
        // Linux 6.12 scripts/Makefile.dtbs:116: DTC_INCLUDE := $(srctree)/scripts/dtc/include-prefixes
        assertEquals(List.of(root.resolve("scripts/dtc/include-prefixes")), KernelTree.includeDirs(root));
    }

    @Test
    public void archDirectoriesOfAnOlderTree() throws Exception {
        Path root = tmp.newFolder("linux").toPath();
        Files.createDirectories(root.resolve("arch/arm64/boot/dts"));
        Files.createDirectories(root.resolve("include"));
        assertEquals(List.of(root.resolve("arch/arm64/boot/dts"), root.resolve("include")),
                KernelTree.includeDirs(root));
        assertTrue(KernelTree.includeDirs(tmp.newFolder("empty").toPath()).isEmpty());
    }
}
