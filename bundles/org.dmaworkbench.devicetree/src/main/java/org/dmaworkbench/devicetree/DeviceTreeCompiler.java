package org.dmaworkbench.devicetree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.internal.AbortException;
import org.dmaworkbench.devicetree.internal.Interner;
import org.dmaworkbench.devicetree.internal.Limits;
import org.dmaworkbench.devicetree.internal.MappedText;
import org.dmaworkbench.devicetree.internal.Reporter;
import org.dmaworkbench.devicetree.internal.dts.Checks;
import org.dmaworkbench.devicetree.internal.dts.DtsLexer;
import org.dmaworkbench.devicetree.internal.dts.DtsParser;
import org.dmaworkbench.devicetree.internal.dts.Label;
import org.dmaworkbench.devicetree.internal.dts.LiveNode;
import org.dmaworkbench.devicetree.internal.dts.LiveProp;
import org.dmaworkbench.devicetree.internal.dts.OverlayTrees;
import org.dmaworkbench.devicetree.internal.dts.Loc;
import org.dmaworkbench.devicetree.internal.dts.Tree;
import org.dmaworkbench.devicetree.internal.pp.Preprocessor;

/**
 * Compiles device-tree sources the way the kernel build does: the C preprocessor
 * ({@code cpp -nostdinc -I… -undef -D__DTS__ -x assembler-with-cpp}) followed by dtc (parse, checks with
 * phandle allocation, DTB). /plugin/ sources get dtc 1.6.1's fragments, __fixups__ and __local_fixups__;
 * {@link CompileOptions} add -@ (__symbols__), cpp -D macros and -W switches. Bad input never throws: every
 * problem is a {@link Diagnostic}. Safe to call from several threads; included files are cached while unchanged.
 */
public final class DeviceTreeCompiler {
    private DeviceTreeCompiler() {
    }

    /**
     * Compiles a file. #include "…" looks in the file's own directory first, then in {@code includeDirs};
     * #include &lt;…&gt; only in {@code includeDirs}.
     */
    public static CompileResult compile(Path dts, List<Path> includeDirs) {
        return compile(dts, includeDirs, CompileOptions.defaults());
    }

    /** {@link #compile(Path, List)} with dtc's -@ and cpp's -D options. */
    public static CompileResult compile(Path dts, List<Path> includeDirs, CompileOptions options) {
        String name = dts.toString();
        String text;
        try {
            long size = Files.size(dts);
            if (size > options.limits().maxFileBytes()) {
                return failure(name + ": file is too large (" + size + " bytes, limit file-bytes "
                        + options.limits().maxFileBytes() + ")");
            }
            text = Files.readString(dts, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return failure(name + ": No such file or directory");
        }
        return compile(name, text, IncludeResolver.directories(includeDirs), options);
    }

    private static CompileResult failure(String message) {
        return new CompileResult(null, List.of(new Diagnostic(Severity.ERROR, null, message)));
    }

    /** Compiles in-memory text (editor buffers, bundled boards); includes go through {@code resolver}. */
    public static CompileResult compile(String fileName, String text, IncludeResolver resolver) {
        return compile(fileName, text, resolver, CompileOptions.defaults());
    }

    /** {@link #compile(String, String, IncludeResolver)} with dtc's -@ and cpp's -D options. */
    public static CompileResult compile(String fileName, String text, IncludeResolver resolver,
            CompileOptions options) {
        Reporter rep = new Reporter();
        DeviceTree tree = null;
        Macros macros = Macros.none();
        try {
            if (text.length() > options.limits().maxFileBytes()) {
                rep.error(null, 0, 0, fileName + ": file is too large (" + text.length() + " characters, limit "
                        + "file-bytes " + options.limits().maxFileBytes() + ")");
                return new CompileResult(null, rep.diagnostics());
            }
            Preprocessor pp = new Preprocessor(resolver, rep);
            pp.setLimits(options.limits());
            for (String d : options.defines()) {
                pp.defineCommandLine(d);
            }
            MappedText t;
            try {
                t = pp.run(new SourceFile(fileName, text));
            } finally {
                Preprocessor.Table table = pp.macroTable();
                macros = new Macros(table::definitions, table::expand);
            }
            if (!rep.hasErrors()) {
                tree = compilePreprocessed(t, rep, resolver, options, pp.interner());
            }
        } catch (AbortException e) {
            tree = null;
        } catch (StackOverflowError e) {
            rep.add(new Diagnostic(Severity.ERROR, null, fileName + ": input nested too deeply to process"));
            tree = null;
        } catch (RuntimeException e) {
            rep.add(new Diagnostic(Severity.ERROR, null, fileName + ": internal error in the device-tree compiler: "
                    + e));
            tree = null;
        }
        return new CompileResult(tree, rep.diagnostics(), macros);
    }

    /** Parses already preprocessed text, runs dtc's checks and freezes the tree (null after a parse error). */
    static DeviceTree compilePreprocessed(MappedText t, Reporter rep, IncludeResolver resolver,
            CompileOptions options, Interner names) {
        DtsLexer lx = new DtsLexer(t, rep, resolver, names);
        lx.setLimits(options.limits());
        DtsParser p = new DtsParser(lx, rep);
        p.setLimits(options.limits());
        if (!p.parse()) {
            return null;
        }
        int bootCpu = guessBootCpuId(p.root);
        Checks checks = new Checks(p.root, rep, p.plugin, options::warning, options.symbols());
        checks.run();
        if (!rep.hasErrors()) {
            // dtc stops after failed checks; it generates these trees only for a tree it will write
            new OverlayTrees(p.root, checks, rep).run(options.symbols(), p.plugin);
        }
        return freeze(p.root, p.memReserve, bootCpu);
    }

    /** dtc's guess_boot_cpuid(): reg of the first child of /cpus when it is one cell. */
    private static int guessBootCpuId(LiveNode root) {
        LiveNode cpus = Tree.nodeByPath(root, "/cpus");
        if (cpus == null || cpus.children.isEmpty()) {
            return 0;
        }
        LiveProp reg = cpus.children.get(0).prop("reg");
        if (reg == null || reg.len != 4) {
            return 0;
        }
        return reg.cell(0);
    }

    static DeviceTree freeze(LiveNode root, List<long[]> memReserve, int bootCpu) {
        DtNode r = freeze(root, null);
        return new DeviceTree(r, memReserve, bootCpu);
    }

    private static DtNode freeze(LiveNode n, DtNode parent) {
        SourcePosition pos = n.loc == null ? null : n.loc.position();
        List<DtProperty> props = new ArrayList<>(n.props.size());
        for (LiveProp p : n.props) {
            if (p.deleted) {
                continue;
            }
            List<String> labels = p.labels.isEmpty() ? List.of() : liveLabels(p.labels);
            Loc l = p.loc;
            DtProperty dp = new DtProperty(p.name, p.value(), labels, l == null ? pos : l.position());
            dp.chunks = p.chunks;
            for (org.dmaworkbench.devicetree.internal.dts.Marker m : p.markers) {
                if (m.type == org.dmaworkbench.devicetree.internal.dts.Marker.REF_PHANDLE
                        || m.type == org.dmaworkbench.devicetree.internal.dts.Marker.REF_PATH) {
                    if (dp.references.isEmpty()) {
                        dp.references = new ArrayList<>(2);
                    }
                    dp.references.add(new DtProperty.Reference(m.offset, m.ref,
                            m.type == org.dmaworkbench.devicetree.internal.dts.Marker.REF_PATH));
                }
            }
            if (!dp.references.isEmpty()) {
                dp.references = List.copyOf(dp.references);
            }
            props.add(dp);
        }
        String path = parent == null ? "/" : parent.path().equals("/") ? "/" + n.name : parent.path() + "/" + n.name;
        DtNode d = new DtNode(n.name, path, parent, liveLabels(n.labels), props, pos, n.phandle);
        if (pos != null || !n.alsoDefined.isEmpty()) {
            List<SourcePosition> defs = new ArrayList<>(1 + n.alsoDefined.size());
            if (pos != null) {
                defs.add(pos);
            }
            for (Loc l : n.alsoDefined) {
                defs.add(l.position());
            }
            d.definitions = List.copyOf(defs);
        }
        for (Label l : n.labels) {
            if (!l.deleted && l.loc != null) {
                if (d.labelPositions.isEmpty()) {
                    d.labelPositions = new java.util.HashMap<>();
                }
                d.labelPositions.putIfAbsent(l.name, l.loc.position());
            }
        }
        for (LiveNode c : n.children) {
            if (!c.deleted) {
                d.children.add(freeze(c, d));
            }
        }
        return d;
    }

    private static List<String> liveLabels(List<Label> labels) {
        if (labels.isEmpty()) {
            return List.of();
        }
        List<String> l = new ArrayList<>(labels.size());
        for (Label x : labels) {
            if (!x.deleted) {
                l.add(x.name);
            }
        }
        return l;
    }
}
