package org.dmaworkbench.emulation.replay;

/**
 * Recognises the lines of an ftrace text capture, as {@code /sys/kernel/tracing/trace} prints them
 * (trace_print_context() and trace_print_lat_fmt() of kernel/trace/trace_output.c, Linux 6.12) and as
 * {@code trace-cmd report} prints them:
 * <pre>
 *            bash-1234    [001] .....  1234.567890: dma_map_page: ...      (trace file, irq-info on)
 *            bash-1234    (   1234) [001] .....  1234.567890: ...          (record-tgid on)
 *     kworker/0:1-123   [000]  1234.567890: dma_map_page: ...              (trace-cmd report, no flags column)
 * </pre>
 * The comm may contain spaces and '-', so the pid is what follows the last '-' before the {@code [cpu]} column.
 * and, with {@code options/context-info} off, bare {@code "dma_map_page: ..."} lines (no task, CPU or time).
 * Also recognised: '#' header lines, blank lines, the ring buffer's {@code "CPU:%d [LOST %lu EVENTS]"} notes and
 * trace-cmd report's own header lines ({@code cpus=N}, {@code version = N}, {@code CPU N is empty}, as
 * {@link #COMMENT}). {@link #OTHER} are other tracers' lines: the task-pid/CPU/timestamp context followed by
 * something that is no {@code "name: "} event (the function tracer's {@code "func <-parent"}), and the
 * function_graph tracer's {@code " 0)  ... |"} lines. Anything else is {@link #NOT_FTRACE}. No regular
 * expressions and no allocation: results are offsets into the caller's buffer.
 */
final class FtraceLineParser {
    static final int BLANK = 0;
    static final int COMMENT = 1;
    static final int EVENT = 2;
    static final int LOST = 3;
    static final int OTHER = 4;
    /** a line that has nothing of an ftrace line (a kernel log line pasted in, a broken file) */
    static final int NOT_FTRACE = 5;

    // results of the last parse() that returned EVENT (offsets into the buffer)
    int taskStart;
    int taskEnd;
    int pid;
    int cpu;
    long timestampNs;
    int nameStart;
    int nameEnd;
    int payloadStart;
    /** for LOST: the number of lost events */
    long lost;

    int parse(char[] b, int s, int e) {
        int p = s;
        while (p < e && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
        if (p == e) {
            return BLANK;
        }
        if (b[p] == '#') {
            return COMMENT;
        }
        if (startsWith(b, p, e, "CPU:")) {
            return parseLost(b, p + 4, e);
        }
        if (traceCmdHeader(b, p, e)) {
            return COMMENT;
        }
        if (functionGraph(b, p, e)) {
            return OTHER;
        }
        int lineStart = p;
        // the [cpu] column: ' ' '[' digits ']'
        int br = -1;
        int brEnd = -1;
        for (int i = p + 1; i < e; i++) {
            if (b[i] == '[' && b[i - 1] == ' ') {
                int j = i + 1;
                while (j < e && b[j] >= '0' && b[j] <= '9') {
                    j++;
                }
                if (j > i + 1 && j < e && b[j] == ']') {
                    br = i;
                    brEnd = j;
                    break;
                }
            }
        }
        if (br < 0) {
            return bareEvent(b, lineStart, e);
        }
        cpu = parseSmallInt(b, br + 1, brEnd);
        // task-pid, optionally followed by "(tgid)"
        int te = br - 1;
        while (te > lineStart && b[te - 1] == ' ') {
            te--;
        }
        if (te > lineStart && b[te - 1] == ')') {
            int open = te - 1;
            while (open > lineStart && b[open] != '(') {
                open--;
            }
            if (b[open] != '(') {
                return NOT_FTRACE;
            }
            te = open;
            while (te > lineStart && b[te - 1] == ' ') {
                te--;
            }
        }
        int dash = te - 1;
        while (dash > lineStart && b[dash] != '-') {
            dash--;
        }
        if (dash <= lineStart || b[dash] != '-') {
            return NOT_FTRACE;
        }
        int ps = dash + 1;
        int pe = te;
        if (ps == pe) {
            return NOT_FTRACE;
        }
        int pidv = 0;
        for (int i = ps; i < pe; i++) {
            char c = b[i];
            if (c < '0' || c > '9' || pidv > 100_000_000) {
                return NOT_FTRACE;
            }
            pidv = pidv * 10 + (c - '0');
        }
        pid = pidv;
        taskStart = lineStart;
        taskEnd = dash;
        // optional flags column, then the timestamp "secs.usecs:"
        p = brEnd + 1;
        p = skipSpaces(b, p, e);
        int tsEnd = timestampEnd(b, p, e);
        if (tsEnd < 0) {
            // flags column: a run of non-blank characters
            int q = p;
            while (q < e && b[q] != ' ') {
                q++;
            }
            if (q == p || q - p > 8) {
                return NOT_FTRACE;
            }
            p = skipSpaces(b, q, e);
            tsEnd = timestampEnd(b, p, e);
            if (tsEnd < 0) {
                return NOT_FTRACE;
            }
        }
        timestampNs = parseTimestamp(b, p, tsEnd);
        p = tsEnd + 1; // past ':'
        p = skipSpaces(b, p, e);
        int ns = p;
        while (p < e && b[p] != ':' && b[p] != ' ') {
            p++;
        }
        if (p == e || b[p] != ':' || p == ns) {
            return OTHER;
        }
        nameStart = ns;
        nameEnd = p;
        payloadStart = skipSpaces(b, p + 1, e);
        return EVENT;
    }

    /**
     * With {@code options/context-info} off the kernel prints only {@code "name: payload"}: a first token of
     * event-name characters ending in ':' and followed by a space or the end of the line.
     */
    private int bareEvent(char[] b, int p, int e) {
        int q = p;
        while (q < e) {
            char c = b[q];
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c >= 'A' && c <= 'Z')) {
                break;
            }
            q++;
        }
        if (q == p || q == e || b[q] != ':' || (q + 1 < e && b[q + 1] != ' ')) {
            return NOT_FTRACE;
        }
        taskStart = p;
        taskEnd = p;
        pid = -1;
        cpu = -1;
        timestampNs = -1;
        nameStart = p;
        nameEnd = q;
        payloadStart = skipSpaces(b, q + 1, e);
        return EVENT;
    }

    /** trace-cmd report's header: {@code cpus=N}, {@code version = N}, {@code CPU N is empty} */
    private static boolean traceCmdHeader(char[] b, int p, int e) {
        if (startsWith(b, p, e, "cpus=") || startsWith(b, p, e, "version = ")) {
            return true;
        }
        if (!startsWith(b, p, e, "CPU ")) {
            return false;
        }
        int q = p + 4;
        int d = q;
        while (q < e && b[q] >= '0' && b[q] <= '9') {
            q++;
        }
        return q > d && startsWith(b, q, e, " is empty");
    }

    /** function_graph's {@code "CPU)"} column: digits then ')' and a blank */
    private static boolean functionGraph(char[] b, int p, int e) {
        int q = p;
        while (q < e && b[q] >= '0' && b[q] <= '9') {
            q++;
        }
        return q > p && q + 1 < e && b[q] == ')' && b[q + 1] == ' ';
    }

    private int parseLost(char[] b, int p, int e) {
        int q = p;
        while (q < e && b[q] >= '0' && b[q] <= '9') {
            q++;
        }
        if (q == p || !startsWith(b, q, e, " [LOST ")) {
            return NOT_FTRACE;
        }
        q += 7;
        long n = 0;
        int ds = q;
        while (q < e && b[q] >= '0' && b[q] <= '9') {
            n = n * 10 + (b[q] - '0');
            q++;
        }
        if (q == ds || !startsWith(b, q, e, " EVENTS]")) {
            return NOT_FTRACE;
        }
        lost = n;
        return LOST;
    }

    /** Index of the ':' ending a timestamp "digits[.digits]:" at p, or -1. */
    private static int timestampEnd(char[] b, int p, int e) {
        int q = p;
        while (q < e && b[q] >= '0' && b[q] <= '9') {
            q++;
        }
        if (q == p) {
            return -1;
        }
        if (q < e && b[q] == '.') {
            q++;
            int f = q;
            while (q < e && b[q] >= '0' && b[q] <= '9') {
                q++;
            }
            if (q == f) {
                return -1;
            }
        }
        return q < e && b[q] == ':' ? q : -1;
    }

    private static long parseTimestamp(char[] b, int p, int e) {
        long secs = 0;
        int q = p;
        while (q < e && b[q] != '.') {
            secs = secs * 10 + (b[q] - '0');
            q++;
        }
        long frac = 0;
        int digits = 0;
        if (q < e) {
            q++;
            while (q < e) {
                if (digits < 9) {
                    frac = frac * 10 + (b[q] - '0');
                    digits++;
                }
                q++;
            }
        }
        for (; digits < 9; digits++) {
            frac *= 10;
        }
        return secs * 1_000_000_000L + frac;
    }

    private static int parseSmallInt(char[] b, int s, int e) {
        int v = 0;
        for (int i = s; i < e && v < 100_000_000; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    static int skipSpaces(char[] b, int p, int e) {
        while (p < e && b[p] == ' ') {
            p++;
        }
        return p;
    }

    static boolean startsWith(char[] b, int p, int e, String s) {
        int n = s.length();
        if (e - p < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[p + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
