package org.dmaworkbench.emulation.live;

import java.util.List;

import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;

/**
 * One problem found: a dma-debug error ({@code err_printk()}) or, in a replay, a replay-only finding. Links to the
 * mapping it is about by {@link #mappingId()}, so an Errors tab and a mappings table can select each other.
 *
 * @param sequence    0, 1, 2... in the order found
 * @param version     the live-state version at which it was recorded (a {@link MappingDelta} since an earlier
 *                    version lists it)
 * @param timeNs      virtual time (for a replay: the capture's timestamp), {@link Mapping#UNKNOWN_TIME} if unknown
 * @param checkId     the {@link DmaDebugCheck} name, or a replay-only id such as {@code IO_PAGE_FAULT}
 * @param check       the dma-debug check, null for replay-only findings
 * @param device      the device ({@code dev_name()}), "" when none
 * @param driver      its driver name as the message prints it, "" when none
 * @param message     the kernel's message exactly (several lines are '\n'-separated)
 * @param printed     false when dma-debug's {@code num_errors}/{@code driver_filter} kept it from the kernel log
 * @param mappingId   the {@link Mapping#id()} it concerns, -1 when none (e.g. an unmap of nothing)
 * @param mappedAt    the "Mapped at:" header and frames as printed, empty when there is no mapping or no stacks
 * @param callTrace   the offending call's stack (innermost first), empty when the source has none
 * @param sourceFile  for a replay, the capture file of the event that revealed it; null for an emulation
 * @param sourceLine  1-based line in {@code sourceFile}, 0 when none
 */
public record DmaErrorRecord(long sequence, long version, long timeNs, String checkId, DmaDebugCheck check,
        String device, String driver, String message, boolean printed, long mappingId, List<String> mappedAt,
        List<String> callTrace, String sourceFile, int sourceLine) {

    public DmaErrorRecord {
        mappedAt = List.copyOf(mappedAt);
        callTrace = List.copyOf(callTrace);
    }

    /** The first line of the message. */
    public String summary() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
