package org.dmaworkbench.kernel.dma;

/** {@code enum dma_data_direction} of include/linux/dma-direction.h, with the kernel's numeric values. */
public enum DmaDirection {
    BIDIRECTIONAL(0, "DMA_BIDIRECTIONAL"),
    TO_DEVICE(1, "DMA_TO_DEVICE"),
    FROM_DEVICE(2, "DMA_FROM_DEVICE"),
    NONE(3, "DMA_NONE");

    private static final DmaDirection[] BY_VALUE = values();

    private final int value;
    private final String kernelName;

    DmaDirection(int value, String kernelName) {
        this.value = value;
        this.kernelName = kernelName;
    }

    public int value() {
        return value;
    }

    /** @return the C identifier, e.g. {@code DMA_TO_DEVICE} */
    public String kernelName() {
        return kernelName;
    }

    /** {@code valid_dma_direction()}: the three directions a mapping may have. */
    public boolean isValidForMapping() {
        return this != NONE;
    }

    public static DmaDirection fromValue(int value) {
        if (value < 0 || value >= BY_VALUE.length) {
            throw new IllegalArgumentException("no DMA direction " + value);
        }
        return BY_VALUE[value];
    }
}
