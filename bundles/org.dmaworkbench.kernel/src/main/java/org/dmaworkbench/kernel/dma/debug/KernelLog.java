package org.dmaworkbench.kernel.dma.debug;

/** Where the emulated kernel's printk output goes (the UI's kernel log view, a test's list, ...). */
@FunctionalInterface
public interface KernelLog {
    void log(KernelLogRecord record);
}
