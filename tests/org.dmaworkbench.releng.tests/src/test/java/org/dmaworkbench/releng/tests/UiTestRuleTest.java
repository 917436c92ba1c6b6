package org.dmaworkbench.releng.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;

/**
 * Every UI test class (a class with tests in a {@code tests/*.ui.tests} bundle) uses the UiHealth rule, so no UI test
 * escapes the UI-thread stall watchdog and the error-log check, including the ones added later.
 */
public class UiTestRuleTest {
    private static final Pattern RULE = Pattern.compile(
            "@Rule\\s*(\\(order\\s*=\\s*Integer\\.MIN_VALUE\\))?\\s*public\\s+final\\s+UiHealth\\s+\\w+\\s*=\\s*new\\s+UiHealth\\(\\)");

    @Test
    public void everyUiTestClassUsesTheUiHealthRule() throws IOException {
        List<String> missing = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> bundles = Files.list(Builds.root().resolve("tests"))) {
            for (Path bundle : (Iterable<Path>) bundles.filter(b -> b.getFileName().toString().endsWith(".ui.tests"))
                    .sorted()::iterator) {
                try (Stream<Path> files = Files.walk(bundle.resolve("src"))) {
                    for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java")).sorted()::iterator) {
                        String text = Files.readString(f);
                        if (!text.contains("@Test")) {
                            continue;
                        }
                        classes++;
                        if (!RULE.matcher(text).find()) {
                            missing.add(Builds.root().relativize(f).toString());
                        }
                    }
                }
            }
        }
        // five UI test bundles with at least one test class each
        assertTrue("UI test classes found: " + classes, classes >= 5);
        assertEquals("UI test classes without @Rule public final UiHealth ... = new UiHealth()", List.of(), missing);
    }
}
