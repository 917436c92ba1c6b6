package org.dmaworkbench.emulation.replay;

import java.util.Objects;

/**
 * One live dma-debug entry, as a line of {@code /sys/kernel/debug/dma-api/dump} describes it (dump_show() of
 * kernel/dma/debug.c, Linux 6.12):
 * {@code "<driver> <device> <type> idx <n> P=<%pa> D=<%llx> L=<%llx> cln=<%pa> <dir> <maperr>"}.
 */
public final class LiveMapping {
    private final String driver;
    private final String device;
    private final String type;
    private final int hashIndex;
    private final long phys;
    private final long dmaAddr;
    private final long size;
    private final String direction;
    private final String mapErr;

    public LiveMapping(String driver, String device, String type, int hashIndex, long phys, long dmaAddr, long size,
            String direction, String mapErr) {
        this.driver = driver;
        this.device = device;
        this.type = type;
        this.hashIndex = hashIndex;
        this.phys = phys;
        this.dmaAddr = dmaAddr;
        this.size = size;
        this.direction = direction;
        this.mapErr = mapErr;
    }

    public String driver() {
        return driver;
    }

    public String device() {
        return device;
    }

    /** single, scatter-gather, coherent, resource or noncoherent */
    public String type() {
        return type;
    }

    public int hashIndex() {
        return hashIndex;
    }

    /** P=: the CPU physical address (for coherent/noncoherent entries rebuilt from a trace: the traced virt_addr) */
    public long phys() {
        return phys;
    }

    public long dmaAddr() {
        return dmaAddr;
    }

    public long size() {
        return size;
    }

    /** DMA_BIDIRECTIONAL, DMA_TO_DEVICE, DMA_FROM_DEVICE or DMA_NONE */
    public String direction() {
        return direction;
    }

    /** e.g. "dma map error checked" */
    public String mapErr() {
        return mapErr;
    }

    /** Same device, type, addresses, size and direction (driver name, hash index and map-error state aside). */
    public boolean sameMapping(LiveMapping o) {
        return device.equals(o.device) && type.equals(o.type) && phys == o.phys && dmaAddr == o.dmaAddr
                && size == o.size && direction.equals(o.direction);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LiveMapping)) {
            return false;
        }
        LiveMapping m = (LiveMapping) o;
        return sameMapping(m) && driver.equals(m.driver) && hashIndex == m.hashIndex && mapErr.equals(m.mapErr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(device, type, phys, dmaAddr, size, direction);
    }

    @Override
    public String toString() {
        return driver + " " + device + " " + type + " idx " + hashIndex + " P=" + hex16(phys) + " D="
                + Long.toHexString(dmaAddr) + " L=" + Long.toHexString(size) + " " + direction + " " + mapErr;
    }

    static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0x" + "0000000000000000".substring(h.length()) + h;
    }
}
