package org.dmaworkbench.devicetree.lang.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.Analyzer;
import org.dmaworkbench.devicetree.lang.CompileContext;
import org.dmaworkbench.devicetree.lang.CompiledSource;
import org.dmaworkbench.devicetree.lang.Completions;
import org.dmaworkbench.devicetree.lang.DtsFormatter;
import org.dmaworkbench.devicetree.lang.FileKey;
import org.dmaworkbench.devicetree.lang.HoverInfo;
import org.dmaworkbench.devicetree.lang.Navigator;
import org.dmaworkbench.devicetree.lang.QuickFixes;
import org.dmaworkbench.devicetree.lang.References;
import org.dmaworkbench.devicetree.lang.hardware.Hardware;
import org.dmaworkbench.devicetree.lang.syntax.DtsScanner;
import org.dmaworkbench.devicetree.lang.syntax.SourceModel;
import org.dmaworkbench.tests.common.fuzz.Budget;
import org.dmaworkbench.tests.common.fuzz.FuzzFinding;
import org.dmaworkbench.tests.common.fuzz.SourceBundle;

/**
 * Fuzz target: the device-tree editor's language features, headless, on a {@link SourceBundle} (a board file and the
 * files it includes, as open editor buffers under a folder that does not exist on disk): analysis (compile with
 * positions), colouring, the outline (the source model's nodes and the merged node of each), the Compiled page, the
 * Hardware page, formatting (which must be idempotent), quick fixes, and at spread-out offsets hover, content assist,
 * navigation and find references, whose ranges must lie in the text. The seeds are real board files, so Jazzer's
 * mutations are random edits of them. Run it long with {@code releng/scripts/fuzz lang}.
 */
public final class DtsLangFuzzTarget {
    static final Path ROOT = Path.of("/nonexistent-dmawb-fuzz");
    /** Offsets per input at which hover, assist, navigation and references are asked. */
    static final int PROBES = 24;

    private DtsLangFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        Budget budget = Budget.start();
        SourceBundle b = SourceBundle.parse(data);
        Map<Path, String> buffers = new HashMap<>();
        Path main = ROOT.resolve("board.dts");
        buffers.put(FileKey.of(main), b.main());
        b.files().forEach((name, text) -> {
            try {
                buffers.put(FileKey.of(ROOT.resolve(name)), text);
            } catch (RuntimeException e) {
                // a name that is no path (a NUL in it): the include finds nothing, as on disk
            }
        });
        exercise(CompileContext.board(main, List.of(ROOT)), b.main(), buffers::get);
        budget.check("the editor features on " + data.length + " bytes");
    }

    /** Everything the editor asks of the core about {@code text}, the edited file of {@code ctx}. */
    public static void exercise(CompileContext ctx, String text, java.util.function.Function<Path, String> buffers) {
        Analysis a = Analyzer.analyze(ctx, buffers);
        a.diagnostics().forEach(d -> {
            String main = ctx.kind() == CompileContext.Kind.INCLUDED ? ctx.board().toString() : ctx.file().toString();
            if (d.message().startsWith(main + ": internal error in the device-tree compiler: ")
                    || d.message().equals(main + ": input nested too deeply to process")) {
                throw new FuzzFinding(d.message());
            }
            QuickFixes.forDiagnostic(a, d);
        });
        DtsScanner.scan(text);
        SourceModel m = a.model();
        if (m != null) {
            for (SourceModel.Node n : m.allNodes()) {
                a.nodeOf(n);
            }
        }
        if (a.tree().isPresent()) {
            DeviceTree t = a.tree().get();
            CompiledSource.print(t, true, f -> f);
            Hardware.of(t);
            QuickFixes.simpleBusReg(t);
        }
        String f = DtsFormatter.format(text);
        String ff = DtsFormatter.format(f);
        if (!f.equals(ff)) {
            throw new FuzzFinding("formatting formatted text changed it:\n--- once\n" + f + "\n--- twice\n" + ff);
        }
        for (int at : probes(text)) {
            HoverInfo.at(a, at).ifPresent(h -> inText(text, "hover", h.offset(), h.length()));
            for (Completions.Proposal p : Completions.at(a, text, at)) {
                inText(text, "proposal " + p.label(), p.offset(), p.length());
            }
            Navigator.targetAt(a, at).ifPresent(t -> inText(text, "navigation target", t.offset(), t.length()));
            References.queryAt(a, at).ifPresent(q -> References.find(a, q));
        }
    }

    private static void inText(String text, String what, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > text.length()) {
            throw new FuzzFinding(what + " at " + offset + "+" + length + " outside the text of " + text.length()
                    + " characters");
        }
    }

    /** Offsets where the editor is asked things: after each '&', '<', '"', '=', '#' in turn, spread over the text. */
    static List<Integer> probes(String text) {
        List<Integer> special = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '&' || c == '<' || c == '"' || c == '=' || c == '#' || c == '{') {
                special.add(i + 1);
            }
        }
        List<Integer> out = new ArrayList<>();
        int half = PROBES / 2;
        for (int k = 0; k < half && !special.isEmpty(); k++) {
            out.add(special.get((int) ((long) special.size() * k / half)));
        }
        for (int k = 0; k <= PROBES - out.size() && text.length() > 0; k++) {
            out.add((int) ((long) text.length() * k / (PROBES - half)));
        }
        return out;
    }
}
