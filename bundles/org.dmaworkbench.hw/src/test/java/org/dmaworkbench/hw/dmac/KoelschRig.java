package org.dmaworkbench.hw.dmac;

import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.iommu.IpmmuFeatures;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.mem.Bus;
import org.dmaworkbench.hw.mem.SparseRam;
import org.dmaworkbench.hw.periph.Scif;
import org.dmaworkbench.hw.time.VirtualClock;

/**
 * The part of a Koelsch (r8a7791) board the DMAC tests need, wired by hand with the addresses of
 * r8a7791.dtsi: RAM at 0x4000_0000, dmac0 at 0xe670_0000 (15 channels), ipmmu_ds at 0xe674_0000 with
 * dmac0 channel N on micro-TLB N, scif0 at 0xe6e6_0000 with TX request 0x29 and RX 0x2a.
 * Registers are accessed through the bus at those addresses, as the driver does.
 */
final class KoelschRig {
    static final long DMAC0 = 0xe670_0000L;
    static final long IPMMU_DS = 0xe674_0000L;
    static final long SCIF0 = 0xe6e6_0000L;
    static final int SCIF0_TX = 0x29;
    static final int SCIF0_RX = 0x2a;
    static final long PGD = 0x4100_0000L;
    static final long L2 = 0x4100_1000L;
    static final long L3 = 0x4100_2000L;
    static final long TABLE = 0x8000_0000_0000_0003L;
    /** page, RW, normal memory: nG, SH=IS, AF, AP_UNPRIV, NS, AttrIndx 1, page */
    static final long PAGE_RW = 0xf67;
    /** page, RW, device memory (IOMMU_MMIO): nG, SH=OS, AF, AP_UNPRIV, NS, AttrIndx 2, page */
    static final long PAGE_MMIO = 0xe6b;

    final VirtualClock clock = new VirtualClock();
    final Bus bus = new Bus();
    final Ipmmu ipmmu = new Ipmmu("iommu@e6740000", IpmmuFeatures.DEFAULT, bus);
    final RcarDmac dmac = new RcarDmac("dma-controller@e6700000", 15, bus, clock);
    final Scif scif0 = new Scif("serial@e6e60000", Scif.Kind.SCIF, clock);
    final List<String> irqs = new ArrayList<>();

    KoelschRig(boolean behindIpmmu) {
        bus.addRam("/memory@40000000", new SparseRam(0x4000_0000L, 0x8000_0000L));
        bus.addMmio("/soc/dma-controller@e6700000", DMAC0, 0x20000, dmac);
        bus.addMmio("/soc/iommu@e6740000", IPMMU_DS, 0x1000, ipmmu);
        bus.addMmio("/soc/serial@e6e60000", SCIF0, 0x40, scif0);
        ipmmu.setClock(clock);
        if (behindIpmmu) {
            for (int ch = 0; ch < 15; ch++) {
                dmac.setIommu(ch, ipmmu, ch);
            }
        }
        scif0.connectDma(dmac, SCIF0_TX, true);
        scif0.connectDma(dmac, SCIF0_RX, false);
        dmac.addInterruptHandler(new RcarDmacInterruptHandler() {
            @Override
            public void channelInterrupt(RcarDmac d, int channel) {
                irqs.add(clock.now() + ":ch" + channel);
            }

            @Override
            public void errorInterrupt(RcarDmac d) {
                irqs.add(clock.now() + ":error");
            }
        });
        ipmmu.setInterruptHandler(m -> irqs.add(clock.now() + ":ipmmu"));
    }

    /** rcar_dmac_init(): DMACHCLR all channels, DMAOR = PRI_FIXED | DME (16-bit access). */
    void dmacInit() {
        bus.write32(DMAC0 + 0x80, 0x7fff);
        bus.write16(DMAC0 + 0x60, 0x0001);
    }

    long chan(int index, int reg) {
        return DMAC0 + 0x8000 + index * 0x80 + reg;
    }

    /** ipmmu_domain_setup_context() for context 0 and ipmmu_utlb_enable() for uTLB {@code utlb}. */
    void ipmmuAttach(int utlb) {
        long b = IPMMU_DS + 0x800;
        bus.write32(b + 0x10, (int) PGD);
        bus.write32(b + 0x14, 0);
        bus.write32(b + 0x08, 0x8000_3510);
        bus.write32(b + 0x28, 0x0004_ff44);
        bus.write32(b + 0x20, bus.read32(b + 0x20));
        bus.write32(b + 0x00, 0x7);
        bus.write32(b + 0x308 + utlb * 16, 0);
        bus.write32(b + 0x300 + utlb * 16, 0x3);
        // tables: L1[2] -> L2, L2[0] -> L3 covering IOVA 0x8000_0000-0x801f_ffff
        bus.write64(PGD + 2 * 8, TABLE | L2);
        bus.write64(L2, TABLE | L3);
    }

    /** Maps the 4 KiB IOVA page 0x8000_0000 + n * 4 KiB to {@code pa} with leaf attribute bits {@code attrs}. */
    void mapPage(int n, long pa, long attrs) {
        bus.write64(L3 + n * 8L, pa | attrs);
    }
}
