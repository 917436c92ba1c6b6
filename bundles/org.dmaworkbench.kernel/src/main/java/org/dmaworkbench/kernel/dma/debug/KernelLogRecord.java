package org.dmaworkbench.kernel.dma.debug;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.dmaworkbench.kernel.device.Device;

/**
 * One message of the emulated kernel log, as printk prints it (without the "[ timestamp]" prefix).
 * <p>
 * {@link #text()} is the message itself, one or more lines separated by '\n' and without a trailing newline,
 * e.g. {@code "DMA-API: sh-sci e6e60000.serial: device driver tries to free DMA memory it has not allocated
 * [device address=0x00000000fff00000] [size=4096 bytes]"}. When the kernel follows the message with the stack
 * saved at map time ({@code dump_entry_trace()}), those lines are in {@link #mappedAt()}: first the
 * "Mapped at:" header line exactly as printed, then one {@code " func+0xoff/0xsize"} line per frame.
 * {@link #lines()} gives everything in print order.
 * <p>
 * The machine's log {@link #stamp stamps} each record with the virtual time and the task and CPU that printed it,
 * what printk and {@code WARN()} print ahead of and around the text. A record made by {@code WARN()} names its
 * site ({@link #warnFile()}, {@link #warnLine()}, {@link #warnFunction()}), one made by {@code BUG()} is
 * {@link #isBug()}: {@code org.dmaworkbench.kernel.printk.Dmesg} prints their full blocks.
 */
public final class KernelLogRecord {

    /** printk log levels used by the emulated kernel. {@code WARN()} output is {@link #WARNING}. */
    public enum Level {
        EMERG, ALERT, CRIT, ERR, WARNING, NOTICE, INFO, DEBUG
    }

    private final Level level;
    private final String text;
    private final DmaDebugCheck check;
    private final Device device;
    private final List<String> mappedAt;
    private final List<String> callTrace;
    private long timestampNs = -1;
    private int cpu;
    private int pid;
    private String comm = "swapper/0";
    private String warnFile;
    private int warnLine;
    private String warnFunction;
    private boolean bug;

    public KernelLogRecord(Level level, String text, DmaDebugCheck check, Device device, List<String> mappedAt,
            List<String> callTrace) {
        this.level = level;
        this.text = text;
        this.check = check;
        this.device = device;
        this.mappedAt = mappedAt == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(mappedAt));
        this.callTrace = callTrace == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(callTrace));
    }

    /**
     * Marks the record as printed by {@code WARN()} (or {@code BUG()} with {@code bug}) at {@code file:line}, in
     * kernel function {@code function} (the {@code %pS} of the site, e.g. {@code check_unmap}).
     *
     * @return this
     */
    public KernelLogRecord at(String file, int line, String function, boolean bug) {
        this.warnFile = file;
        this.warnLine = line;
        this.warnFunction = function;
        this.bug = bug;
        return this;
    }

    /**
     * Sets when and where the record was printed: virtual time in ns, the CPU and the current task; only the first
     * stamp counts (a record passed on through several logs keeps its origin).
     */
    public void stamp(long timestampNs, int cpu, int pid, String comm) {
        if (this.timestampNs >= 0) {
            return;
        }
        this.timestampNs = timestampNs;
        this.cpu = cpu;
        this.pid = pid;
        this.comm = comm;
    }

    /** Virtual time of the printk in ns, -1 when the record was never stamped. */
    public long timestampNs() {
        return timestampNs;
    }

    /** {@code raw_smp_processor_id()} of the printing CPU. */
    public int cpu() {
        return cpu;
    }

    /** {@code current->pid} */
    public int pid() {
        return pid;
    }

    /** {@code current->comm} */
    public String comm() {
        return comm;
    }

    /** The source file of the {@code WARN()}/{@code BUG()} site, or null for a plain printk. */
    public String warnFile() {
        return warnFile;
    }

    public int warnLine() {
        return warnLine;
    }

    /** The function the site is in, as {@code %pS} names it. */
    public String warnFunction() {
        return warnFunction;
    }

    /** Whether the record is a {@code WARN()} (not a {@code BUG()}). */
    public boolean isWarn() {
        return warnFile != null && !bug;
    }

    /** Whether the record is a {@code BUG()}: "kernel BUG at FILE:LINE!", then the oops. */
    public boolean isBug() {
        return warnFile != null && bug;
    }

    public Level level() {
        return level;
    }

    /** The message line(s), '\n'-separated, no trailing newline. */
    public String text() {
        return text;
    }

    /** Which dma-debug check produced this record, or null for plain informational messages. */
    public DmaDebugCheck check() {
        return check;
    }

    /** The device the message is about, or null. */
    public Device device() {
        return device;
    }

    /** "Mapped at:" followed by the saved stack lines, or empty when the kernel prints no entry trace. */
    public List<String> mappedAt() {
        return mappedAt;
    }

    /**
     * The emulated call stack at the moment the problem was detected (what {@code WARN()} prints under
     * "Call trace:"), innermost first, in the same {@code " func+0x../0x.."} form; may be empty.
     */
    public List<String> callTrace() {
        return callTrace;
    }

    /** All printed lines: the message lines, then the "Mapped at:" block. */
    public List<String> lines() {
        List<String> all = new ArrayList<>();
        Collections.addAll(all, text.split("\n", -1));
        all.addAll(mappedAt);
        return all;
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
