package org.dmaworkbench.kernel.dmaengine;

/** {@code enum dma_slave_buswidth} of include/linux/dmaengine.h: the width of one access to the slave's FIFO. */
public enum DmaSlaveBuswidth {
    UNDEFINED(0), BYTES_1(1), BYTES_2(2), BYTES_3(3), BYTES_4(4), BYTES_8(8), BYTES_16(16), BYTES_32(32),
    BYTES_64(64), BYTES_128(128);

    private final int bytes;

    DmaSlaveBuswidth(int bytes) {
        this.bytes = bytes;
    }

    /** The enum's value in C: the width in bytes (0 for undefined). */
    public int bytes() {
        return bytes;
    }

    /** @return the width of {@code bytes} bytes, or null when there is no such enum value */
    public static DmaSlaveBuswidth ofBytes(int bytes) {
        for (DmaSlaveBuswidth w : values()) {
            if (w.bytes == bytes) {
                return w;
            }
        }
        return null;
    }
}
