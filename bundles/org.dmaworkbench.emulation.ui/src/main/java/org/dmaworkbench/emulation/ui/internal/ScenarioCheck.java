package org.dmaworkbench.emulation.ui.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax.Statement;
import org.eclipse.osgi.util.NLS;

/**
 * Runs the core's scenario loader (parse, compile the board, validate) over editor text and turns its
 * FILE:LINE:COL diagnostics into char ranges of that text. Problems in the board's own sources are put on the
 * scenario's {@code board} line, with their own position in the message. Runs on any thread.
 */
public final class ScenarioCheck {

    /** One problem: severity, message, 1-based line and column as the diagnostic gave them, char range. */
    public record Problem(Severity severity, String message, int line, int column, int offset, int length) {
    }

    private ScenarioCheck() {
    }

    /**
     * @param fileName the name diagnostics print for the scenario (the file's path)
     * @param baseDir the scenario file's directory, against which a board file and includes resolve
     */
    public static List<Problem> check(String fileName, String text, Path baseDir) {
        List<Problem> out = new ArrayList<>();
        for (Diagnostic d : ScenarioLoader.load(fileName, text, baseDir).diagnostics()) {
            out.add(problem(fileName, text, d));
        }
        return out;
    }

    private static Problem problem(String fileName, String text, Diagnostic d) {
        SourcePosition p = d.position();
        if (p != null && fileName.equals(p.file()) && p.line() > 0) {
            int col = Math.max(1, p.column());
            int off = ScenarioSyntax.offsetOf(text, p.line(), col);
            return new Problem(d.severity(), d.message(), p.line(), col, off, tokenLength(text, off));
        }
        // a problem of the board's sources (or of no place): on the board line, saying where it is
        String msg = p == null ? d.message() : NLS.bind(Messages.Markers_boardProblem, d.format());
        for (Statement s : ScenarioSyntax.statements(text)) {
            if (s.inClient() == null && s.key().equals("board")) {
                int line = lineOf(text, s.start());
                return new Problem(d.severity(), msg, line, 1, s.start(), s.end() - s.start());
            }
        }
        return new Problem(d.severity(), msg, 1, 1, 0, tokenLength(text, 0));
    }

    /** 1-based line of a char offset. */
    public static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The length of the token at {@code off}: up to white space or a separator, at least 1 when text is left. */
    private static int tokenLength(String text, int off) {
        int end = off;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && ";{}|#=".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        if (end == off && off < text.length() && text.charAt(off) != '\n') {
            end++;
        }
        return end - off;
    }
}
