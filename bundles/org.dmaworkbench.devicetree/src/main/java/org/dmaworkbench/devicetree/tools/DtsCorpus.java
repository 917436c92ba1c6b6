package org.dmaworkbench.devicetree.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.dmaworkbench.devicetree.CompileOptions;
import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.Diagnostic;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.DtProperty;
import org.dmaworkbench.devicetree.Dtb;
import org.dmaworkbench.devicetree.DtbFormatException;
import org.dmaworkbench.devicetree.Severity;
import org.dmaworkbench.devicetree.SourcePosition;

/**
 * The whole-corpus check behind {@code releng/scripts/dts-corpus}: compiles every arm and arm64 board file
 * ({@code *.dts}) of a kernel's {@code scripts/dtc/include-prefixes} with {@link DeviceTreeCompiler} (in-process,
 * one thread per core) and with {@code cpp -nostdinc -I PREFIXES -undef -D__DTS__ -x assembler-with-cpp | dtc
 * -I dts -O dtb -i BOARD_DIR -i PREFIXES} (the kernel's cmd_dtc search path for /include/), compares the DTBs
 * byte for byte and prints a summary; overlays ({@code *.dtso}) the same with
 * {@code -@}, as the kernel builds them. The reference results are cached, keyed by the hash of every file
 * cpp and dtc read (their {@code -MD} / {@code -d} dependency lists), so a second run starts no process for
 * files that did not change. Not part of CI: the corpus is large and lives outside the repository.
 * Exit status 0 when every file dtc compiles is byte-identical and every file it rejects fails here too,
 * 1 otherwise, 2 on bad arguments.
 */
public final class DtsCorpus {
    public static final String USAGE = "usage: dts-corpus [--jobs N] [--cache DIR | --no-cache] [--no-overlays]"
            + " [--symbols] [--match REGEX] [--dtc PROGRAM] [INCLUDE_PREFIXES]\n"
            + "  INCLUDE_PREFIXES  the kernel's scripts/dtc/include-prefixes with real arm/, arm64/ and dt-bindings/\n"
            + "                    (default $HOME/.cache/dmaworkbench/linux-6.12/include-prefixes)\n"
            + "  --jobs N          threads for both compilers (default: the number of cores)\n"
            + "  --cache DIR       where cpp|dtc results are kept (default $HOME/.cache/dmaworkbench/dts-corpus)\n"
            + "  --no-overlays     boards only\n"
            + "  --symbols         boards with -@ too (as DTC_FLAGS += -@ builds them for overlays)\n"
            + "  --match REGEX     only files whose path below INCLUDE_PREFIXES matches REGEX\n"
            + "  --dtc PROGRAM     the reference dtc (default: dtc on PATH, which should be 1.6.1)\n";

    private final Path prefixes;
    private final Path cache;
    private final int jobs;
    private final PrintStream out;
    private final String dtcProgram;
    private String toolVersions;
    private final Map<Path, String> fileHashes = new ConcurrentHashMap<>();
    private final AtomicInteger cacheHits = new AtomicInteger();
    private final AtomicLong oursCpuNanos = new AtomicLong();

    private DtsCorpus(Path prefixes, Path cache, int jobs, PrintStream out, String dtcProgram) {
        this.prefixes = prefixes;
        this.cache = cache;
        this.jobs = jobs;
        this.out = out;
        this.dtcProgram = dtcProgram;
    }

    /** What one side produced for one file: a DTB, or the failure's first error line. */
    private record Outcome(byte[] dtb, String error, SourcePosition where) {
        boolean ok() {
            return dtb != null;
        }
    }

    /** One file compared. */
    private record Row(String name, Outcome ref, Outcome ours) {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String home = System.getProperty("user.home");
        Path prefixes = Path.of(home, ".cache/dmaworkbench/linux-6.12/include-prefixes");
        Path cache = Path.of(home, ".cache/dmaworkbench/dts-corpus");
        int jobs = Runtime.getRuntime().availableProcessors();
        boolean overlays = true;
        boolean boardSymbols = false;
        Pattern match = null;
        String dtcProgram = "dtc";
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--jobs":
                        jobs = Integer.parseInt(args.get(++i));
                        break;
                    case "--cache":
                        cache = Path.of(args.get(++i));
                        break;
                    case "--no-cache":
                        cache = null;
                        break;
                    case "--no-overlays":
                        overlays = false;
                        break;
                    case "--symbols":
                        boardSymbols = true;
                        break;
                    case "--match":
                        match = Pattern.compile(args.get(++i));
                        break;
                    case "--dtc":
                        dtcProgram = args.get(++i);
                        break;
                    case "-h":
                    case "--help":
                        out.print(USAGE);
                        return 0;
                    default:
                        if (a.startsWith("-")) {
                            err.println("dts-corpus: unknown option " + a);
                            err.print(USAGE);
                            return 2;
                        }
                        prefixes = Path.of(a);
                }
            }
        } catch (IndexOutOfBoundsException | NumberFormatException | PatternSyntaxException e) {
            err.println("dts-corpus: bad arguments: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (!Files.isDirectory(prefixes.resolve("arm")) || !Files.isDirectory(prefixes.resolve("arm64"))
                || !Files.isDirectory(prefixes.resolve("dt-bindings"))) {
            err.println("dts-corpus: " + prefixes + " has no arm/, arm64/ and dt-bindings/ directories");
            return 2;
        }
        DtsCorpus c = new DtsCorpus(prefixes.toAbsolutePath().normalize(), cache, Math.max(1, jobs), out,
                dtcProgram);
        try {
            c.toolVersions = c.toolVersions();
            List<String> boards = c.list(".dts", match);
            List<String> dtso = overlays ? c.list(".dtso", match) : List.of();
            out.println("dts-corpus: " + boards.size() + " boards and " + dtso.size() + " overlays under "
                    + c.prefixes + ", " + c.jobs + " threads; reference " + c.toolVersions.replace('\n', ' '));
            boolean clean = c.compare("boards", boards, false);
            if (boardSymbols) {
                clean &= c.compare("boards (-@)", boards, true);
            }
            if (!dtso.isEmpty()) {
                clean &= c.compare("overlays (-@)", dtso, true);
            }
            return clean ? 0 : 1;
        } catch (IOException e) {
            err.println("dts-corpus: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private List<String> list(String suffix, Pattern match) throws IOException {
        List<String> l = new ArrayList<>();
        for (String arch : List.of("arm", "arm64")) {
            try (Stream<Path> s = Files.walk(prefixes.resolve(arch))) {
                l.addAll(s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
                        .map(p -> prefixes.relativize(p).toString())
                        .filter(n -> match == null || match.matcher(n).find())
                        .collect(Collectors.toList()));
            }
        }
        l.sort(null);
        return l;
    }

    private boolean compare(String what, List<String> files, boolean symbols) throws InterruptedException,
            IOException {
        long t0 = System.nanoTime();
        cacheHits.set(0);
        oursCpuNanos.set(0);
        List<Outcome> refs = parallel(files, f -> reference(f, symbols));
        long t1 = System.nanoTime();
        CompileOptions options = CompileOptions.defaults().withSymbols(symbols);
        List<Outcome> ours = parallel(files, f -> ours(f, options));
        long t2 = System.nanoTime();

        List<String> different = new ArrayList<>();
        List<String> onlyRef = new ArrayList<>();
        List<String> onlyOurs = new ArrayList<>();
        List<String> bothSame = new ArrayList<>();
        List<String> bothOther = new ArrayList<>();
        int identical = 0;
        for (int i = 0; i < files.size(); i++) {
            Row r = new Row(files.get(i), refs.get(i), ours.get(i));
            if (r.ref.ok() && r.ours.ok()) {
                if (Arrays.equals(r.ref.dtb, r.ours.dtb)) {
                    identical++;
                } else {
                    different.add(r.name + ": " + firstDifference(r.ours.dtb, r.ref.dtb));
                }
            } else if (r.ref.ok()) {
                onlyOurs.add(r.name + ": ours: " + r.ours.error);
            } else if (r.ours.ok()) {
                onlyRef.add(r.name + ": dtc: " + r.ref.error);
            } else if (r.ref.where != null && r.ours.where != null && sameLine(r.ref.where, r.ours.where)) {
                bothSame.add(r.name + ": " + r.ours.error);
            } else {
                bothOther.add(r.name + ":\n      dtc:  " + r.ref.error + "\n      ours: " + r.ours.error);
            }
        }
        out.println();
        out.println(what + ": " + files.size());
        out.println("  identical                 " + identical);
        section("different DTBs", different);
        section("only ours fails", onlyOurs);
        section("only cpp|dtc fails", onlyRef);
        section("both fail at the same line", bothSame);
        section("both fail differently", bothOther);
        out.printf("  time: cpp|dtc %.1f s (%d of %d from the cache); dmawb dtc %.1f s on %d threads, %.1f s of CPU%n",
                (t1 - t0) / 1e9, cacheHits.get(), files.size(), (t2 - t1) / 1e9, jobs, oursCpuNanos.get() / 1e9);
        return different.isEmpty() && onlyOurs.isEmpty() && onlyRef.isEmpty();
    }

    private void section(String title, List<String> lines) {
        out.printf("  %-25s %d%n", title, lines.size());
        for (String l : lines) {
            out.println("    " + l);
        }
    }

    private static boolean sameLine(SourcePosition a, SourcePosition b) {
        return a.line() == b.line() && Path.of(a.file()).normalize().equals(Path.of(b.file()).normalize());
    }

    private interface Job {
        Outcome run(String file) throws Exception;
    }

    private List<Outcome> parallel(List<String> files, Job job) throws InterruptedException {
        ExecutorService ex = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<Outcome>> fs = new ArrayList<>(files.size());
            for (String f : files) {
                fs.add(ex.submit(() -> {
                    try {
                        return job.run(f);
                    } catch (IOException e) {
                        return new Outcome(null, "I/O: " + e.getMessage(), null);
                    }
                }));
            }
            List<Outcome> res = new ArrayList<>(files.size());
            for (Future<Outcome> f : fs) {
                try {
                    res.add(f.get());
                } catch (ExecutionException e) {
                    res.add(new Outcome(null, "crash: " + e.getCause(), null));
                }
            }
            return res;
        } finally {
            ex.shutdownNow();
            ex.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // dmawb dtc

    private Outcome ours(String file, CompileOptions options) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        try {
            return compileOurs(file, options);
        } finally {
            oursCpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - c0);
        }
    }

    private Outcome compileOurs(String file, CompileOptions options) {
        CompileResult r = DeviceTreeCompiler.compile(prefixes.resolve(file), List.of(prefixes), options);
        if (!r.hasErrors()) {
            return new Outcome(r.toDtb(), null, null);
        }
        for (Diagnostic d : r.diagnostics()) {
            if (d.severity() == Severity.ERROR) {
                String pos = d.position() == null ? "" : shorten(d.position().toString()) + ": ";
                return new Outcome(null, pos + d.message(), d.position());
            }
        }
        return new Outcome(null, "error", null);
    }

    private String shorten(String s) {
        return s.replace(prefixes + "/", "");
    }

    // ---------------------------------------------------------------------------------------------------------
    // cpp | dtc, cached

    private String toolVersions() throws IOException, InterruptedException {
        return firstLine(List.of("cpp", "--version")) + "\n" + firstLine(List.of(dtcProgram, "--version"));
    }

    private static String firstLine(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + s);
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Names the commands below in the cache key: change it when they change. */
    private static final String RECIPE = "cpp -nostdinc -I P -undef -D__DTS__ -x assembler-with-cpp -MD"
            + " | dtc -I dts -O dtb -d -i DIR -i P";

    private Outcome reference(String file, boolean symbols) throws IOException, InterruptedException {
        Path src = prefixes.resolve(file);
        String key = hash((RECIPE + "\n" + toolVersions + "\n" + prefixes + "\n" + file + "\n" + symbols)
                .getBytes(StandardCharsets.UTF_8));
        Path entry = cache == null ? null : cache.resolve(key.substring(0, 2)).resolve(key);
        if (entry != null) {
            Outcome o = cached(entry);
            if (o != null) {
                cacheHits.incrementAndGet();
                return o;
            }
        }
        Path tmp = Files.createTempDirectory("dts-corpus");
        try {
            Path pp = tmp.resolve("pp.dts");
            Path cppDeps = tmp.resolve("cpp.d");
            Path dtcDeps = tmp.resolve("dtc.d");
            Path dtb = tmp.resolve("out.dtb");
            String[] cpp = exec(tmp, "cpp", "-nostdinc", "-I", prefixes.toString(), "-undef", "-D__DTS__", "-x",
                    "assembler-with-cpp", "-MD", "-MF", cppDeps.toString(), "-MT", "x", "-o", pp.toString(),
                    src.toString());
            List<String> deps = new ArrayList<>(parseDeps(cppDeps));
            String status;
            String stderr;
            if (!cpp[0].equals("0")) {
                status = "cpp";
                stderr = cpp[1];
                deps.add(src.toString());
            } else {
                // the kernel's cmd_dtc searches the board's directory and the prefixes for /include/ and /incbin/
                List<String> dtc = new ArrayList<>(List.of(dtcProgram, "-I", "dts", "-O", "dtb", "-o", dtb.toString(), "-d",
                        dtcDeps.toString(), "-i", src.getParent().toString(), "-i", prefixes.toString()));
                if (symbols) {
                    dtc.add("-@");
                }
                dtc.add(pp.toString());
                String[] r = exec(tmp, dtc.toArray(new String[0]));
                status = r[0].equals("0") ? "ok" : "dtc";
                stderr = r[1];
                for (String d : parseDeps(dtcDeps)) {
                    if (!d.equals(pp.toString())) {
                        deps.add(d);
                    }
                }
            }
            byte[] bytes = status.equals("ok") ? Files.readAllBytes(dtb) : null;
            String error = status.equals("ok") ? null : firstError(stderr, pp.toString());
            if (entry != null) {
                StringBuilder sb = new StringBuilder(status).append('\n');
                for (String d : deps.stream().distinct().sorted().collect(Collectors.toList())) {
                    sb.append(fileHash(Path.of(d))).append(' ').append(d).append('\n');
                }
                Files.createDirectories(entry.getParent());
                Path part = Files.createTempFile(entry.getParent(), key, ".tmp");
                Files.writeString(part, sb + "\n" + (bytes != null ? HexFormat.of().formatHex(bytes) : error) + "\n");
                Files.move(part, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return bytes != null ? new Outcome(bytes, null, null) : new Outcome(null, error, errorPosition(error));
        } finally {
            try (Stream<Path> s = Files.list(tmp)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }

    /** The cache entry when every file it depends on still has the hash it had. */
    private Outcome cached(Path entry) throws IOException {
        if (!Files.isRegularFile(entry)) {
            return null;
        }
        List<String> lines = Files.readAllLines(entry, StandardCharsets.UTF_8);
        if (lines.size() < 3) {
            return null;
        }
        String status = lines.get(0);
        int i = 1;
        for (; i < lines.size() && !lines.get(i).isEmpty(); i++) {
            String l = lines.get(i);
            int sp = l.indexOf(' ');
            if (sp < 0 || !l.substring(0, sp).equals(fileHash(Path.of(l.substring(sp + 1))))) {
                return null;
            }
        }
        if (i + 1 >= lines.size()) {
            return null;
        }
        String payload = lines.get(i + 1);
        if (status.equals("ok")) {
            try {
                return new Outcome(HexFormat.of().parseHex(payload), null, null);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return new Outcome(null, payload, errorPosition(payload));
    }

    private String fileHash(Path p) {
        return fileHashes.computeIfAbsent(p.toAbsolutePath().normalize(), q -> {
            try {
                return hash(Files.readAllBytes(q));
            } catch (IOException e) {
                return "missing";
            }
        });
    }

    private static String hash(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command in dir; returns {exit status, stderr}. */
    private static String[] exec(Path dir, String... cmd) throws IOException, InterruptedException {
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        int rc = p.waitFor();
        return new String[] {Integer.toString(rc), Files.readString(err, StandardCharsets.ISO_8859_1)};
    }

    /** The files of a make-style dependency list ("target: a b \" lines) as cpp -MD and dtc -d write it. */
    private static List<String> parseDeps(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        String s = Files.readString(f, StandardCharsets.ISO_8859_1).replace("\\\n", " ");
        int colon = s.indexOf(": ");
        if (colon < 0) {
            return List.of();
        }
        List<String> l = new ArrayList<>();
        for (String w : s.substring(colon + 2).trim().split("\\s+")) {
            if (!w.isEmpty()) {
                l.add(w);
            }
        }
        return l;
    }

    private static final Pattern DTC_POS = Pattern.compile("(?:Error|Warning|ERROR \\([a-z_]+\\)): (\\S+?):(\\d+)[.:]");
    private static final Pattern CPP_POS = Pattern.compile("^(\\S+?):(\\d+):(\\d+): (?:fatal )?error: ");

    /** The first error line of cpp's or dtc's stderr, with the temporary file name dropped. */
    private String firstError(String stderr, String ppName) {
        for (String l : stderr.split("\n")) {
            if (l.contains("rror") && !l.startsWith("In file included") && !l.startsWith(" ")) {
                return shorten(l.replace(ppName, "<stdin>"));
            }
        }
        return shorten(stderr.strip().replace('\n', ' '));
    }

    private SourcePosition errorPosition(String error) {
        Matcher m = CPP_POS.matcher(error);
        if (m.find()) {
            return new SourcePosition(prefixes.resolve(m.group(1)).toString(), Integer.parseInt(m.group(2)), 0);
        }
        m = DTC_POS.matcher(error);
        if (m.find()) {
            return new SourcePosition(prefixes.resolve(m.group(1)).toString(), Integer.parseInt(m.group(2)), 0);
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // where two DTBs differ

    /** The first node or property (in DTB order) where ours and dtc's differ. */
    static String firstDifference(byte[] ours, byte[] ref) {
        DeviceTree a;
        DeviceTree b;
        try {
            a = Dtb.read(ours);
            b = Dtb.read(ref);
        } catch (DtbFormatException e) {
            return "unreadable DTB: " + e.getMessage();
        }
        String d = firstDifference(a.root(), b.root());
        if (d != null) {
            return d;
        }
        if (a.bootCpuId() != b.bootCpuId()) {
            return "boot_cpuid_phys: ours " + a.bootCpuId() + ", dtc " + b.bootCpuId();
        }
        if (a.memReserve().size() != b.memReserve().size()) {
            return "/memreserve/ entries: ours " + a.memReserve().size() + ", dtc " + b.memReserve().size();
        }
        return "same tree, different bytes (" + ours.length + " vs " + ref.length + "): header or strings block";
    }

    private static String firstDifference(DtNode a, DtNode b) {
        List<DtProperty> pa = a.properties();
        List<DtProperty> pb = b.properties();
        for (int i = 0; i < Math.max(pa.size(), pb.size()); i++) {
            if (i >= pa.size()) {
                return a.path() + ": dtc has property " + pb.get(i).name() + ", ours has no more";
            }
            if (i >= pb.size()) {
                return a.path() + ": ours has property " + pa.get(i).name() + ", dtc has no more";
            }
            DtProperty x = pa.get(i);
            DtProperty y = pb.get(i);
            if (!x.name().equals(y.name())) {
                return a.path() + ": property " + x.name() + " where dtc has " + y.name();
            }
            if (!Arrays.equals(x.value(), y.value())) {
                return a.path() + ": property " + x.name() + ": ours " + show(x.value()) + ", dtc " + show(y.value());
            }
        }
        List<DtNode> ca = a.children();
        List<DtNode> cb = b.children();
        for (int i = 0; i < Math.max(ca.size(), cb.size()); i++) {
            if (i >= ca.size()) {
                return a.path() + ": dtc has child " + cb.get(i).name() + ", ours has no more";
            }
            if (i >= cb.size()) {
                return a.path() + ": ours has child " + ca.get(i).name() + ", dtc has no more";
            }
            if (!ca.get(i).name().equals(cb.get(i).name())) {
                return a.path() + ": child " + ca.get(i).name() + " where dtc has " + cb.get(i).name();
            }
            String d = firstDifference(ca.get(i), cb.get(i));
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static String show(byte[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length && i < 24; i++) {
            sb.append(String.format("%02x", v[i] & 0xff));
        }
        return sb.append(v.length > 24 ? "… (" + v.length + " bytes)]" : "]").toString();
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }
}
