package org.dmaworkbench.kernel.drivers.rcardmac;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.periph.Scif;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveBuswidth;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveConfig;
import org.dmaworkbench.kernel.dmaengine.OfDmaSpec;
import org.dmaworkbench.kernel.machine.Boards;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.machine.MachineOptions;
import org.dmaworkbench.kernel.trace.TraceEvent;

/**
 * Koelsch with SYS-DMAC 0 behind IPMMU-DS (32-bit ARM, arm_iommu mapping of 2 GiB at 1 GiB) and SCIF0
 * (e6e60000.serial, TX MID/RID 0x29, SCFTDR at +0x0c) enabled as sh-sci leaves it for DMA.
 */
final class KoelschSlaveFixture {
    static final long SCIF0 = 0xe6e60000L;
    static final long SCFTDR = SCIF0 + 0x0c;
    static final int SCIF0_TX = 0x29;
    static final long DMAC0 = 0xe6700000L;
    /** channel 1: the first one rcar-dmac uses when the controller is behind an IOMMU (channel 0 is masked) */
    static final long CH1 = DMAC0 + 0x8000 + 1 * 0x80;

    final Machine m;
    final Scif scif0;
    final Device dmacDev;
    final RcarDmacDriver dmac0;
    final List<TraceEvent> events = new ArrayList<>();
    final int bootLogSize;

    KoelschSlaveFixture() {
        m = Machine.boot(Boards.koelschIpmmuDmac0(), null, new MachineOptions().traceSink(events::add));
        scif0 = m.platform().scif("scif0").orElseThrow();
        scif0.enable();
        dmacDev = m.device("dmac0").orElseThrow();
        dmac0 = m.rcarDmac("dmac0").orElseThrow();
        bootLogSize = m.kernelLog().size();
    }

    /** What {@code rcar_dmac_of_xlate()} gives sh-sci for {@code <&dmac0 0x29>}. */
    RcarDmacChan txChannel() {
        return (RcarDmacChan) dmac0.engine().ofDmaXlate(new OfDmaSpec("tx", "/soc/dma-controller@e6700000",
                new int[] {SCIF0_TX}));
    }

    static DmaSlaveConfig txConfig(DmaSlaveBuswidth width) {
        return new DmaSlaveConfig().dstAddr(SCFTDR).dstAddrWidth(width);
    }

    int reg(long addr) {
        return m.platform().bus().read32(addr);
    }

    int ch1(int reg) {
        return reg(CH1 + reg);
    }

    /** A page of kernel memory holding {@code text}; @return its physical address */
    long pageWith(String text) {
        long va = m.memory().getFreePages(0);
        long pa = m.memory().virtToPhys(va);
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        m.platform().bus().write(pa, b, 0, b.length);
        return pa;
    }

    /** Kernel log lines printed after boot. */
    List<String> newLog() {
        List<String> out = new ArrayList<>();
        List<KernelLogRecord> all = m.kernelLog();
        for (int i = bootLogSize; i < all.size(); i++) {
            out.add(all.get(i).text());
        }
        return out;
    }

    /** Names of the dma:* events so far. */
    List<String> eventNames() {
        List<String> out = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.name().startsWith("dma_")) {
                out.add(e.name());
            }
        }
        return out;
    }

    boolean runUntil(java.util.function.BooleanSupplier cond, long forPs) {
        return m.runUntil(cond, m.clock().now() + forPs);
    }

    static final long MS = VirtualClock.PS_PER_US * 1000;
}
