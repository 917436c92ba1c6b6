package org.dmaworkbench.emulation.replay.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.emulation.replay.Diagnostic;
import org.dmaworkbench.emulation.replay.ReplayReport;
import org.dmaworkbench.emulation.replay.ReplayResult;
import org.dmaworkbench.emulation.replay.ReplayStats;
import org.dmaworkbench.emulation.replay.TraceReplay;

/**
 * {@code dmawb replay [--json FILE] [--dump DUMPFILE] [--driver DEVICE=DRIVER]... [--no-leak-check]
 * [--max-line-length N] [--max-live-mappings N] FILE...}:
 * replays ftrace text captures of the dma:* events (the FILEs are consecutive parts of one capture, read in
 * order, after the optional dma-api/dump) and runs the dma-debug checks over them. Exit status 0: no findings,
 * 1: dma-debug findings, 2: bad input (usage, unreadable files, not a text capture, a limit that stopped the replay).
 */
public final class ReplayCommand {
    static final String USAGE = "usage: dmawb replay [--json FILE] [--dump DUMPFILE] [--driver DEVICE=DRIVER]... "
            + "[--no-leak-check] [--max-line-length N] [--max-live-mappings N] FILE...";
    /** Warnings printed at most; the rest are counted (all are in the JSON). */
    static final int MAX_WARNINGS = 50;
    /** Start of a trace-cmd binary file: 0x17 0x08 0x44 "tracing". */
    private static final byte[] TRACE_DAT_MAGIC = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g' };

    private ReplayCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String json = null;
        String dump = null;
        boolean leakCheck = true;
        int maxLine = 0;
        int maxLive = 0;
        List<String[]> drivers = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            } else if (a.equals("--json") || a.equals("--dump") || a.equals("--driver")) {
                if (i + 1 == args.size()) {
                    return usage(err, "option '" + a + "' needs an argument");
                }
                String v = args.get(++i);
                if (a.equals("--json")) {
                    json = v;
                } else if (a.equals("--dump")) {
                    dump = v;
                } else {
                    int eq = v.indexOf('=');
                    if (eq <= 0 || eq == v.length() - 1) {
                        return usage(err, "--driver wants DEVICE=DRIVER, got '" + v + "'");
                    }
                    drivers.add(new String[] { v.substring(0, eq), v.substring(eq + 1) });
                }
            } else if (a.equals("--max-line-length") || a.equals("--max-live-mappings")) {
                if (i + 1 == args.size()) {
                    return usage(err, "option '" + a + "' needs an argument");
                }
                String v = args.get(++i);
                int n;
                try {
                    n = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    n = 0;
                }
                if (n < 1) {
                    return usage(err, a + " wants a positive number, got '" + v + "'");
                }
                if (a.equals("--max-line-length")) {
                    maxLine = n;
                } else {
                    maxLive = n;
                }
            } else if (a.equals("--no-leak-check")) {
                leakCheck = false;
            } else if (a.startsWith("-") && a.length() > 1) {
                return usage(err, "unknown option '" + a + "'");
            } else {
                files.add(a);
            }
        }
        if (files.isEmpty() && dump == null) {
            return usage(err, "no capture file given");
        }
        TraceReplay replay = new TraceReplay().setLeakCheck(leakCheck);
        if (maxLine > 0) {
            replay.setMaxLineLength(maxLine);
        }
        if (maxLive > 0) {
            replay.setMaxLiveMappings(maxLive);
        }
        for (String[] d : drivers) {
            replay.setDriverName(d[0], d[1]);
        }
        if (dump != null) {
            try (Reader in = open(dump)) {
                replay.importDump(in, dump);
            } catch (IOException e) {
                return ioError(err, dump, e);
            }
        }
        for (String f : files) {
            ReplayStats s = replay.stats();
            long before = recognised(s);
            long linesBefore = s.lines() - s.blankLines();
            try {
                if (isTraceDat(f)) {
                    err.println("dmawb replay: " + f + ": error: this is a trace-cmd binary file; convert it first "
                            + "with 'trace-cmd report -i " + f + " > " + f + ".txt'");
                    return 2;
                }
                try (Reader in = open(f)) {
                    replay.replay(in, f);
                }
            } catch (IOException e) {
                return ioError(err, f, e);
            }
            if (recognised(s) == before && s.lines() - s.blankLines() > linesBefore) {
                err.println("dmawb replay: " + f + ": error: not an ftrace text capture (no '#' header and no "
                        + "event lines)");
                return 2;
            }
        }
        ReplayResult result = replay.finish();
        // a limit that stopped the replay leaves it incomplete: bad input, whatever was found before
        int status = replay.stoppedBy() != null ? 2 : result.findings().isEmpty() ? 0 : 1;
        int shown = 0;
        for (Diagnostic d : result.diagnostics()) {
            if (shown++ < MAX_WARNINGS || d.isError()) {
                err.println(d);
            }
        }
        if (shown > MAX_WARNINGS) {
            err.println("dmawb replay: " + (shown - MAX_WARNINGS) + " more warnings (see --json)");
        }
        try {
            ReplayReport.printSummary(result, out);
        } catch (IOException e) {
            return ioError(err, "<stdout>", e);
        }
        if (json != null) {
            try (Writer w = Files.newBufferedWriter(Paths.get(json), StandardCharsets.UTF_8)) {
                ReplayReport.writeJson(result, status, w);
            } catch (IOException | RuntimeException e) {
                err.println("dmawb replay: " + json + ": cannot write the JSON report: " + message(e));
                return 2;
            }
        }
        out.flush();
        return status;
    }

    private static long recognised(ReplayStats s) {
        return s.commentLines() + s.dmaEvents() + s.iommuEvents() + s.otherEvents() + s.malformedLines()
                + s.lostEvents();
    }

    private static Reader open(String file) throws IOException {
        InputStream in = Files.newInputStream(Paths.get(file));
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static boolean isTraceDat(String file) throws IOException {
        Path p = Paths.get(file);
        try (InputStream in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(TRACE_DAT_MAGIC.length);
            if (head.length < TRACE_DAT_MAGIC.length) {
                return false;
            }
            for (int i = 0; i < head.length; i++) {
                if (head[i] != TRACE_DAT_MAGIC[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println("dmawb replay: " + problem);
        err.println(USAGE);
        return 2;
    }

    private static int ioError(PrintStream err, String file, Exception e) {
        err.println("dmawb replay: " + file + ": " + message(e));
        return 2;
    }

    private static String message(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof java.nio.file.InvalidPathException) {
            return "invalid file name";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
