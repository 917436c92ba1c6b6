package org.dmaworkbench.emulation.figures;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

import org.dmaworkbench.devicetree.CompileOptions;
import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.emulation.replay.ReplayResult;
import org.dmaworkbench.emulation.replay.TraceReplay;

/**
 * Measures the largest inputs for the README: time and peak heap of compiling a generated DTS of N lines, replaying a
 * capture of N lines (map/unmap pairs), and holding N live mappings in a replay. One measurement per JVM, so the peak
 * is that input's: {@code java -Xmx4g -cp ... LargeInputs dts|trace|live N}. Peak heap is the sum of the heap pools'
 * peak use (MemoryPoolMXBean), measured from a collection before the work. A tool, not a test.
 */
public final class LargeInputs {
    /** The result, reachable until the retained heap is measured. */
    private static Object held;

    private LargeInputs() {
    }

    public static void main(String[] args) throws IOException {
        String what = args[0];
        long n = Long.parseLong(args[1]);
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        String result = switch (what) {
            case "dts" -> dts(n);
            case "trace" -> trace(n, false);
            case "live" -> trace(n, true);
            default -> throw new IllegalArgumentException(what);
        };
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("%s %,d: %,d ms, peak heap %,d MiB, %,d MiB retained by the result; %s%n", what, n, ms,
                peak >> 20, retained >> 20, result);
        held = null;
    }

    /** A board of {@code lines} lines: nodes of 8 lines under a simple-bus, with a label and a reference each. */
    private static String dts(long lines) {
        StringBuilder sb = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, lines * 40));
        sb.append("/dts-v1/;\n#define SIZE 0x100\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n"
                + "\tsoc {\n\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n"
                + "\t\tranges;\n");
        long nodes = (lines - 14) / 8;
        for (long i = 0; i < nodes; i++) {
            long addr = 0x10000000L + i * 0x100;
            sb.append("\t\tn").append(i).append(": dev@").append(Long.toHexString(addr)).append(" {\n")
                    .append("\t\t\tcompatible = \"vendor,dev\";\n")
                    .append("\t\t\treg = <0x").append(Long.toHexString(addr)).append(" SIZE>;\n")
                    .append("\t\t\tinterrupts = <").append(i % 1000).append(">;\n")
                    .append("\t\t\tnext = <&n").append(i == 0 ? 0 : i - 1).append(">;\n")
                    .append("\t\t\tstatus = \"okay\";\n")
                    .append("\t\t};\n\n");
        }
        sb.append("\t};\n};\n");
        String text = sb.toString();
        long realLines = text.chars().filter(c -> c == '\n').count();
        sb = null;
        CompileOptions o = CompileOptions.defaults().withLimits(org.dmaworkbench.devicetree.CompileLimits.DEFAULTS
                .with("file-bytes", 256L << 20).with("output-chars", Integer.MAX_VALUE - 64));
        CompileResult r = DeviceTreeCompiler.compile("big.dts", text, IncludeResolver.none(), o);
        held = r;
        return realLines + " lines, " + text.length() + " characters, " + nodes + " nodes: "
                + (r.hasErrors() ? "errors: " + r.formatDiagnostics().lines().limit(3).toList()
                        : r.tree().get().allNodes().size() + " nodes compiled");
    }

    /**
     * A capture of {@code lines} event lines, generated as it is read: map/unmap pairs of 512 rotating addresses, or,
     * with {@code keep}, only maps of distinct pages (every one stays live).
     */
    private static String trace(long lines, boolean keep) throws IOException {
        TraceReplay t = new TraceReplay().setLeakCheck(false).setMaxLiveMappings(Integer.MAX_VALUE);
        t.replay(new GeneratedCapture(lines, keep), "gen.txt");
        ReplayResult r = t.finish();
        held = new Object[] { t, r };
        return r.stats().lines() + " lines, " + r.stats().dmaEvents() + " dma events, " + r.liveMappings().size()
                + " live mappings, " + r.findings().size() + " findings";
    }

    /** Generates capture text on the fly (no file, no big string). */
    private static final class GeneratedCapture extends Reader {
        private final long lines;
        private final boolean keep;
        private long line;
        private String cur = "# tracer: nop\n";
        private int pos;

        GeneratedCapture(long lines, boolean keep) {
            this.lines = lines;
            this.keep = keep;
        }

        @Override
        public int read(char[] buf, int off, int len) {
            int n = 0;
            while (n < len) {
                if (pos == cur.length()) {
                    if (line == lines) {
                        break;
                    }
                    cur = next(line++);
                    pos = 0;
                }
                int k = Math.min(len - n, cur.length() - pos);
                cur.getChars(pos, pos + k, buf, off + n);
                pos += k;
                n += k;
            }
            return n == 0 ? -1 : n;
        }

        private String next(long i) {
            String ts = (1 + i / 1_000_000) + "." + String.format("%06d", i % 1_000_000);
            if (keep) {
                long a = 0x100000000L + i * 0x1000L;
                return "  sh-1 [000] .....  " + ts + ": dma_map_page: e6e60000.serial dir=TO_DEVICE dma_addr="
                        + Long.toHexString(a) + " size=4096 phys_addr=" + Long.toHexString(a) + " attrs=\n";
            }
            long a = 0x10000000L + (i / 2 % 512) * 0x1000L;
            return (i % 2 == 0 ? "  sh-1 [000] .....  " + ts + ": dma_map_page: e6e60000.serial dir=TO_DEVICE dma_addr="
                    + Long.toHexString(a) + " size=4096 phys_addr=" + Long.toHexString(a + 0x38000000L) + " attrs=\n"
                    : "  sh-1 [000] .....  " + ts + ": dma_unmap_page: e6e60000.serial dir=TO_DEVICE dma_addr="
                            + Long.toHexString(a) + " size=4096 attrs=\n");
        }

        @Override
        public void close() {
        }
    }
}
