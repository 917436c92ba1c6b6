package org.dmaworkbench.hw.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.RegEntry;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.mem.NamedRegisters;
import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.hw.periph.Iic;
import org.dmaworkbench.hw.periph.Scif;
import org.dmaworkbench.hw.periph.Sdhi;
import org.dmaworkbench.hw.time.VirtualClock;

/**
 * The emulated SoC built from a device tree by {@link PlatformBuilder}: the physical bus with RAM and
 * register windows, the virtual clock, and the device models by node path or label.
 */
public final class Platform {
    private final DeviceTree tree;
    private final VirtualClock clock;
    private final Bus bus;
    private final List<SparseRam> ram = new ArrayList<>();
    private final Map<String, PlatformDevice> devices = new LinkedHashMap<>();

    Platform(DeviceTree tree, VirtualClock clock, Bus bus) {
        this.tree = tree;
        this.clock = clock;
        this.bus = bus;
    }

    public DeviceTree tree() {
        return tree;
    }

    public VirtualClock clock() {
        return clock;
    }

    /** @return the physical address space (RAM + MMIO) */
    public Bus bus() {
        return bus;
    }

    /** @return RAM regions from the /memory nodes, in address order */
    public List<SparseRam> ram() {
        List<SparseRam> r = new ArrayList<>(ram);
        r.sort((a, b) -> Long.compareUnsigned(a.base(), b.base()));
        return Collections.unmodifiableList(r);
    }

    void addRam(SparseRam r) {
        ram.add(r);
    }

    void addDevice(PlatformDevice d) {
        devices.put(d.path(), d);
    }

    /** @return every enabled device with registers, in device-tree order */
    public List<PlatformDevice> devices() {
        return List.copyOf(devices.values());
    }

    /** @return the device at a node path ("/soc/serial@e6e60000") or with a label ("scif0") */
    public Optional<PlatformDevice> device(String pathOrLabel) {
        PlatformDevice d = devices.get(pathOrLabel);
        if (d != null) {
            return Optional.of(d);
        }
        for (PlatformDevice x : devices.values()) {
            if (x.labels().contains(pathOrLabel) || x.devName().equals(pathOrLabel)) {
                return Optional.of(x);
            }
        }
        return Optional.empty();
    }

    /**
     * What a physical address hits in the devices' register windows: the device, the offset from its first
     * {@code reg} window, and the register there when the model names its registers ({@link NamedRegisters}).
     * Empty for RAM and unmapped addresses.
     */
    public Optional<RegisterHit> registerAt(long pa) {
        for (PlatformDevice d : devices.values()) {
            if (d.reg().isEmpty()) {
                continue;
            }
            long base = d.reg().get(0).address();
            boolean inside = false;
            for (RegEntry r : d.reg()) {
                inside |= pa - r.address() >= 0 && pa - r.address() < r.size();
            }
            // the SDHI's SYS-DMAC RX port lies dma_rx_offset past the data port, outside its reg window
            inside |= d.model() instanceof Sdhi s && s.dma() == Sdhi.Dma.SYS_DMAC && pa - base >= Sdhi.DMA_RX_OFFSET
                    && pa - base < Sdhi.DMA_RX_OFFSET + 0x100;
            if (inside) {
                long off = pa - base;
                NamedRegisters.Register reg = d.model() instanceof NamedRegisters n ? n.register(off).orElse(null)
                        : null;
                return Optional.of(new RegisterHit(d, off, reg));
            }
        }
        return Optional.empty();
    }

    /**
     * A physical address inside a device's registers.
     *
     * @param device   the device
     * @param offset   bytes from the start of its first {@code reg} window
     * @param register the register there, null when the model does not name it
     */
    public record RegisterHit(PlatformDevice device, long offset, NamedRegisters.Register register) {
    }

    private <T> List<T> models(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (PlatformDevice d : devices.values()) {
            if (type.isInstance(d.model())) {
                out.add(type.cast(d.model()));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private <T> Optional<T> model(String pathOrLabel, Class<T> type) {
        return device(pathOrLabel).map(PlatformDevice::model).filter(type::isInstance).map(type::cast);
    }

    public List<Ipmmu> ipmmus() {
        return models(Ipmmu.class);
    }

    public Optional<Ipmmu> ipmmu(String pathOrLabel) {
        return model(pathOrLabel, Ipmmu.class);
    }

    public List<RcarDmac> dmacs() {
        return models(RcarDmac.class);
    }

    public Optional<RcarDmac> dmac(String pathOrLabel) {
        return model(pathOrLabel, RcarDmac.class);
    }

    public List<Scif> scifs() {
        return models(Scif.class);
    }

    public Optional<Scif> scif(String pathOrLabel) {
        return model(pathOrLabel, Scif.class);
    }

    public Optional<Sdhi> sdhi(String pathOrLabel) {
        return model(pathOrLabel, Sdhi.class);
    }

    public Optional<Iic> iic(String pathOrLabel) {
        return model(pathOrLabel, Iic.class);
    }
}
