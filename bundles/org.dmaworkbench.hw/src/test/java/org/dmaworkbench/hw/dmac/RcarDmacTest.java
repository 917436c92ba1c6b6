package org.dmaworkbench.hw.dmac;

import static org.dmaworkbench.hw.dmac.KoelschRig.DMAC0;
import static org.dmaworkbench.hw.dmac.KoelschRig.IPMMU_DS;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dmaworkbench.hw.iommu.IpmmuFault;
import org.dmaworkbench.hw.periph.Scif;
import org.junit.Test;

/**
 * The four DMAC scenarios, programmed register by register as rcar_dmac_init() and
 * rcar_dmac_chan_start_xfer() do. Expected register values are derived from the CHCR bit definitions
 * of rcar-dmac.c; expected times from the timing rule (1 GB/s, 8-byte bus: one bus cycle per unit of up
 * to 8 bytes takes 8 ns, a 16-byte unit 16 ns) and the SCIF character time (10 bits at 115200 baud =
 * 86 805 555 ps, truncated to whole picoseconds).
 */
public class RcarDmacTest {
    static final int SAR = 0x00, DAR = 0x04, TCR = 0x08, CHCR = 0x0c, FIXSAR = 0x10, FIXDAR = 0x14, CHCRB = 0x1c,
            TCRB = 0x18, DMARS = 0x40, DPBASE = 0x50, DPCR = 0x54, FIXDPBASE = 0x60;

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 13);
        }
        return b;
    }

    @Test
    public void memcpyInRegisterModeCountsDownAndEndsWithTe() {
        KoelschRig r = new KoelschRig(false);
        r.dmacInit();
        assertEquals(0x0001, r.bus.read16(DMAC0 + 0x60));
        byte[] src = pattern(1000, 5);
        r.bus.write(0x4000_1000L, src, 0, src.length);
        r.bus.write32(0x4001_03e8L, 0x5a5a5a5a);
        r.dmac.setMaxBytesPerStep(256);

        r.bus.write32(r.chan(1, FIXSAR), 0);
        r.bus.write32(r.chan(1, FIXDAR), 0);
        r.bus.write32(r.chan(1, SAR), 0x4000_1000);
        r.bus.write32(r.chan(1, DAR), 0x4001_0000);
        r.bus.write32(r.chan(1, TCR), 1000 >> 2);
        // DM_INC | SM_INC | RS_AUTO | TS_4B | DPM_DISABLED | IE, then | DE | CAIE
        r.bus.write32(r.chan(1, CHCR), 0x4000_5415);

        // 64 units (256 bytes) per step, 8 ns each: steps at 0 and 512 ns have run by 600 ns
        r.clock.runUntil(600_000);
        assertEquals(250 - 128, r.bus.read32(r.chan(1, TCR)));
        assertEquals(250 - 128, r.bus.read32(r.chan(1, TCRB)));
        assertEquals(0x4000_1200, r.bus.read32(r.chan(1, SAR)));
        assertEquals(0x4001_0200, r.bus.read32(r.chan(1, DAR)));
        assertEquals(0x4000_5415, r.bus.read32(r.chan(1, CHCR)));
        assertEquals(0, r.bus.read32(DMAC0 + 0x20));

        r.clock.runUntilIdle(1000);
        assertEquals(List.of("2000000:ch1"), r.irqs);
        assertEquals(0, r.bus.read32(r.chan(1, TCR)));
        assertEquals(0x4000_13e8, r.bus.read32(r.chan(1, SAR)));
        assertEquals(0x4001_03e8, r.bus.read32(r.chan(1, DAR)));
        assertEquals(0x4000_5417, r.bus.read32(r.chan(1, CHCR))); // TE set, DE left for the driver
        assertEquals(0x2, r.bus.read32(DMAC0 + 0x20));             // DMAISTA: channel 1
        byte[] dst = new byte[1000];
        r.bus.read(0x4001_0000L, dst, 0, 1000);
        assertArrayEquals(src, dst);
        assertEquals(0x5a5a5a5a, r.bus.read32(0x4001_03e8L));

        // rcar_dmac_isr_channel(): clear TE and DE
        r.bus.write32(r.chan(1, CHCR), 0x4000_5417 & ~0x3);
        assertEquals(0x4000_5414, r.bus.read32(r.chan(1, CHCR)));
        assertEquals(0, r.bus.read32(DMAC0 + 0x20));
        assertEquals(RcarDmacChannel.State.IDLE, r.dmac.channel(1).state());
    }

    @Test
    public void memToDevSlaveTransferIntoScifFifoThroughTheIpmmu() {
        KoelschRig r = new KoelschRig(true);
        r.dmacInit();
        r.ipmmuAttach(1);
        byte[] msg = "Hello, koelsch!\r\n".getBytes(StandardCharsets.US_ASCII);
        r.bus.write(0x4800_0000L, msg, 0, msg.length);
        r.mapPage(1, 0x4800_0000L, KoelschRig.PAGE_RW);         // buffer: IOVA 0x8000_1000
        r.mapPage(2, 0xe6e6_0000L, KoelschRig.PAGE_MMIO);       // dma_map_resource(SCxTDR): IOVA 0x8000_200c
        r.scif0.enable();

        r.bus.write16(r.chan(1, DMARS), KoelschRig.SCIF0_TX);
        r.bus.write32(r.chan(1, FIXSAR), 0);
        r.bus.write32(r.chan(1, FIXDAR), 0);
        r.bus.write32(r.chan(1, SAR), 0x8000_1000);
        r.bus.write32(r.chan(1, DAR), 0x8000_200c);
        r.bus.write32(r.chan(1, TCR), msg.length);
        // DM_FIXED | SM_INC | RS_DMARS | TS_1B | IE | DE | CAIE
        r.bus.write32(r.chan(1, CHCR), 0x4000_1805);

        // the FIFO takes 16 bytes at once, then the channel waits for its request
        r.clock.runUntil(1_000_000);
        assertEquals(16, r.scif0.txFifoCount());
        assertEquals(1, r.bus.read32(r.chan(1, TCR)));
        assertEquals(RcarDmacChannel.State.WAITING_REQUEST, r.dmac.channel(1).state());
        assertEquals(0x1000, r.bus.read16(KoelschRig.SCIF0 + Scif.SCFDR)); // 16 in TX, 0 in RX

        r.clock.runUntilIdle(10_000);
        // 8 characters out (TDFE at 8 left) re-assert the request; the last byte then takes 8 ns
        assertEquals(List.of((8L * 86_805_555L + 8_000L) + ":ch1"), r.irqs);
        assertEquals("Hello, koelsch!\r\n", r.scif0.transmittedText());
        assertEquals(17L * 86_805_555L, r.clock.now());
        assertEquals(0, r.bus.read32(r.chan(1, TCR)));
        assertEquals(0x8000_1011, r.bus.read32(r.chan(1, SAR)));
        assertEquals(0x8000_200c, r.bus.read32(r.chan(1, DAR)));
        assertEquals(0x4000_1807, r.bus.read32(r.chan(1, CHCR)));
        // two walks (buffer page, FIFO page); every other byte hit the TLB
        assertEquals(2, r.ipmmu.tlb().misses());
        assertEquals(32, r.ipmmu.tlb().hits());
        assertEquals(0, r.ipmmu.faultCount());
    }

    @Test
    public void descriptorModeRunsSeveralChunksFromMemory() {
        KoelschRig r = new KoelschRig(false);
        r.dmacInit();
        r.dmac.setMaxBytesPerStep(64);
        long[][] chunks = {{0x4000_0000L, 0x4010_0000L, 64}, {0x4000_2000L, 0x4010_1000L, 128},
            {0x4000_4000L, 0x4010_3000L, 32}};
        long desc = 0x4002_0000L;
        for (int i = 0; i < 3; i++) {
            byte[] p = pattern((int) chunks[i][2], 31 * i + 1);
            r.bus.write(chunks[i][0], p, 0, p.length);
            // struct rcar_dmac_hw_desc { u32 sar, dar, tcr, reserved; }
            r.bus.write32(desc + 16 * i, (int) chunks[i][0]);
            r.bus.write32(desc + 16 * i + 4, (int) chunks[i][1]);
            r.bus.write32(desc + 16 * i + 8, (int) chunks[i][2] >> 2);
        }
        r.bus.write32(0x4010_0040L, 0x77777777);

        r.bus.write32(r.chan(1, FIXSAR), 0);
        r.bus.write32(r.chan(1, FIXDAR), 0);
        r.bus.write32(r.chan(1, FIXDPBASE), 0);
        r.bus.write32(r.chan(1, DPBASE), (int) desc | 1);           // | RCAR_DMADPBASE_SEL
        r.bus.write32(r.chan(1, CHCRB), (2 << 24) | (1 << 15));    // DCNT(nchunks - 1) | DRST
        r.bus.write32(r.chan(1, DAR), 0x4010_0000);                // errata workaround
        r.bus.write32(r.chan(1, DPCR), 1 << 24);                   // DIPT(1)
        // DM_INC|SM_INC|RS_AUTO|TS_4B | RPT_SAR|RPT_DAR|RPT_TCR|DPB | DPM_ENABLED|IE | DE|CAIE
        r.bus.write32(r.chan(1, CHCR), 0x5e40_5415);

        // stage 1 ends at 16 * 8 ns; stage 2's first 16 units run at 128 ns, the next at 256 ns
        r.clock.runUntil(200_000);
        int chcrb = r.bus.read32(r.chan(1, CHCRB));
        assertEquals(2, (chcrb >>> 16) & 0xff);                    // DPTR: descriptor 2 is next
        assertEquals(2, chcrb >>> 24);                             // DCNT kept
        assertEquals(16, r.bus.read32(r.chan(1, TCRB)));
        assertEquals(0x4000_2040, r.bus.read32(r.chan(1, SAR)));
        assertEquals(0x4010_1040, r.bus.read32(r.chan(1, DAR)));
        // rcar_dmac_chan_get_residue(): chunks after the running one + TCRB << xfer_shift
        int dptr = (chcrb >>> 16) & 0xff;
        int running = (dptr == 0 ? 3 : dptr) - 1;
        long residue = 0;
        for (int i = running + 1; i < 3; i++) {
            residue += chunks[i][2];
        }
        residue += (long) r.bus.read32(r.chan(1, TCRB)) << 2;
        assertEquals(32 + 64, residue);
        assertEquals(List.of(), r.irqs);

        r.clock.runUntilIdle(1000);
        // stage 2 ends at 384 ns, stage 3 (8 units) at 448 ns; one interrupt for the whole list
        assertEquals(List.of("448000:ch1"), r.irqs);
        assertEquals(0x5e40_5417, r.bus.read32(r.chan(1, CHCR)));
        assertEquals(0, (r.bus.read32(r.chan(1, CHCRB)) >>> 16) & 0xff);
        assertEquals(0, r.bus.read32(r.chan(1, TCR)));
        assertEquals(0x4000_4020, r.bus.read32(r.chan(1, SAR)));
        assertEquals(0x4010_3020, r.bus.read32(r.chan(1, DAR)));
        for (int i = 0; i < 3; i++) {
            byte[] got = new byte[(int) chunks[i][2]];
            r.bus.read(chunks[i][1], got, 0, got.length);
            assertArrayEquals(pattern(got.length, 31 * i + 1), got);
        }
        assertEquals(0x77777777, r.bus.read32(0x4010_0040L));
    }

    @Test
    public void iommuFaultStopsTheChannelWithAddressError() {
        KoelschRig r = new KoelschRig(true);
        r.dmacInit();
        r.ipmmuAttach(1);
        byte[] src = pattern(64, 9);
        r.bus.write(0x4800_0000L, src, 0, 64);
        r.mapPage(1, 0x4800_0000L, KoelschRig.PAGE_RW);  // source IOVA 0x8000_1000
        r.mapPage(5, 0x4900_0000L, KoelschRig.PAGE_RW);  // destination IOVA 0x8000_5000; 0x8000_6000 unmapped

        r.bus.write32(r.chan(1, SAR), 0x8000_1000);
        r.bus.write32(r.chan(1, DAR), 0x8000_5fe0);
        r.bus.write32(r.chan(1, TCR), 64 >> 4);
        // DM_INC | SM_INC | RS_AUTO | TS_16B | IE | DE | CAIE
        r.bus.write32(r.chan(1, CHCR), 0x4000_541d);
        r.clock.runUntilIdle(1000);

        assertEquals(List.of("0:ipmmu", "0:error", "0:ch1"), r.irqs);
        assertEquals(0xc000_541c, r.bus.read32(r.chan(1, CHCR)));  // CAE set, DE cleared
        assertEquals(0x0005, r.bus.read16(DMAC0 + 0x60));           // DMAOR: AE | DME
        assertEquals(2, r.bus.read32(r.chan(1, TCR)));
        assertEquals(0x8000_1020, r.bus.read32(r.chan(1, SAR)));
        assertEquals(0x8000_6000, r.bus.read32(r.chan(1, DAR)));
        byte[] got = new byte[32];
        r.bus.read(0x4900_0fe0L, got, 0, 32);
        byte[] first = new byte[32];
        System.arraycopy(src, 0, first, 0, 32);
        assertArrayEquals(first, got);
        assertEquals(0, r.bus.read64(0x4900_1000L));
        // the IPMMU latched the faulting IOVA as ipmmu_domain_irq() reads it
        assertEquals(0x1, r.bus.read32(IPMMU_DS + 0x800 + 0x20));   // IMSTR.TF
        assertEquals(0x8000_6000, r.bus.read32(IPMMU_DS + 0x800 + 0x30));
        IpmmuFault f = r.ipmmu.faults().get(0);
        assertEquals(1, f.utlb());
        assertEquals("IOMMU fault on write of 0x80006000", r.dmac.channel(1).lastError());

        // recovery as rcar_dmac_isr_channel() + rcar_dmac_init() do it
        r.bus.write32(DMAC0 + 0x80, 1 << 1);
        assertEquals(0, r.bus.read32(r.chan(1, CHCR)));
        r.bus.write16(DMAC0 + 0x60, 0x0001);
        assertEquals(0x0001, r.bus.read16(DMAC0 + 0x60));
    }

    /** The slave scenario end to end, returning the clock's timeline. */
    private static List<String> slaveTimeline() {
        KoelschRig r = new KoelschRig(true);
        List<String> timeline = new java.util.ArrayList<>();
        r.clock.addTracer(e -> timeline.add(e.time() + " " + e.label()));
        r.dmacInit();
        r.ipmmuAttach(1);
        r.bus.write(0x4800_0000L, "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII), 0, 20);
        r.mapPage(1, 0x4800_0000L, KoelschRig.PAGE_RW);
        r.mapPage(2, 0xe6e6_0000L, KoelschRig.PAGE_MMIO);
        r.scif0.enable();
        r.bus.write16(r.chan(1, DMARS), KoelschRig.SCIF0_TX);
        r.bus.write32(r.chan(1, SAR), 0x8000_1000);
        r.bus.write32(r.chan(1, DAR), 0x8000_200c);
        r.bus.write32(r.chan(1, TCR), 20);
        r.bus.write32(r.chan(1, CHCR), 0x4000_1805);
        r.clock.runUntilIdle(10_000);
        timeline.addAll(r.irqs);
        return timeline;
    }

    @Test
    public void sameProgrammingGivesTheSameTimeline() {
        List<String> first = slaveTimeline();
        // 20 characters shifted out, the DMA steps between them, and the completion interrupt
        assertEquals(20, first.stream().filter(s -> s.endsWith(" serial@e6e60000 tx")).count());
        assertEquals("0 dma-controller@e6700000 ch1", first.get(0));
        // 16 bytes at once, the other 4 when the FIFO is down to 8: 4 units of 8 ns
        assertEquals((8L * 86_805_555L + 4 * 8_000L) + ":ch1", first.get(first.size() - 1));
        assertEquals(first, slaveTimeline());
    }

    @Test
    public void cyclicDescriptorModeRaisesStageEndInterruptsAsTheDriverReprogramsDipt() {
        KoelschRig r = new KoelschRig(false);
        r.dmacInit();
        long desc = 0x4002_0000L;
        for (int i = 0; i < 2; i++) {
            r.bus.write32(desc + 16 * i, 0x4000_0000 + 0x100 * i);
            r.bus.write32(desc + 16 * i + 4, 0x4010_0000 + 0x100 * i);
            r.bus.write32(desc + 16 * i + 8, 16 >> 2);
        }
        List<String> isr = new java.util.ArrayList<>();
        r.dmac.addInterruptHandler((d, ch) -> {
            // rcar_dmac_isr_channel() + rcar_dmac_isr_desc_stage_end()
            int chcr = r.bus.read32(r.chan(ch, CHCR));
            r.bus.write32(r.chan(ch, CHCR), chcr & ~((1 << 19) | (1 << 1)));
            int stage = (r.bus.read32(r.chan(ch, CHCRB)) >>> 16) & 0xff;
            r.bus.write32(r.chan(ch, DPCR), stage << 24);
            isr.add(r.clock.now() + ":DSE=" + ((chcr >>> 19) & 1) + ":DPTR=" + stage);
        });
        r.bus.write32(r.chan(1, DPBASE), (int) desc | 1);
        r.bus.write32(r.chan(1, CHCRB), (1 << 24) | (1 << 15));
        r.bus.write32(r.chan(1, DPCR), 1 << 24);
        // DM_INC|SM_INC|RS_AUTO|TS_4B | RPT_SAR|RPT_DAR|RPT_TCR|DPB | DPM_INFINITE|DSIE | DE|CAIE
        r.bus.write32(r.chan(1, CHCR), 0x7e44_5411);
        r.clock.runUntil(() -> isr.size() >= 3, 1_000_000);
        // 4 units of 8 ns per stage
        assertEquals(List.of("32000:DSE=1:DPTR=0", "64000:DSE=1:DPTR=1", "96000:DSE=1:DPTR=0"), isr);
        assertEquals(0x7e44_5411, r.bus.read32(r.chan(1, CHCR)));  // never TE in infinite mode
        // dmaengine_terminate_all -> rcar_dmac_chan_halt(): DE and the interrupt enables cleared
        r.bus.write32(r.chan(1, CHCR), 0x7e44_5411 & ~((1 << 19) | (1 << 18) | 4 | 2 | 1 | (1 << 31) | (1 << 30)));
        assertEquals(RcarDmacChannel.State.IDLE, r.dmac.channel(1).state());
        r.clock.runUntilIdle(100);
        assertEquals(3, isr.size());
    }
}
