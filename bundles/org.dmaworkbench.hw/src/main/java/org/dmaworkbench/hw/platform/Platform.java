package org.dmaworkbench.hw.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.hw.dmac.RcarDmac;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.mem.Bus;
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
