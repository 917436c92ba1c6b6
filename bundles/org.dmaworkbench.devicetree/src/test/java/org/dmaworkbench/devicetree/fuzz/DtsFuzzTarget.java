package org.dmaworkbench.devicetree.fuzz;

import java.util.Optional;

import org.dmaworkbench.devicetree.CompileOptions;
import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.Dtb;
import org.dmaworkbench.devicetree.DtbFormatException;
import org.dmaworkbench.devicetree.DtsWriter;
import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.devicetree.SourceFile;
import org.dmaworkbench.tests.common.fuzz.Budget;
import org.dmaworkbench.tests.common.fuzz.FuzzFinding;
import org.dmaworkbench.tests.common.fuzz.SourceBundle;

/**
 * Fuzz target: the preprocessor and the DTS parser with dtc's checks, on a {@link SourceBundle} (a board file and the
 * headers it includes, all mutated). A tree that compiles must also write as DTB and DTS and read back from its DTB.
 * Bad input must come out as diagnostics; an "internal error" or "nested too deeply to process" diagnostic (an
 * exception or a stack overflow the compiler caught), a thrown exception, a hang or an allocation over
 * {@link Budget#BYTES_PER_INPUT} is a finding. Run it long with {@code releng/scripts/fuzz dts}.
 */
public final class DtsFuzzTarget {
    private DtsFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) throws DtbFormatException {
        Budget budget = Budget.start();
        SourceBundle b = SourceBundle.parse(data);
        IncludeResolver r = (name, angled, including) -> Optional.ofNullable(b.files().get(name))
                .map(t -> new SourceFile(name, t));
        // -@ on every other input: __symbols__ and the overlay trees are code paths of their own
        CompileOptions o = (data.length & 1) == 0 ? CompileOptions.defaults() : CompileOptions.kernelBuild().withSymbols(true);
        CompileResult res = DeviceTreeCompiler.compile("board.dts", b.main(), r, o);
        checkDiagnostics(res, "board.dts");
        Optional<DeviceTree> tree = res.tree();
        if (tree.isPresent() && !res.hasErrors()) {
            byte[] dtb = Dtb.write(tree.get());
            DeviceTree back = Dtb.read(dtb);
            if (back.root().children().size() != tree.get().root().children().size()) {
                throw new FuzzFinding("the DTB read back has " + back.root().children().size() + " children of /, "
                        + "the compiled tree " + tree.get().root().children().size());
            }
            DtsWriter.write(tree.get());
        }
        budget.check("compiling " + data.length + " bytes");
    }

    /**
     * Throws on the two diagnostics DeviceTreeCompiler makes of a caught exception or stack overflow (named after the
     * main file, without a position; a fuzzed file name may contain the same words).
     */
    public static void checkDiagnostics(java.util.List<Diagnostic> diagnostics, String mainFile) {
        for (Diagnostic d : diagnostics) {
            if (isInternalError(d.message(), mainFile)) {
                throw new FuzzFinding(d.format());
            }
        }
    }

    static void checkDiagnostics(CompileResult res, String mainFile) {
        checkDiagnostics(res.diagnostics(), mainFile);
    }

    public static boolean isInternalError(String message, String mainFile) {
        return message.startsWith(mainFile + ": internal error in the device-tree compiler: ")
                || message.equals(mainFile + ": input nested too deeply to process");
    }
}
