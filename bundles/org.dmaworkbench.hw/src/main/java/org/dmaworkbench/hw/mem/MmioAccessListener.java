package org.dmaworkbench.hw.mem;

/**
 * Sees every access that decodes to a register window of the {@link Bus} (RAM accesses are not reported), after
 * the device handled it: for tests and views that follow what a driver writes to the hardware, in order.
 */
@FunctionalInterface
public interface MmioAccessListener {

    /**
     * @param pa    the physical address accessed
     * @param size  access width in bytes (1, 2, 4 or 8)
     * @param write whether it was a store
     * @param value the value stored, or the value the device returned for a load
     */
    void mmioAccess(long pa, int size, boolean write, long value);
}
