package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.junit.Test;

/**
 * Bad input never escapes as an exception: mutated scenario files parse to either a scenario without errors or
 * errors without a scenario, and every diagnostic points into the file. Also keeps FORMAT.md in step with the
 * kernel's DriverBug registry.
 */
public class ScenarioRobustnessTest {

    @Test
    public void mutatedFilesGiveDiagnosticsInsideTheFile() throws IOException {
        String base = ScenarioParserTest.resource("every-key.dmascn");
        String alphabet = "{}=;|&/\"\\#\n\t x0_-.9aZ@";
        Random rnd = new Random(20260101);
        int withErrors = 0;
        for (int round = 0; round < 3000; round++) {
            StringBuilder sb = new StringBuilder(base);
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = rnd.nextInt(sb.length() + 1);
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 1 -> {
                        if (at < sb.length()) {
                            sb.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < sb.length()) {
                            sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                        }
                    }
                }
            }
            String text = sb.toString();
            ScenarioResult r = ScenarioParser.parse("m.dmascn", text);
            assertEquals(text, !r.hasErrors(), r.scenario().isPresent());
            int lines = (int) text.chars().filter(c -> c == '\n').count() + 1;
            for (Diagnostic d : r.diagnostics()) {
                assertNotNull(text, d.position());
                assertEquals("m.dmascn", d.position().file());
                assertTrue(text + d, d.position().line() >= 1 && d.position().line() <= lines);
                assertTrue(text + d, d.position().column() >= 1);
            }
            if (r.hasErrors()) {
                withErrors++;
            }
        }
        // the mutations do hit the grammar: most of them break the file
        assertTrue("mutated files with errors: " + withErrors, withErrors > 1500);
    }

    @Test
    public void formatDocumentsEveryDriverBug() throws IOException {
        String doc;
        try (InputStream in = Scenario.class.getResourceAsStream("FORMAT.md")) {
            doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // the bug table lists exactly the kernel registry's names, in its order
        String section = doc.substring(doc.indexOf("## Driver bugs"), doc.indexOf("## Built-in boards"));
        List<String> rows = new ArrayList<>();
        for (String l : section.lines().toList()) {
            if (l.startsWith("| `")) {
                rows.add(l.substring(3, l.indexOf('`', 3)));
            }
        }
        assertEquals(DriverBug.names(), rows);
    }
}
