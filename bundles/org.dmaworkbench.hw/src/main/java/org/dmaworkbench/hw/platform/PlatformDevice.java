package org.dmaworkbench.hw.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.RegEntry;
import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.mem.MmioDevice;

/**
 * One enabled device-tree node with registers on the SoC: its reg windows (CPU physical, after ranges),
 * the model behind them, and its resolved DMA and IOMMU references.
 */
public final class PlatformDevice {

    /**
     * A dmas/dma-names entry.
     *
     * @param name       the dma-names string ("tx", "rx", ...)
     * @param controller the DMA controller node
     * @param args       the specifier cells (for rcar-dmac: the MID/RID)
     * @param model      the controller's model, or null when it is not modelled or not enabled
     * @param position   where the dmas property is
     */
    public record DmaLink(String name, DtNode controller, int[] args, Object model, SourcePosition position) {
        /** @return the MID/RID for an rcar-dmac link (the single specifier cell), or -1 */
        public int midRid() {
            return args.length == 1 ? args[0] : -1;
        }
    }

    /**
     * An iommus entry.
     *
     * @param ipmmu the IPMMU model, or null when the IOMMU is disabled or not an IPMMU
     * @param node  the IOMMU node
     * @param utlb  the micro-TLB (the #iommu-cells = 1 argument)
     */
    public record IommuLink(Ipmmu ipmmu, DtNode node, int utlb) {
    }

    private final DtNode node;
    private final List<RegEntry> reg;
    private final MmioDevice model;
    private final List<DmaLink> dmas = new ArrayList<>();
    private final List<IommuLink> iommus = new ArrayList<>();

    PlatformDevice(DtNode node, List<RegEntry> reg, MmioDevice model) {
        this.node = node;
        this.reg = List.copyOf(reg);
        this.model = model;
    }

    public DtNode node() {
        return node;
    }

    public String path() {
        return node.path();
    }

    public List<String> labels() {
        return node.labels();
    }

    public List<String> compatible() {
        return node.compatible();
    }

    /** @return the reg windows, CPU physical */
    public List<RegEntry> reg() {
        return reg;
    }

    /**
     * The kernel's name for the platform device, as of_device_make_bus_id() builds it: first reg address
     * in hex, a dot, and the node name without unit address (e.g. {@code e6e60000.serial}).
     */
    public String devName() {
        if (reg.isEmpty()) {
            return node.baseName();
        }
        return Long.toHexString(reg.get(0).address()) + "." + node.baseName();
    }

    /** @return the register model ({@link org.dmaworkbench.hw.mem.PlainMmio} for devices without a model) */
    public MmioDevice model() {
        return model;
    }

    public List<DmaLink> dmas() {
        return Collections.unmodifiableList(dmas);
    }

    public List<IommuLink> iommus() {
        return Collections.unmodifiableList(iommus);
    }

    void addDma(DmaLink l) {
        dmas.add(l);
    }

    void addIommu(IommuLink l) {
        iommus.add(l);
    }

    @Override
    public String toString() {
        return node.path();
    }
}
