package org.dmaworkbench.emulation.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.dmaworkbench.emulation.live.LiveStateConfig;
import org.dmaworkbench.emulation.replay.DmaApiDump;
import org.dmaworkbench.emulation.replay.ReplayStats;
import org.dmaworkbench.emulation.replay.TraceReplay;

/**
 * Imports a real capture into the IDE, as {@code dmawb replay} reads it: any mix of {@code dma-api/dump} files
 * (told apart by their content: every line is a dump line) and ftrace text captures of the {@code dma:*} events
 * ({@code /sys/kernel/tracing/trace}, {@code trace-cmd report}); the dumps are the state before the traces, which
 * are replayed in the order given. Reports progress in bytes and stops when asked ({@link Monitor}).
 */
public final class CaptureImport {
    /** Start of a trace-cmd binary file: 0x17 0x08 0x44 "tracing". */
    private static final byte[] TRACE_DAT_MAGIC = { 0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g' };
    /** Lines looked at to tell a dump from a trace. */
    private static final int SNIFF_LINES = 16;

    /** What a capture file is. */
    public enum Kind {
        /** {@code /sys/kernel/debug/dma-api/dump} */
        DUMP,
        /** an ftrace text capture */
        TRACE
    }

    /** Progress and cancellation of an import. */
    public interface Monitor {
        /** Asked every 64 Ki characters: true stops the import with a {@link CancellationException}. */
        boolean isCanceled();

        /** {@code done} of {@code total} bytes read, now in {@code file}. */
        void progress(long done, long total, Path file);

        Monitor NONE = new Monitor() {
            @Override
            public boolean isCanceled() {
                return false;
            }

            @Override
            public void progress(long done, long total, Path file) {
                // nobody listens
            }
        };
    }

    /** A capture that cannot be imported, with the reason as {@code FILE: error: ...}. */
    public static final class CaptureException extends Exception {
        private static final long serialVersionUID = 1L;

        public CaptureException(String message) {
            super(message);
        }
    }

    private CaptureImport() {
    }

    /**
     * Whether {@code file} is a dump or a trace: a dump when its first non-blank lines all read as dump lines.
     *
     * @throws CaptureException for a trace-cmd binary file, which must be converted first
     */
    public static Kind detect(Path file) throws IOException, CaptureException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(64 * 1024);
            if (startsWith(head, TRACE_DAT_MAGIC)) {
                throw new CaptureException(file + ": error: this is a trace-cmd binary file; convert it first with "
                        + "'trace-cmd report -i " + file.getFileName() + " > " + file.getFileName() + ".txt'");
            }
            String text = new String(head, StandardCharsets.UTF_8);
            int seen = 0;
            for (String line : text.split("\n")) {
                String l = line.strip();
                if (l.isEmpty()) {
                    continue;
                }
                if (l.startsWith("#")) {
                    return Kind.TRACE;
                }
                try {
                    DmaApiDump.parseLine(l);
                } catch (IllegalArgumentException e) {
                    return Kind.TRACE;
                }
                if (++seen == SNIFF_LINES) {
                    break;
                }
            }
            return seen > 0 ? Kind.DUMP : Kind.TRACE;
        }
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Replays {@code files} (dumps found among them first, then the traces in order) with the leak check at the end.
     *
     * @param drivers driver names for devices, as {@code dmawb replay --driver DEVICE=DRIVER} gives them (dma:*
     *                events carry none; a dump's lines do)
     * @throws CaptureException      a file that is not a capture (a binary trace, no event and no dump line)
     * @throws CancellationException when the monitor asked to stop
     */
    public static ImportedCapture importFiles(List<Path> files, Map<String, String> drivers, Monitor monitor)
            throws IOException, CaptureException {
        return importFiles(files, drivers, monitor, LiveStateConfig.DEFAULT);
    }

    /** As {@link #importFiles(List, Map, Monitor)}, keeping as much history as {@code config} says. */
    public static ImportedCapture importFiles(List<Path> files, Map<String, String> drivers, Monitor monitor,
            LiveStateConfig config) throws IOException, CaptureException {
        if (files.isEmpty()) {
            throw new CaptureException("no capture file given");
        }
        long t0 = System.nanoTime();
        List<Path> dumps = new ArrayList<>();
        List<Path> traces = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new CaptureException(f + ": error: no such file");
            }
            (detect(f) == Kind.DUMP ? dumps : traces).add(f);
            total += Files.size(f);
        }
        String name = String.join(" + ", files.stream().map(p -> p.getFileName().toString()).toList());
        TraceReplay replay = new TraceReplay(config, "capture " + name);
        drivers.forEach(replay::setDriverName);
        long[] done = { 0 };
        for (Path f : dumps) {
            try (Reader in = new ProgressReader(open(f), monitor, f, done, total)) {
                replay.importDump(in, f.toString());
            }
        }
        for (Path f : traces) {
            ReplayStats s = replay.stats();
            long before = recognised(s);
            long linesBefore = s.lines() - s.blankLines();
            try (Reader in = new ProgressReader(open(f), monitor, f, done, total)) {
                replay.replay(in, f.toString());
            }
            if (recognised(s) == before && s.lines() - s.blankLines() > linesBefore) {
                throw new CaptureException(f + ": error: not an ftrace text capture of dma:* events (no '#' header, "
                        + "no event line) and not a dma-api/dump");
            }
        }
        var result = replay.finish();
        monitor.progress(total, total, files.get(files.size() - 1));
        return new ImportedCapture(name, dumps, traces, result, replay.liveState(), done[0], System.nanoTime() - t0);
    }

    private static long recognised(ReplayStats s) {
        return s.commentLines() + s.dmaEvents() + s.iommuEvents() + s.otherEvents() + s.malformedLines()
                + s.lostEvents();
    }

    private static Reader open(Path f) throws IOException {
        return new InputStreamReader(Files.newInputStream(f), StandardCharsets.UTF_8);
    }

    /** Counts what is read, reports it every MiB and stops when canceled. */
    private static final class ProgressReader extends Reader {
        private final Reader in;
        private final Monitor monitor;
        private final Path file;
        private final long[] done;
        private final long total;
        private long sinceCheck;
        private long sinceReport;

        ProgressReader(Reader in, Monitor monitor, Path file, long[] done, long total) {
            this.in = in;
            this.monitor = monitor;
            this.file = file;
            this.done = done;
            this.total = total;
        }

        @Override
        public int read(char[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                done[0] += n;
                sinceCheck += n;
                sinceReport += n;
                if (sinceCheck >= 64 * 1024) {
                    sinceCheck = 0;
                    if (monitor.isCanceled()) {
                        throw new CancellationException("import of " + file + " canceled");
                    }
                }
                if (sinceReport >= 1 << 20) {
                    sinceReport = 0;
                    monitor.progress(done[0], total, file);
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
