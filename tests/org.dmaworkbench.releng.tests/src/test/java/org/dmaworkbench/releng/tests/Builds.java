package org.dmaworkbench.releng.tests;

import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the reactor's outputs are; the tests run after the modules that make them. */
final class Builds {
    private Builds() {
    }

    static Path root() {
        Path root = Path.of(System.getProperty("dmaworkbench.root", "../..")).toAbsolutePath().normalize();
        assertTrue("not the repository root: " + root, Files.isRegularFile(root.resolve("dmawb")));
        return root;
    }

    static Path updateSite() {
        return root().resolve("releng/org.dmaworkbench.repository/target/repository");
    }

    static Path product() {
        return root().resolve("releng/org.dmaworkbench.product/target/products/org.dmaworkbench.ide/linux/gtk/x86_64/dmaworkbench");
    }

    static Path cliJar() {
        return root().resolve("releng/org.dmaworkbench.cli.dist/target/dmawb.jar");
    }

    static Path screenshots() {
        return Path.of(System.getProperty("dmaworkbench.screenshots", "target/screenshots"));
    }
}
