package org.dmaworkbench.kernel.printk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;

/**
 * The kernel log as {@code dmesg} prints it (Linux 6.12): each line with printk's timestamp
 * {@code "[%5lu.%06lu] "} (kernel/printk/printk.c print_time(), on the emulation's virtual time), and the full
 * blocks of {@code WARN()} and {@code BUG()} records:
 * <ul>
 * <li>WARN on arm64 (which has {@code __WARN_FLAGS}: include/asm-generic/bug.h:104-108 prints the message first,
 * then the trap reaches {@code __warn()} with registers): {@code ------------[ cut here ]------------}, the message,
 * {@code WARNING: CPU: %d PID: %d at %s:%d %pS} (kernel/panic.c:788), {@code Modules linked in:} (print_modules(),
 * kernel/module/main.c:3603), show_regs(): the {@code CPU: ... Comm: ...} line and {@code Hardware name:}
 * (lib/dump_stack.c:58-75), {@code pc : %pS} (arch/arm64/kernel/process.c), {@code Call trace:} with one
 * {@code " %pSb"} line per frame (arch/arm64/kernel/stacktrace.c:320), {@code ---[ end trace 0000000000000000 ]---}
 * (kernel/panic.c:760);</li>
 * <li>WARN on 32-bit ARM ({@code warn_slowpath_fmt()}, kernel/panic.c:832): cut here, the WARNING line, the message,
 * modules, then dump_stack(): the CPU and hardware lines and {@code "Call trace: "} (arch/arm/kernel/unwind.c:527)
 * with {@code " %ps from %pS"} lines (arch/arm/kernel/traps.c:91) from unwind_backtrace up, then the end marker;</li>
 * <li>BUG: cut here, {@code kernel BUG at %s:%u!} (lib/bug.c:205), {@code Internal error: Oops - BUG: ...}
 * (arch/arm/kernel/traps.c:285, arch/arm64/kernel/traps.c:190), modules, the CPU and hardware lines, the PC line,
 * the call trace and the end marker.</li>
 * </ul>
 * The taint of the {@code CPU:} line follows the log: {@code Not tainted} until the first WARN, then
 * {@code Tainted: G        W         } and the {@code [W]=WARN} line (kernel/panic.c print_tainted_seq(), 19 flags,
 * W the tenth); a BUG adds D. Not printed, because nothing in the emulation gives them a meaning: the register
 * dump (pstate, lr, sp, x0-x29 / r0-r12), {@code Code:} and {@code Stack:} dumps, and ARM's
 * {@code Process ... stack limit} line.
 */
public final class Dmesg {
    private static final String CUT_HERE = "------------[ cut here ]------------";
    private static final String END_TRACE = "---[ end trace 0000000000000000 ]---";
    private static final int TAINT_DIE = 7;
    private static final int TAINT_WARN = 9;
    private static final char[] TAINT_TRUE = "PFSRMBUDAWCIOELKXTN".toCharArray();
    private static final String[] TAINT_NAMES = { "PROPRIETARY_MODULE", "FORCED_MODULE", "CPU_OUT_OF_SPEC",
        "FORCED_RMMOD", "MACHINE_CHECK", "BAD_PAGE", "USER", "DIE", "OVERRIDDEN_ACPI_TABLE", "WARN", "CRAP",
        "FIRMWARE_WORKAROUND", "OOT_MODULE", "UNSIGNED_MODULE", "SOFTLOCKUP", "LIVEPATCH", "AUX", "RANDSTRUCT",
        "TEST" };

    private final boolean arm64;
    private final String hardwareName;
    private final String release;
    private final List<String> modules;
    private int taint;
    private int dieCounter;

    /**
     * @param arm64        arm64 (else 32-bit ARM)
     * @param hardwareName {@code dump_stack_arch_desc_str}, e.g. "Generic R-Car Gen2 (Flattened Device Tree)"
     * @param release      {@code init_utsname()->release} and the version up to its first blank, e.g. "6.12.0 #1"
     * @param modules      the loaded modules, newest first (print_modules() order)
     */
    public Dmesg(boolean arm64, String hardwareName, String release, List<String> modules) {
        this.arm64 = arm64;
        this.hardwareName = hardwareName;
        this.release = release;
        this.modules = List.copyOf(modules);
    }

    /** Writes every record's lines. */
    public void write(Iterable<KernelLogRecord> records, Appendable out) throws IOException {
        for (KernelLogRecord r : records) {
            for (String l : lines(r)) {
                out.append(l).append('\n');
            }
        }
    }

    /** {@code "[%5lu.%06lu]"} of printk.c print_time() for a time in ns (microseconds truncated). */
    public static String timestamp(long ns) {
        long secs = ns / 1_000_000_000L;
        long usec = ns % 1_000_000_000L / 1000;
        String s = Long.toString(secs);
        String u = Long.toString(usec);
        return "[" + "     ".substring(Math.min(5, s.length())) + s + "." + "000000".substring(u.length()) + u + "]";
    }

    /**
     * The printed lines of {@code r}, each with its timestamp; updates the taint state for the records that follow
     * (call in log order).
     */
    public List<String> lines(KernelLogRecord r) {
        List<String> body = new ArrayList<>();
        if (r.isBug()) {
            bug(r, body);
        } else if (r.isWarn()) {
            warn(r, body);
        } else {
            message(r, body);
            body.addAll(r.mappedAt());
        }
        String ts = timestamp(Math.max(0, r.timestampNs())) + " ";
        List<String> out = new ArrayList<>(body.size());
        for (String l : body) {
            out.add(ts + l);
        }
        return out;
    }

    private static void message(KernelLogRecord r, List<String> out) {
        if (!r.text().isEmpty()) {
            for (String l : r.text().split("\n", -1)) {
                out.add(l);
            }
        }
    }

    private void warn(KernelLogRecord r, List<String> out) {
        out.add(CUT_HERE);
        String warning = "WARNING: CPU: " + r.cpu() + " PID: " + r.pid() + " at " + r.warnFile() + ":" + r.warnLine()
                + " " + sym(r.warnFunction());
        if (arm64) {
            message(r, out);
            out.add(warning);
        } else {
            out.add(warning);
            message(r, out);
        }
        out.add(modulesLine());
        taskInfo(r, out);
        List<String> trace = traceFrom(r);
        if (arm64) {
            out.add("pc : " + sym(r.warnFunction()));
            arm64Trace(trace, out);
        } else {
            List<String> t = new ArrayList<>();
            t.add("unwind_backtrace");
            t.add("show_stack");
            t.add("dump_stack_lvl");
            t.add("__warn");
            t.add("warn_slowpath_fmt");
            t.addAll(trace);
            armTrace(t, out);
        }
        out.add(END_TRACE);
        taint |= 1 << TAINT_WARN;
        out.addAll(r.mappedAt());
    }

    private void bug(KernelLogRecord r, List<String> out) {
        out.add(CUT_HERE);
        out.add("kernel BUG at " + r.warnFile() + (r.warnLine() > 0 ? ":" + r.warnLine() : "") + "!");
        dieCounter++;
        // the esr of arm64's BRK #0x800 (BUG_BRK_IMM); ARM's undefined instruction passes err 0
        out.add(arm64 ? "Internal error: Oops - BUG: 00000000f2000800 [#" + dieCounter + "] PREEMPT SMP"
                : "Internal error: Oops - BUG: 0 [#" + dieCounter + "] SMP ARM");
        out.add(modulesLine());
        taskInfo(r, out);
        List<String> trace = traceFrom(r);
        if (arm64) {
            out.add("pc : " + sym(r.warnFunction()));
            arm64Trace(trace, out);
        } else {
            out.add("PC is at " + sym(r.warnFunction()));
            armTrace(trace, out);
        }
        out.add(END_TRACE);
        taint |= 1 << TAINT_DIE;
    }

    /** The record's site first, then the rest of its call trace (without a repeated site). */
    private static List<String> traceFrom(KernelLogRecord r) {
        List<String> t = new ArrayList<>();
        t.add(r.warnFunction());
        List<String> ct = r.callTrace();
        int from = !ct.isEmpty() && name(ct.get(0)).equals(name(r.warnFunction())) ? 1 : 0;
        t.addAll(ct.subList(from, ct.size()));
        return t;
    }

    private static void arm64Trace(List<String> frames, List<String> out) {
        out.add("Call trace:");
        for (String f : frames) {
            out.add(" " + sym(f));
        }
    }

    /** ARM's unwinder: " callee from caller+0x../0x.." for every frame that has a caller. */
    private static void armTrace(List<String> frames, List<String> out) {
        out.add("Call trace: ");
        for (int i = 0; i + 1 < frames.size(); i++) {
            out.add(" " + symNoOffset(frames.get(i)) + " from " + sym(frames.get(i + 1)));
        }
    }

    private String modulesLine() {
        StringBuilder sb = new StringBuilder("Modules linked in:");
        for (String m : modules) {
            sb.append(' ').append(m);
        }
        return sb.toString();
    }

    /** dump_stack_print_info(): the CPU/task line, the taint names when tainted, the hardware name. */
    private void taskInfo(KernelLogRecord r, List<String> out) {
        String comm = r.comm().length() > 20 ? r.comm().substring(0, 20) : r.comm();
        out.add("CPU: " + r.cpu() + " UID: 0 PID: " + r.pid() + " Comm: " + comm + " " + tainted() + " " + release
                + " ");
        if (taint != 0) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < TAINT_NAMES.length; i++) {
                if ((taint & 1 << i) != 0) {
                    sb.append(sb.length() == 0 ? "" : ", ").append('[').append(TAINT_TRUE[i]).append("]=")
                            .append(TAINT_NAMES[i]);
                }
            }
            out.add(sb.toString());
        }
        out.add("Hardware name: " + hardwareName);
    }

    /** print_tainted(): "Not tainted", or "Tainted: " and one character per flag (c_false 'G' and ' '). */
    String tainted() {
        if (taint == 0) {
            return "Not tainted";
        }
        StringBuilder sb = new StringBuilder("Tainted: ");
        for (int i = 0; i < TAINT_TRUE.length; i++) {
            sb.append((taint & 1 << i) != 0 ? TAINT_TRUE[i] : i == 0 ? 'G' : ' ');
        }
        return sb.toString();
    }

    /** {@code %pS} of a frame: a function name or an already printed frame line ("name+0x../0x.. [mod]"). */
    static String sym(String frame) {
        return (frame.indexOf('+') >= 0 ? frame : KernelCallStack.format(frame, null)).trim();
    }

    /** {@code %ps}: without the offset, with the module. */
    static String symNoOffset(String frame) {
        String s = sym(frame);
        int plus = s.indexOf('+');
        int mod = s.indexOf(" [");
        return plus < 0 ? s : s.substring(0, plus) + (mod >= 0 ? s.substring(mod) : "");
    }

    private static String name(String frame) {
        String s = frame.trim();
        int plus = s.indexOf('+');
        int sp = s.indexOf(' ');
        int end = plus >= 0 ? plus : sp >= 0 ? sp : s.length();
        return s.substring(0, end);
    }
}
