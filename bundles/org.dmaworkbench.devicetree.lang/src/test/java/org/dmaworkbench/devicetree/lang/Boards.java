package org.dmaworkbench.devicetree.lang;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.tests.common.LinuxDts;

/** The kernel's board files the tests read (never copied into the repository), and analyses of them. */
final class Boards {
    private Boards() {
    }

    static Path prefixes() {
        return LinuxDts.includePrefixes();
    }

    static Path salvatorX() {
        return prefixes().resolve("arm64/renesas/r8a77951-salvator-x.dts");
    }

    static Path r8a77951() {
        return prefixes().resolve("arm64/renesas/r8a77951.dtsi");
    }

    static Path koelsch() {
        return prefixes().resolve("arm/renesas/r8a7791-koelsch.dts");
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The board compiled with {@code text} in place of its file. */
    static Analysis board(Path file, String text) {
        Path key = FileKey.of(file);
        return Analyzer.analyze(CompileContext.board(file, List.of(prefixes())), Map.of(key, text)::get);
    }

    static Analysis board(Path file) {
        return board(file, read(file));
    }

    /** The offset of the {@code n}th (0-based) occurrence of {@code what} in {@code text}. */
    static int offset(String text, String what, int n) {
        int i = -1;
        for (int k = 0; k <= n; k++) {
            i = text.indexOf(what, i + 1);
            if (i < 0) {
                throw new AssertionError("'" + what + "' occurs fewer than " + (n + 1) + " times");
            }
        }
        return i;
    }
}
