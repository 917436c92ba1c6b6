package org.dmaworkbench.kernel.dma.debug;

/**
 * {@code enum map_err_types} of kernel/dma/debug.c: whether the driver called {@code dma_mapping_error()} on a
 * mapping, with the text {@code maperr2str[]} prints.
 */
public enum DmaDebugMapErr {
    /** {@code MAP_ERR_CHECK_NOT_APPLICABLE}: sg, coherent and noncoherent entries */
    NOT_APPLICABLE("dma map error check not applicable"),
    /** {@code MAP_ERR_NOT_CHECKED} */
    NOT_CHECKED("dma map error not checked"),
    /** {@code MAP_ERR_CHECKED} */
    CHECKED("dma map error checked");

    private static final DmaDebugMapErr[] BY_CODE = values();

    private final String text;

    DmaDebugMapErr(String text) {
        this.text = text;
    }

    /** As the {@code dump} file prints it. */
    public String kernelText() {
        return text;
    }

    static DmaDebugMapErr ofCode(int code) {
        return BY_CODE[code];
    }
}
