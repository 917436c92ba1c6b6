package org.dmaworkbench.kernel.drivers.clients;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.hw.periph.BlockImage;
import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.machine.Boards;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.machine.MachineOptions;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.junit.Test;

/**
 * renesas_sdhi_internal_dmac on the kernel's own boards. Expected values by hand from the 6.12 sources:
 * <ul>
 * <li>DMA addresses: the SDHI keeps the 32-bit default mask (the driver sets none) and the IPMMU domain's aperture
 * ends at DMA_BIT_MASK(32), so dma-iommu's IOVA allocator (drivers/iommu/iova.c __alloc_and_insert_iova_range(),
 * top-down, size-aligned) gives a fresh domain's first one-page mapping pfn (0x100000 - 1) = 0xfffff000; a
 * two-page one after it, with pfn 0xfffff still held by the rcache, (0xfffff - 2) &amp; ~1 = 0xffffc000.</li>
 * <li>Registers (renesas_sdhi_internal_dmac.c 28-60, tmio_mmc.h, bus shift 2): CTL_SD_XFER_LEN 0x26 &lt;&lt; 2 =
 * 0x98, CTL_XFER_BLK_COUNT 0x28, CTL_DMA_ENABLE 0x360, CTL_SD_CMD 0x0, CTL_STOP_INTERNAL_ACTION 0x20;
 * dma_irqs = DTRANEND0 | DTRANEND1 = 0x110000; a read's DTRAN_MODE = BUS_WIDTH | ADDR_MODE | CH_NUM_CH1 = 0x10031,
 * a write's 0x31; CMD18 = 18 | RESP_R1 0x400 | DATA_PRESENT 0x800 | TRANSFER_READ 0x1000 | TRANSFER_MULTI 0x2000 =
 * 0x3c12 (tmio_mmc_core.c 280-289).</li>
 * </ul>
 */
public class SdhiInternalDmacClientTest {
    private static final long SDHI0 = 0xee10_0000L;

    /** A booted board with the SDHI's register accesses (offset in its window) and DMA trace events in one list. */
    private static final class Rig {
        final Platform platform;
        final Machine machine;
        final List<String> log = new ArrayList<>();
        final long base;
        boolean recordRegs;

        /** @param optIn masters opted in beyond the kernel's rule, null for none */
        Rig(String dts, Set<String> optIn, long base) {
            this.platform = Boards.platform("board.dts", "#include \"" + dts + "\"\n");
            this.base = base;
            MachineOptions o = new MachineOptions().traceSink(e -> {
                if (e.name().startsWith("dma_")) {
                    log.add(e.name() + ": " + e.fields());
                }
            });
            if (optIn != null) {
                o.iommuOptIn(optIn);
            }
            this.machine = Machine.boot(platform, KernelProfile.V6_12, o);
            platform.bus().addMmioListener((pa, size, write, value) -> {
                if (recordRegs && pa >= base && pa < base + 0x2000) {
                    log.add(String.format("%s%d %x=%x", write ? "w" : "r", size * 8, pa - base, value));
                }
            });
        }

        List<String> lines(String prefix) {
            List<String> out = new ArrayList<>();
            for (String l : log) {
                if (l.startsWith(prefix)) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    /** The real salvator-x: the kernel's allow list puts its SDHIs (sdhi0 first) behind IPMMU-DS1. */
    private static Rig salvatorX() {
        return new Rig("arm64/renesas/r8a77951-salvator-x.dts", null, SDHI0);
    }

    private static byte[] blocks(BlockImage card, long first, int n) {
        byte[] out = new byte[n * 512];
        for (int i = 0; i < n; i++) {
            card.readBlock(first + i, out, i * 512);
        }
        return out;
    }

    private static BlockImage filledCard(SdHost sd) {
        BlockImage card = sd.card(1024);
        byte[] b = new byte[512];
        for (int lba = 0; lba < 64; lba++) {
            for (int i = 0; i < 512; i++) {
                b[i] = (byte) (lba * 11 + i * 3);
            }
            card.writeBlock(lba, b, 0);
        }
        return card;
    }

    @Test
    public void gen3ReadsThroughTheIpmmuWithTopDownIovasUnderThe32BitMask() {
        Rig r = salvatorX();
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "sdhi0");
        Device dev = sd.device();
        assertEquals("ee100000.mmc", dev.name());
        assertEquals(0xffffffffL, dev.dmaMask());
        assertEquals(0xffffffffL, dev.maxSegmentSize());   // dma_set_max_seg_size(dev, 0xffffffff)
        assertEquals(1, sd.maxSegs());
        assertEquals(512L * (0xffffffffL / 512), sd.maxReqSize());
        BlockImage card = filledCard(sd);

        assertArrayEquals(blocks(card, 0, 8), sd.read(0, 8, 1));
        assertArrayEquals(blocks(card, 8, 16), sd.read(8, 16, 1));
        List<String> maps = r.lines("dma_map_sg");
        assertEquals(2, maps.size());
        // mapped for the SDHI's own device, from the device: IOVAs, not physical addresses
        assertTrue(maps.get(0), maps.get(0).startsWith("dma_map_sg: ee100000.mmc dir=FROM_DEVICE nents=1/1 ents=1/1 "
                + "dma_addrs={0xfffff000} sizes={0x1000} phys_addrs="));
        assertTrue(maps.get(1), maps.get(1).startsWith("dma_map_sg: ee100000.mmc dir=FROM_DEVICE nents=1/1 ents=1/1 "
                + "dma_addrs={0xffffc000} sizes={0x2000} phys_addrs="));
        assertEquals(2, r.lines("dma_unmap_sg: ee100000.mmc dir=FROM_DEVICE").size());

        // IPMMU-DS1 micro-TLB 32 (iommus = <&ipmmu_ds1 32>) translates for the SDHI's context
        Ipmmu ds1 = r.platform.ipmmu("ipmmu_ds1").orElseThrow();
        assertSame(ds1, sd.hardware().ipmmu());
        assertTrue(ds1.isTranslating(32));
        assertTrue(ds1.tlb().misses() >= 2);
        assertEquals(0, ds1.root().faultCount());
        assertEquals(24 * 512, sd.hardware().dmaBytesMoved());
        assertEquals(2, sd.dmaRequests());
        assertEquals(0, r.machine.dmaDebug().errorCount());
        // 24 blocks, each 512 B at the card's 25 MB/s (20.48 us) then moved at 1 GB/s (0.512 us)
        assertEquals(24 * (20_480_000L + 512_000L), r.machine.clock().now());
    }

    @Test
    public void deniedSocGetsDmaDirectAndPhysicalAddresses() {
        // r8a7796 (R-Car M3-W) is in ipmmu-vmsa.c's soc_denylist: no IOMMU for its SDHI, dma-direct
        Rig r = new Rig("arm64/renesas/r8a77960-salvator-x.dts", null, SDHI0);
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "sdhi0");
        assertNull(sd.device().iommuDomain());
        BlockImage card = filledCard(sd);
        assertArrayEquals(blocks(card, 4, 8), sd.read(4, 8, 1));
        String map = r.lines("dma_map_sg").get(0);
        String phys = map.substring(map.indexOf("phys_addrs={") + "phys_addrs={".length(), map.indexOf('}',
                map.indexOf("phys_addrs={")));
        assertTrue(map, map.contains("dma_addrs={" + phys + "}"));
        assertFalse(sd.hardware().ipmmu().isTranslating(sd.hardware().utlb()));
        assertEquals(0, r.machine.dmaDebug().errorCount());
    }

    @Test
    public void aReadProgramsTheDmacInTheDriversOrder() {
        Rig r = salvatorX();
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "sdhi0");
        filledCard(sd);
        r.recordRegs = true;
        assertNotNull(sd.read(16, 8, 1));
        List<String> seen = new ArrayList<>();
        for (String l : r.log) {
            if (l.startsWith("dma_") || l.matches("[wr]\\d+ (8[0-9a-f]{2}|360|98|28|0)=.*")) {
                seen.add(l.startsWith("dma_") ? l.substring(0, l.indexOf(':')) : l);
            }
        }
        assertEquals(List.of(
                "dma_map_sg",          // renesas_sdhi_internal_dmac_pre_req()
                "w16 98=200",          // tmio_mmc_start_data(): CTL_SD_XFER_LEN = 512
                "w32 28=8",            // CTL_XFER_BLK_COUNT, 32 bits (max_blk_count >= SZ_64K)
                "w32 848=ffeeffff",    // start_dma -> enable_dma(true): DM_CM_INFO1_MASK = ~dma_irqs
                "w16 360=2",           // renesas_sdhi_enable_dma(): CTL_DMA_ENABLE = DMA_ENABLE_DMASDRW
                "w32 820=10031",       // DM_CM_DTRAN_MODE: CH_NUM_CH1 | BUS_WIDTH | ADDR_MODE
                "w32 880=fffff000",    // DM_DTRAN_ADDR = sg_dma_address()
                "w16 0=3c12",          // tmio_mmc_start_command(): CMD18
                "w32 828=1",           // CMDRESPEND -> issue work: DM_CM_DTRAN_CTRL = DTRAN_CTRL_DM_START
                "r32 840=100000",      // dma_irq: DM_CM_INFO1 = DTRANEND1
                "w32 840=10000",       // writel(status ^ dma_irqs)
                "w32 848=ffffffff",    // complete -> enable_dma(false): INFO1_MASK_CLEAR
                "w16 360=0",           // CTL_DMA_ENABLE = 0
                "dma_unmap_sg"),       // renesas_sdhi_internal_dmac_post_req()
                seen);
    }

    @Test
    public void aWriteTakesTheDataFromMemoryThroughChannel0() {
        Rig r = salvatorX();
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "sdhi0");
        BlockImage card = filledCard(sd);
        r.recordRegs = true;
        byte[] data = new byte[8 * 512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7 + 2);
        }
        sd.write(100, data, 1);
        assertArrayEquals(data, blocks(card, 100, 8));
        assertTrue(r.lines("dma_map_sg").get(0), r.lines("dma_map_sg").get(0)
                .startsWith("dma_map_sg: ee100000.mmc dir=TO_DEVICE nents=1/1 ents=1/1 dma_addrs={0xfffff000}"));
        assertEquals(List.of("w32 820=31"), r.lines("w32 820="));
        // CMD25: 25 | RESP_R1 | DATA_PRESENT | TRANSFER_MULTI
        assertEquals(List.of("w16 0=2c19"), r.lines("w16 0="));
        // dma_irq saw DTRANEND0 and acknowledged it
        assertEquals(List.of("w32 840=100000"), r.lines("w32 840="));
        assertEquals(1, r.lines("dma_unmap_sg: ee100000.mmc dir=TO_DEVICE").size());
    }

    @Test
    public void aBufferNotAlignedTo128BytesIsMappedTwiceThenGoesByPio() {
        Rig r = salvatorX();
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "sdhi0");
        BlockImage card = filledCard(sd);
        KernelMemory mm = r.machine.memory();
        long pa = mm.virtToPhys(mm.getFreePages(1));
        r.recordRegs = true;
        assertTrue(sd.transfer(20, new Scatterlist(pa, 0x40, 8 * 512), true));
        byte[] got = new byte[8 * 512];
        r.platform.bus().read(pa + 0x40, got, 0, got.length);
        assertArrayEquals(blocks(card, 20, 8), got);
        assertEquals(1, sd.pioRequests());
        assertEquals(0, sd.dmaRequests());
        // pre_req maps and unmaps (sg_dma_address 0x...040), start_dma maps again (the rcache gives the same two
        // pages back) and unmaps again: PIO
        List<String> dma = new ArrayList<>();
        for (String l : r.log) {
            if (l.startsWith("dma_")) {
                dma.add(l.substring(0, l.indexOf(':')) + (l.contains("dma_addrs=") ? " "
                        + l.substring(l.indexOf("dma_addrs="), l.indexOf(' ', l.indexOf("dma_addrs="))) : ""));
            }
        }
        assertEquals(List.of("dma_map_sg dma_addrs={0xffffe040}", "dma_unmap_sg", "dma_map_sg dma_addrs={0xffffe040}",
                "dma_unmap_sg"), dma);
        assertEquals(List.of(), r.lines("w32 828="));       // no DM_START
        assertEquals(List.of("w16 360=0"), r.lines("w16 360="));
        // 8 blocks through the 16-bit data port (CTL_SD_DATA_PORT 0x30 << 2)
        assertEquals(8 * 256, r.lines("r16 c0=").size());
        assertEquals(0, r.machine.dmaDebug().errorCount());
    }

    @Test
    public void withoutPreReqStartDmaMapsAndTheCompletionUnmaps() {
        Rig r = salvatorX();
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "sdhi0");
        filledCard(sd);
        sd.setPreReq(false);
        r.recordRegs = true;
        assertNotNull(sd.read(0, 8, 1));
        List<String> seen = new ArrayList<>();
        for (String l : r.log) {
            if (l.startsWith("dma_") || l.matches("w\\d+ (28|848|20)=.*")) {
                seen.add(l.startsWith("dma_") ? l.substring(0, l.indexOf(':')) : l);
            }
        }
        assertEquals(List.of(
                "w32 28=8",
                "dma_map_sg",          // renesas_sdhi_internal_dmac_start_dma() -> _map(COOKIE_MAPPED)
                "w32 848=ffeeffff",
                "w16 20=100",          // tmio_mmc_start_command(): CTL_STOP_INTERNAL_ACTION = TMIO_STOP_SEC
                "w32 848=ffffffff",    // renesas_sdhi_internal_dmac_complete(): enable_dma(false) ...
                "dma_unmap_sg",        // ... then _unmap(COOKIE_MAPPED)
                "w16 20=0"),           // tmio_mmc_do_data_irq(): auto CMD12 done
                seen);
    }

    @Test
    public void gen4SpiderMmc0ReadsThroughIpmmuDs0() {
        Rig r = new Rig("arm64/renesas/r8a779f0-spider.dts", null, 0xee14_0000L);
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "mmc0");
        BlockImage card = filledCard(sd);
        assertArrayEquals(blocks(card, 1, 8), sd.read(1, 8, 1));
        assertTrue(r.lines("dma_map_sg").get(0), r.lines("dma_map_sg").get(0)
                .startsWith("dma_map_sg: ee140000.mmc dir=FROM_DEVICE nents=1/1 ents=1/1 dma_addrs={0xfffff000}"));
        // r8a779f0.dtsi: mmc0 iommus = <&ipmmu_ds0 32>
        Ipmmu ds0 = r.platform.ipmmu("ipmmu_ds0").orElseThrow();
        assertTrue(ds0.isTranslating(32));
        assertEquals(0, ds0.root().faultCount());
    }

    @Test
    public void segmentsBecomeOneRequestEachForAHostWithOneSegment() {
        Rig r = salvatorX();
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "sdhi0");
        BlockImage card = filledCard(sd);
        assertArrayEquals(blocks(card, 32, 8), sd.read(32, 8, 4));
        assertEquals(4, sd.dmaRequests());
        for (String m : r.lines("dma_map_sg")) {
            assertTrue(m, m.contains(" nents=1/1 ents=1/1 ") && m.contains(" sizes={0x400} "));
        }
        assertEquals(4, r.lines("dma_map_sg").size());
    }

    @Test
    public void quirksFollowTheMatchDataAndTheSocRevision() {
        var none = SdhiInternalDmacClient.Quirks.NONE;
        // r8a77951.dtsi sdhi0
        assertEquals(none, SdhiInternalDmacClient.Quirks.of(List.of("renesas,sdhi-r8a7795", "renesas,rcar-gen3-sdhi"),
                List.of("renesas,salvator-x", "renesas,r8a7795"), null));
        // r9a07g044.dtsi: "renesas,sdhi-r9a07g044", "renesas,rzg2l-sdhi" -> of_rzg2l_compatible: fixed_addr_mode
        assertEquals(new SdhiInternalDmacClient.Quirks(true, false, false), SdhiInternalDmacClient.Quirks.of(
                List.of("renesas,sdhi-r9a07g044", "renesas,rzg2l-sdhi"), List.of("renesas,r9a07g044"), null));
        // sdhi_quirks_match: r8a7796 ES1.0 -> sdhi_quirks_4tap_nohs400_one_rx
        assertEquals(new SdhiInternalDmacClient.Quirks(false, true, true), SdhiInternalDmacClient.Quirks.of(
                List.of("renesas,sdhi-r8a7796", "renesas,rcar-gen3-sdhi"), List.of("renesas,r8a7796"), "ES1.0"));
        assertEquals(none, SdhiInternalDmacClient.Quirks.of(List.of("renesas,sdhi-r8a7796", "renesas,rcar-gen3-sdhi"),
                List.of("renesas,r8a7796"), "ES1.1"));
    }

    @Test
    public void r8a7796Es10UsesTheOldInfo1Layout() {
        Rig r = new Rig("arm64/renesas/r8a77960-salvator-x.dts", null, SDHI0);
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "sdhi0", "ES1.0");
        BlockImage card = filledCard(sd);
        r.recordRegs = true;
        assertArrayEquals(blocks(card, 0, 8), sd.read(0, 8, 1));
        // dma_irqs = DTRANEND0 | DTRANEND1_OLD (BIT(17))
        assertEquals(List.of("w32 848=fffcffff", "w32 848=ffffffff"), r.lines("w32 848="));
        assertEquals(List.of("r32 840=20000"), r.lines("r32 840="));
        // fixed_addr_mode is not among its quirks: DTRAN_MODE keeps ADDR_MODE
        assertEquals(List.of("w32 820=10031"), r.lines("w32 820="));
    }

    @Test
    public void rzG2lProgramsFixedAddressModeAndStillFillsTheBuffer() {
        Rig r = new Rig("arm64/renesas/r9a07g044l2-smarc.dts", null, 0x11c1_0000L);
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "sdhi1");
        BlockImage card = filledCard(sd);
        r.recordRegs = true;
        assertArrayEquals(blocks(card, 2, 8), sd.read(2, 8, 1));
        // BUS_WIDTH | CH_NUM_CH1, no ADDR_MODE
        assertEquals(List.of("w32 820=10030"), r.lines("w32 820="));
    }

    @Test
    public void aDmaErrorIsNeverSignalledAndTheRequestTimesOutAfterCmdreqTimeout() {
        Rig r = salvatorX();
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "sdhi0");
        filledCard(sd);
        // micro-TLB 32 pointed at context 3, which is not enabled: the IOVA 0xfffff000 goes out untranslated and
        // hits no RAM, so the DMAC stops with DTRANERR1 in DM_CM_INFO2, which the driver keeps masked
        Ipmmu ds1 = r.platform.ipmmu("ipmmu_ds1").orElseThrow();
        ds1.writeImuctr(32, (3 << 4) | Ipmmu.IMUCTR_MMUEN);
        long start = r.machine.clock().now();
        assertNull(sd.read(0, 8, 1));
        assertEquals(1 << 17, sd.hardware().info2());
        assertTrue(sd.hardware().lastDmaError(), sd.hardware().lastDmaError().contains("0xfffff000"));
        // tmio_mmc_reset_work() after CMDREQ_TIMEOUT (5000 ms), then post_req unmaps
        assertTrue(r.machine.clock().now() - start >= 5 * VirtualClock.PS_PER_SECOND);
        List<String> log = r.machine.kernelLog().stream().map(KernelLogRecord::text).toList();
        assertTrue(log.toString(), log.contains(
                "renesas_sdhi_internal_dmac ee100000.mmc: timeout waiting for hardware interrupt (CMD18)"));
        assertEquals(1, r.lines("dma_unmap_sg").size());
        assertEquals(0, r.machine.dmaDebug().errorCount());
        // the next request works once the micro-TLB is right again
        ds1.writeImuctr(32, (1 << 4) | Ipmmu.IMUCTR_MMUEN);
        assertNotNull(sd.read(0, 8, 1));
    }

    @Test
    public void removeMasksEveryInterruptAndTheHandlerGoes() {
        Rig r = salvatorX();
        SdhiInternalDmacClient sd = new SdhiInternalDmacClient(r.machine, "sdhi0");
        r.recordRegs = true;
        sd.release();
        // tmio_mmc_disable_mmc_irqs(host, sdcard_irq_mask_all): TMIO_MASK_ALL_RCAR2 | ALWAYS_SET_27 as 16 + 16
        assertEquals(List.of("w16 80=31d", "w16 88=8b7f"), r.lines("w16 8"));
        assertEquals(0x8b7f031d, sd.hardware().irqMask());
    }
}
