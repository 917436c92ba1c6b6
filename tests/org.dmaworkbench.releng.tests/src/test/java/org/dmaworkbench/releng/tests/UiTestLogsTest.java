package org.dmaworkbench.releng.tests;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Assume;
import org.junit.Test;

/**
 * The end of the UI test run: the workspace log ({@code .metadata/.log}) of every UI test bundle that ran holds no
 * entry, not even one written after the last test (at the workbench's shutdown), which the per-test UiHealth check
 * cannot see. The releng tests run after every UI test bundle in the reactor.
 */
public class UiTestLogsTest {

    @Test
    public void everyUiTestWorkspaceLogIsEmptyAtTheEndOfTheRun() throws IOException {
        List<String> ran = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        try (Stream<Path> bundles = Files.list(Builds.root().resolve("tests"))) {
            for (Path bundle : (Iterable<Path>) bundles.filter(b -> b.getFileName().toString().endsWith(".ui.tests"))
                    .sorted()::iterator) {
                Path reports = bundle.resolve("target/surefire-reports");
                if (!Files.isDirectory(reports)) {
                    continue; // not run in this build (-Dtest=..., a module left out)
                }
                ran.add(bundle.getFileName().toString());
                Path log = bundle.resolve("target/work/data/.metadata/.log");
                if (!Files.exists(log)) {
                    continue;
                }
                String text = Files.readString(log);
                // a log holds !SESSION headers (one per start) and !ENTRY records; only entries are findings
                for (String block : text.split("(?m)^(?=!ENTRY )")) {
                    if (block.startsWith("!ENTRY ")) {
                        entries.add(bundle.getFileName() + ": " + block.strip());
                    }
                }
            }
        }
        // a build of the releng module alone has no UI test run to judge
        Assume.assumeFalse("no UI test bundle ran in this build", ran.isEmpty());
        assertEquals(String.join("\n\n", entries), 0, entries.size());
    }
}
