package org.dmaworkbench.hw.mem;

/**
 * A device register block on the bus. Offsets are relative to the start of the block; {@code size} is the
 * access width in bytes (1, 2, 4 or 8). Registers are little-endian, as on the ARM SoCs modelled here.
 * <p>
 * A device must not throw for a register it does not implement: unimplemented offsets read as zero and
 * ignore writes, like reserved registers on the hardware.
 */
public interface MmioDevice {

    long mmioRead(long offset, int size);

    void mmioWrite(long offset, int size, long value);
}
