package org.dmaworkbench.emulation.scenario;

import java.util.List;

import org.dmaworkbench.devicetree.DtNode;

/**
 * What a client's device is, told from its compatible strings the way the kernel's drivers match them, and the
 * platform driver that takes it (its struct device_driver name, the one dma-debug's driver_filter compares).
 */
public enum DeviceKind {
    /** SCIF/HSCIF, drivers/tty/serial/sh-sci.c */
    SERIAL("sh-sci", "a serial port (renesas,scif or renesas,hscif)"),
    /** Gen2 SDHI fed by SYS-DMAC, drivers/mmc/host/renesas_sdhi_sys_dmac.c */
    SDHI_SYS_DMAC("sh_mobile_sdhi", "an SDHI controller"),
    /** Gen3 SDHI with its own bus-master DMAC, drivers/mmc/host/renesas_sdhi_internal_dmac.c */
    SDHI_INTERNAL_DMAC("renesas_sdhi_internal_dmac", "an SDHI controller"),
    /** SYS-DMAC used for memcpy, drivers/dma/sh/rcar-dmac.c (R-Car Gen2/Gen3 and Gen4 register layouts) */
    DMAC("rcar-dmac", "a SYS-DMAC (renesas,rcar-dmac)"),
    /** IIC, drivers/i2c/busses/i2c-sh_mobile.c */
    IIC("i2c-sh_mobile", "an IIC controller"),
    /** anything else */
    OTHER("", "a device the emulator has no client driver for");

    private final String driver;
    private final String description;

    DeviceKind(String driver, String description) {
        this.driver = driver;
        this.description = description;
    }

    /** The driver name ("sh-sci", "rcar-dmac", ...); "" for {@link #OTHER}. */
    public String driver() {
        return driver;
    }

    /** "a serial port (...)" and so on, for messages. */
    public String description() {
        return description;
    }

    /** Whether the device's DMA goes through SYS-DMAC slave channels (and so dma_map_resource() of its FIFO). */
    public boolean usesSlaveDma() {
        return this == SERIAL || this == SDHI_SYS_DMAC || this == IIC;
    }

    public static DeviceKind of(DtNode n) {
        List<String> c = n.compatible();
        for (String s : c) {
            switch (s) {
                case "renesas,scif", "renesas,hscif", "renesas,rcar-gen2-scif", "renesas,rcar-gen3-scif",
                     "renesas,rcar-gen2-hscif", "renesas,rcar-gen3-hscif" -> {
                    return SERIAL;
                }
                // renesas_sdhi_internal_dmac.c's of_match_table (Linux 6.12) but RZ/A2's fixed-address variant
                case "renesas,rcar-gen3-sdhi", "renesas,rcar-gen4-sdhi", "renesas,rzg2l-sdhi", "renesas,sdhi-r9a09g011",
                     "renesas,sdhi-r9a09g057", "renesas,sdhi-mmc-r8a77470" -> {
                    return SDHI_INTERNAL_DMAC;
                }
                case "renesas,rcar-gen2-sdhi" -> {
                    return SDHI_SYS_DMAC;
                }
                case "renesas,rcar-dmac", "renesas,rcar-gen4-dmac", "renesas,dmac-r8a779a0" -> {
                    return DMAC;
                }
                case "renesas,rmobile-iic", "renesas,rcar-gen2-iic", "renesas,rcar-gen3-iic" -> {
                    return IIC;
                }
                default -> {
                }
            }
        }
        return OTHER;
    }
}
