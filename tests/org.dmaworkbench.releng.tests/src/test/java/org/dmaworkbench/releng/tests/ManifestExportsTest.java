package org.dmaworkbench.releng.tests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * Every package of a bundle is exported (API) or exported x-internal (internal), so the IDE bundles can use
 * what the core offers and nothing internal leaks silently. releng/scripts/sync-exports fixes a mismatch.
 */
public class ManifestExportsTest {

    @Test
    public void exportsMatchSourcePackages() throws IOException {
        try (Stream<Path> bundles = Files.list(Builds.root().resolve("bundles"))) {
            for (Path bundle : (Iterable<Path>) bundles.sorted()::iterator) {
                Path src = bundle.resolve("src/main/java");
                if (!Files.isDirectory(src)) {
                    continue;
                }
                Set<String> expected = new TreeSet<>();
                try (Stream<Path> files = Files.walk(src)) {
                    files.filter(f -> f.toString().endsWith(".java")).map(f -> src.relativize(f.getParent()).toString()
                            .replace('/', '.')).forEach(p -> expected.add(p + (p.contains(".internal") ? ";x-internal:=true" : "")));
                }
                Manifest mf;
                try (InputStream in = Files.newInputStream(bundle.resolve("META-INF/MANIFEST.MF"))) {
                    mf = new Manifest(in);
                }
                String header = mf.getMainAttributes().getValue("Export-Package");
                Set<String> actual = new TreeSet<>();
                if (header != null) {
                    for (String e : header.split(",")) {
                        actual.add(e.trim());
                    }
                }
                assertEquals("Export-Package of " + bundle.getFileName() + " (run releng/scripts/sync-exports)", expected, actual);
            }
        }
    }
}
