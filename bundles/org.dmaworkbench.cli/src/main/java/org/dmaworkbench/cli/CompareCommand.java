package org.dmaworkbench.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.capture.CaptureImport;
import org.dmaworkbench.emulation.compare.ComparedSource;
import org.dmaworkbench.emulation.compare.LiveComparison;
import org.dmaworkbench.emulation.export.JsonWriter;
import org.dmaworkbench.emulation.live.CallSites;
import org.dmaworkbench.emulation.live.DmaErrorRecord;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.kernel.KernelProfile;

/**
 * {@code dmawb compare [--iommu on|all|off] [--kernel 6.12|4.9] A [--iommu ...] [--kernel ...] B [--json FILE|-]}:
 * compares two runs ({@link LiveComparison}). A source is a scenario file ({@code .dmascn}, or {@code default} for
 * the built-in scenario), run to its end with the {@code --iommu}/{@code --kernel} given before it, or a capture
 * (ftrace text and dma-api/dump files, several joined with commas) replayed. Exit status 0 when they are alike,
 * 1 when they differ, 2 for bad input: what CI needs to catch a change between two kernels or two boards.
 */
final class CompareCommand {
    static final String USAGE = "usage: dmawb compare [--iommu on|all|off] [--kernel 6.12|4.9] A "
            + "[--iommu on|all|off] [--kernel 6.12|4.9] B [--json FILE|-]\n"
            + "  A, B: SCENARIO.dmascn, 'default' (the built-in scenario), or capture files (ftrace text,\n"
            + "        dma-api/dump) joined with commas\n";
    /** Differences listed per kind at most in the text report (the JSON has them all). */
    static final int MAX_LISTED = 50;

    private CompareCommand() {
    }

    private record Side(String source, String iommu, KernelProfile kernel) {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        List<Side> sides = new ArrayList<>();
        String iommu = null;
        KernelProfile kernel = null;
        String json = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
            case "-h", "--help" -> {
                out.print(USAGE);
                return 0;
            }
            case "--iommu", "--kernel", "--json" -> {
                if (i + 1 == args.size()) {
                    return usage(err, a + " needs a value");
                }
                String v = args.get(++i);
                if (a.equals("--json")) {
                    json = v;
                } else if (a.equals("--iommu")) {
                    if (!v.equals("on") && !v.equals("off") && !v.equals("all")) {
                        return usage(err, "--iommu takes on, all or off, not '" + v + "'");
                    }
                    iommu = v;
                } else {
                    kernel = KernelProfile.forVersion(v);
                    if (kernel == null) {
                        return usage(err, "--kernel takes 6.12 or 4.9, not '" + v + "'");
                    }
                }
            }
            default -> {
                if (a.startsWith("-") && a.length() > 1) {
                    return usage(err, "unknown option '" + a + "'");
                }
                sides.add(new Side(a, iommu, kernel));
                iommu = null;
                kernel = null;
            }
            }
        }
        if (sides.size() != 2) {
            return usage(err, "give two sources to compare, not " + sides.size());
        }
        if (iommu != null || kernel != null) {
            return usage(err, "--iommu and --kernel go before the source they apply to");
        }
        ComparedSource[] s = new ComparedSource[2];
        for (int i = 0; i < 2; i++) {
            try {
                s[i] = load(sides.get(i));
            } catch (IllegalArgumentException | CaptureImport.CaptureException e) {
                err.println("dmawb compare: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                err.println("dmawb compare: " + sides.get(i).source() + ": " + e.getMessage());
                return 2;
            }
        }
        String na = "A";
        String nb = "B";
        LiveComparison.Result r = LiveComparison.compare(na, s[0].snapshot(), nb, s[1].snapshot());
        print(r, s[0], s[1], out);
        int status = r.same() ? 0 : 1;
        if (json != null) {
            try {
                if (json.equals("-")) {
                    StringWriter w = new StringWriter();
                    writeJson(r, s[0], s[1], status, w);
                    out.print(w);
                } else {
                    try (Writer w = Files.newBufferedWriter(Path.of(json), StandardCharsets.UTF_8)) {
                        writeJson(r, s[0], s[1], status, w);
                    }
                }
            } catch (IOException | java.io.UncheckedIOException | InvalidPathException e) {
                err.println("dmawb compare: " + json + ": cannot write the JSON report: " + e.getMessage());
                return 2;
            }
        }
        out.flush();
        return status;
    }

    private static ComparedSource load(Side side) throws IOException, CaptureImport.CaptureException {
        String src = side.source();
        if (src.equals("default") || src.endsWith(".dmascn")) {
            return ComparedSource.runScenario(src, side.iommu(), side.kernel());
        }
        if (side.iommu() != null || side.kernel() != null) {
            throw new IllegalArgumentException(src + ": --iommu and --kernel apply to scenarios, not to captures");
        }
        List<Path> files = new ArrayList<>();
        for (String f : src.split(",")) {
            try {
                files.add(Path.of(f));
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("invalid file name '" + f + "'");
            }
        }
        return ComparedSource.replay(files);
    }

    private static void print(LiveComparison.Result r, ComparedSource a, ComparedSource b, PrintStream out) {
        out.printf("A  %s: %d mappings, %d findings%n", a.name(), a.snapshot().history().size(),
                a.snapshot().errors().size());
        out.printf("B  %s: %d mappings, %d findings%n", b.name(), b.snapshot().history().size(),
                b.snapshot().errors().size());
        out.printf("%d mappings matched by device, type, %sorder: %d changed, %d only in A, %d only in B; "
                + "%d findings only in A, %d only in B%n", r.matched(), r.byCallSite() ? "call site and " : "",
                r.changed().size(), r.onlyInA().size(), r.onlyInB().size(), r.findingsOnlyInA().size(),
                r.findingsOnlyInB().size());
        out.println();
        for (LiveComparison.DeviceVerdict d : r.devices()) {
            out.printf("%s: %s%n", d.device(), d.verdict());
        }
        if (!r.changed().isEmpty()) {
            out.println();
            out.println("changed:");
            int n = 0;
            for (LiveComparison.Change c : r.changed()) {
                if (n++ == MAX_LISTED) {
                    out.printf("  ... %d more%n", r.changed().size() - MAX_LISTED);
                    break;
                }
                List<String> f = new ArrayList<>();
                for (LiveComparison.Field x : c.fields()) {
                    f.add(LiveComparison.name(x) + " " + value(x, c.a()) + " -> " + value(x, c.b()));
                }
                out.printf("  %s %s %s: %s%n", c.a().device(), c.a().typeName(), site(c.a()), String.join(", ", f));
            }
        }
        list(out, "only in A", r.onlyInA());
        list(out, "only in B", r.onlyInB());
        findings(out, "findings only in A", r.findingsOnlyInA());
        findings(out, "findings only in B", r.findingsOnlyInB());
        if (!r.notes().isEmpty()) {
            out.println();
            r.notes().forEach(n -> out.println("note: " + n));
        }
    }

    private static String site(Mapping m) {
        String s = CallSites.of(m.stack());
        return s.isEmpty() ? "" : "at " + s;
    }

    private static String value(LiveComparison.Field f, Mapping m) {
        return switch (f) {
        case SIZE -> Long.toString(m.size());
        case DIRECTION -> m.directionName();
        case ATTRS -> "0x" + Long.toHexString(m.attrs());
        case DMA_ADDRESS -> "0x" + Long.toHexString(m.dmaAddr());
        };
    }

    private static void list(PrintStream out, String title, List<Mapping> ms) {
        if (ms.isEmpty()) {
            return;
        }
        out.println();
        out.println(title + ":");
        int n = 0;
        for (Mapping m : ms) {
            if (n++ == MAX_LISTED) {
                out.printf("  ... %d more%n", ms.size() - MAX_LISTED);
                break;
            }
            out.printf("  %s %s D=0x%x L=%d %s %s%n", m.device(), m.typeName(), m.dmaAddr(), m.size(),
                    m.directionName(), site(m));
        }
    }

    private static void findings(PrintStream out, String title, List<DmaErrorRecord> fs) {
        if (fs.isEmpty()) {
            return;
        }
        out.println();
        out.println(title + ":");
        for (DmaErrorRecord e : fs) {
            out.println("  " + e.summary());
        }
    }

    private static void writeJson(LiveComparison.Result r, ComparedSource a, ComparedSource b, int status, Writer w)
            throws IOException {
        JsonWriter j = new JsonWriter(w);
        j.beginObject();
        j.name("a").value(a.name());
        j.name("b").value(b.name());
        j.name("exitStatus").value(status);
        j.name("same").value(r.same());
        j.name("byCallSite").value(r.byCallSite());
        j.name("matched").value(r.matched());
        j.name("devices").beginArray();
        for (LiveComparison.DeviceVerdict d : r.devices()) {
            j.beginObject();
            j.name("device").value(d.device());
            j.name("matched").value(d.matched());
            j.name("changed").value(d.changed());
            j.name("onlyInA").value(d.onlyInA());
            j.name("onlyInB").value(d.onlyInB());
            j.name("findingsOnlyInA").value(d.findingsOnlyInA());
            j.name("findingsOnlyInB").value(d.findingsOnlyInB());
            j.name("verdict").value(d.verdict());
            j.endObject();
        }
        j.endArray();
        j.name("changed").beginArray();
        for (LiveComparison.Change c : r.changed()) {
            j.beginObject();
            j.name("fields").beginArray();
            for (LiveComparison.Field f : c.fields()) {
                j.value(f.name());
            }
            j.endArray();
            j.name("a");
            mapping(j, c.a());
            j.name("b");
            mapping(j, c.b());
            j.endObject();
        }
        j.endArray();
        j.name("onlyInA").beginArray();
        for (Mapping m : r.onlyInA()) {
            mapping(j, m);
        }
        j.endArray();
        j.name("onlyInB").beginArray();
        for (Mapping m : r.onlyInB()) {
            mapping(j, m);
        }
        j.endArray();
        j.name("findingsOnlyInA").beginArray();
        for (DmaErrorRecord e : r.findingsOnlyInA()) {
            finding(j, e);
        }
        j.endArray();
        j.name("findingsOnlyInB").beginArray();
        for (DmaErrorRecord e : r.findingsOnlyInB()) {
            finding(j, e);
        }
        j.endArray();
        j.name("notes").beginArray();
        for (String n : r.notes()) {
            j.value(n);
        }
        j.endArray();
        j.endObject();
        w.write('\n');
    }

    private static void mapping(JsonWriter j, Mapping m) throws IOException {
        j.beginObject();
        j.name("device").value(m.device());
        j.name("driver").value(m.driver());
        j.name("type").value(m.typeName());
        j.name("dmaAddr").value("0x" + Long.toHexString(m.dmaAddr()));
        j.name("cpuPhys").value("0x" + Long.toHexString(m.cpuPhys()));
        j.name("size").value(m.size());
        j.name("direction").value(m.directionName());
        j.name("attrs").value(m.attrs());
        j.name("callSite").value(CallSites.of(m.stack()));
        j.endObject();
    }

    private static void finding(JsonWriter j, DmaErrorRecord e) throws IOException {
        j.beginObject();
        j.name("check").value(e.checkId());
        j.name("device").value(e.device());
        j.name("message").value(e.message());
        j.endObject();
    }

    private static int usage(PrintStream err, String problem) {
        err.println("dmawb compare: " + problem);
        err.print(USAGE);
        return 2;
    }
}
