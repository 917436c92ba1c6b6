package org.dmaworkbench.kernel.dma.debug;

import java.util.List;

import org.dmaworkbench.kernel.device.Device;

/**
 * One error dma-debug found ({@code err_printk()}), as data: which check, the message exactly as the kernel
 * words it (the {@link KernelLogRecord#text()} it prints, whether or not it was printed), the device, the entry it
 * concerns, the "Mapped at:" lines of that entry and the call trace of the offending call. {@code printed} is
 * false when the {@code num_errors} / {@code driver_filter} rules kept the kernel from printing it
 * ({@code error_count} counts it either way).
 *
 * @param entry     the {@link DmaDebug} entry the error is about (read it with the {@code entry*} accessors while
 *                  the observer call lasts), or -1 when the error concerns no live entry
 * @param mappedAt  the "Mapped at:" header and stack lines as printed, empty when there is no entry
 * @param callTrace the emulated call stack at detection, innermost first ({@code WARN()}'s call trace)
 */
public record DmaDebugError(DmaDebugCheck check, String message, Device device, int entry, boolean printed,
        List<String> mappedAt, List<String> callTrace) {

    public DmaDebugError {
        mappedAt = mappedAt == null ? List.of() : List.copyOf(mappedAt);
        callTrace = callTrace == null ? List.of() : List.copyOf(callTrace);
    }
}
