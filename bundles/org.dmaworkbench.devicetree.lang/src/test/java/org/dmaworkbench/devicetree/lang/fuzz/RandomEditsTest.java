package org.dmaworkbench.devicetree.lang.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.dmaworkbench.devicetree.lang.Analyzer;
import org.dmaworkbench.devicetree.lang.CompileContext;
import org.dmaworkbench.devicetree.lang.FileKey;
import org.dmaworkbench.tests.common.LinuxDts;
import org.dmaworkbench.tests.common.fuzz.CorpusReplay;
import org.junit.Test;

/**
 * The editor features on random edits of the kernel's own Salvator-X and Koelsch with their full include trees (what
 * the committed corpus cannot hold): each round edits the board file as typing would (characters inserted, deleted,
 * replaced; a line deleted or duplicated), from a seeded {@link Random} so that a failure repeats, and asks everything
 * {@link DtsLangFuzzTarget#exercise} asks, on a worker with a deadline.
 */
public class RandomEditsTest {
    private static final String ALPHABET = "{}<>;=&\"/#()[], \n\tx0@-_,:a9";

    @Test
    public void editsOfRealBoardsGiveDiagnosticsNotExceptions() throws IOException {
        Path prefixes = LinuxDts.includePrefixes();
        int broken = 0;
        int rounds = 0;
        for (String board : List.of("arm64/renesas/r8a77951-salvator-x.dts", "arm/renesas/r8a7791-koelsch.dts")) {
            Path file = prefixes.resolve(board);
            String original = Files.readString(file, StandardCharsets.ISO_8859_1);
            Random rnd = new Random(18 + board.length());
            for (int round = 0; round < 30; round++) {
                String text = edit(original, rnd, 1 + rnd.nextInt(3));
                CompileContext ctx = CompileContext.board(file, List.of(prefixes));
                Map<Path, String> buffers = Map.of(FileKey.of(file), text);
                String failure = CorpusReplay.runOne(board + " round " + round, new byte[0],
                        d -> DtsLangFuzzTarget.exercise(ctx, text, buffers::get), 60);
                assertEquals(null, failure);
                if (Analyzer.analyze(ctx, buffers::get).hasErrors()) {
                    broken++;
                }
                rounds++;
            }
        }
        assertEquals(60, rounds);
        // the edits do reach the grammar: many of them break the board
        assertTrue("rounds with errors: " + broken, broken >= 15);
    }

    static String edit(String text, Random rnd, int edits) {
        StringBuilder sb = new StringBuilder(text);
        for (int e = 0; e < edits; e++) {
            int at = rnd.nextInt(sb.length() + 1);
            char c = ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
            switch (rnd.nextInt(5)) {
                case 0 -> sb.insert(at, c);
                case 1 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < sb.length()) {
                        sb.setCharAt(at, c);
                    }
                }
                case 3 -> {
                    int s = sb.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
                    int end = sb.indexOf("\n", at);
                    sb.delete(s, end < 0 ? sb.length() : end);
                }
                default -> {
                    int s = sb.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
                    int end = sb.indexOf("\n", at);
                    String line = sb.substring(s, end < 0 ? sb.length() : end);
                    sb.insert(s, line + "\n");
                }
            }
        }
        return sb.toString();
    }
}
