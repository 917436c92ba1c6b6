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

    public KernelLogRecord(Level level, String text, DmaDebugCheck check, Device device, List<String> mappedAt,
            List<String> callTrace) {
        this.level = level;
        this.text = text;
        this.check = check;
        this.device = device;
        this.mappedAt = mappedAt == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(mappedAt));
        this.callTrace = callTrace == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(callTrace));
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
