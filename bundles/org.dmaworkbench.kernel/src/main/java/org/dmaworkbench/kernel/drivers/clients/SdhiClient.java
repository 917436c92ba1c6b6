package org.dmaworkbench.kernel.drivers.clients;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.dmaworkbench.hw.periph.BlockImage;
import org.dmaworkbench.hw.periph.Sdhi;
import org.dmaworkbench.hw.platform.PlatformDevice;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.Scatterlist;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord.Level;
import org.dmaworkbench.kernel.dmaengine.DmaAsyncTxDescriptor;
import org.dmaworkbench.kernel.dmaengine.DmaChan;
import org.dmaworkbench.kernel.dmaengine.DmaEngine;
import org.dmaworkbench.kernel.dmaengine.DmaEngineException;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveBuswidth;
import org.dmaworkbench.kernel.dmaengine.DmaSlaveConfig;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.mm.KernelMemory;

/**
 * An SD host driven as drivers/mmc/host/renesas_sdhi_sys_dmac.c (Linux 6.12) drives the R-Car Gen2 SDHI with the
 * SYS-DMAC: "tx"/"rx" channels configured with the data port ({@code CTL_SD_DATA_PORT << bus_shift}; RX at
 * {@code dma_rx_offset} 0x2000 past it) and 4-byte accesses ({@code of_rcar_gen2_compatible.dma_buswidth}); a
 * request's scatterlist is mapped with {@code dma_map_sg()} on the DMA controller's device, the mapped count is
 * passed to {@code dmaengine_prep_slave_sg()}, and the DMA callback unmaps the list with its original
 * {@code sg_len} ({@code renesas_sdhi_sys_dmac_dma_callback()}) before the request completes on DATAEND.
 * <p>
 * R-Car Gen3/Gen4 and RZ/G2 SDHI nodes have no {@code dmas}: renesas_sdhi_internal_dmac.c drives the SDHI's own DMA
 * engine; that is {@link SdhiInternalDmacClient}, and this client refuses such hosts with a message saying so.
 */
public final class SdhiClient extends ClientDriver implements SdHost {
    static final int CTL_SD_CMD = 0x00;
    static final int CTL_ARG_REG = 0x04;
    static final int CTL_XFER_BLK_COUNT = 0x0a;
    static final int CTL_STATUS = 0x1c;
    static final int CTL_SD_DATA_PORT = 0x30;
    static final int DMA_RX_OFFSET = 0x2000;
    static final int TMIO_STAT_DATAEND = 1 << 2;
    private static final long TIMEOUT_PS = 10 * VirtualClock.PS_PER_SECOND;

    private static final Set<DriverBug> SUPPORTED = Collections.unmodifiableSet(EnumSet.of(
            DriverBug.SG_UNMAP_WRONG_NENTS, DriverBug.SG_SYNC_WRONG_NENTS, DriverBug.SG_SEGMENT_TOO_LONG,
            DriverBug.SYNC_FOR_DEVICE_DEVICE_WRITE_ONLY));

    private final Device host;
    private final Sdhi sdhi;
    private final long base;
    private final int busShift;
    private final DmaChan chanTx;
    private final DmaChan chanRx;

    /**
     * Probes the SDHI {@code node} (label, path or dev_name) and requests its DMA channels.
     *
     * @throws IllegalArgumentException when the node is no SDHI, or has no {@code dmas} (internal DMAC), or its
     *                                  channels cannot be had
     */
    public SdhiClient(Machine machine, String node) {
        super(machine);
        this.host = machine.device(node).orElseThrow(() -> new IllegalArgumentException(
                "no enabled device \"" + node + "\" in the device tree"));
        PlatformDevice pd = machine.platformDevice(host);
        if (!(pd.model() instanceof Sdhi)) {
            throw new IllegalArgumentException(node + " (" + pd.path() + ") is not an SDHI");
        }
        if (!pd.node().hasProperty("dmas")) {
            throw new IllegalArgumentException(pd.path() + " has no dmas: its SDHI uses the internal DMAC "
                    + "(renesas_sdhi_internal_dmac, SdhiInternalDmacClient); SdhiClient drives SYS-DMAC hosts "
                    + "(R-Car Gen2)");
        }
        this.sdhi = (Sdhi) pd.model();
        this.base = pd.reg().get(0).address();
        this.busShift = sdhi.busShift();
        long port = base + sdhi.dataPortOffset();
        DmaChan tx = null;
        DmaChan rx = null;
        int depth = stack().depth();
        stack().push("renesas_sdhi_sys_dmac_request_dma");
        try {
            tx = machine.dmaEngine().dmaRequestChan(host, "tx");
            DmaEngine.dmaengineSlaveConfig(tx, new DmaSlaveConfig().direction(DmaTransferDirection.MEM_TO_DEV)
                    .dstAddr(port).dstAddrWidth(DmaSlaveBuswidth.BYTES_4));
            rx = machine.dmaEngine().dmaRequestChan(host, "rx");
            DmaEngine.dmaengineSlaveConfig(rx, new DmaSlaveConfig().direction(DmaTransferDirection.DEV_TO_MEM)
                    .srcAddr(port + DMA_RX_OFFSET).srcAddrWidth(DmaSlaveBuswidth.BYTES_4));
        } catch (DmaEngineException e) {
            throw new IllegalArgumentException(host.name() + ": no DMA channels: " + e.getMessage(), e);
        } finally {
            stack().popTo(depth);
        }
        this.chanTx = tx;
        this.chanRx = rx;
    }

    @Override
    public String driverName() {
        return "renesas_sdhi_sys_dmac";
    }

    @Override
    public Set<DriverBug> supportedBugs() {
        return SUPPORTED;
    }

    @Override
    public Device device() {
        return host;
    }

    @Override
    public Sdhi hardware() {
        return sdhi;
    }

    public DmaChan txChannel() {
        return chanTx;
    }

    public DmaChan rxChannel() {
        return chanRx;
    }

    /** The card's data: inserts an in-memory card of {@code blocks} blocks when none is in. */

    /** {@code dma_release_channel()} of both channels. */
    @Override
    public void release() {
        machine.dmaEngine().dmaReleaseChannel(chanTx);
        machine.dmaEngine().dmaReleaseChannel(chanRx);
    }

    /**
     * A request's buffer as {@code segments} sg entries of equal length, each in its own pages (a fresh
     * {@code __get_free_pages()} block per entry); with {@link DriverBug#SG_SEGMENT_TOO_LONG} one entry over
     * physically contiguous pages covering the whole request.
     */
    private Scatterlist[] buffers(int bytes, int segments) {
        if (commits(DriverBug.SG_SEGMENT_TOO_LONG)) {
            int order = KernelMemory.getOrder(bytes);
            long first = -1;
            long expect = -1;
            int maxBlock = 1 << 10;
            long pages = (bytes + KernelMemory.PAGE_SIZE - 1L) >>> KernelMemory.PAGE_SHIFT;
            for (long got = 0; got < pages; got += maxBlock) {
                long pa = mm().pageAllocator().allocPages(Math.min(order, 10));
                if (pa < 0 || (expect >= 0 && pa != expect)) {
                    throw new IllegalStateException("no " + bytes + " physically contiguous bytes for the request");
                }
                if (first < 0) {
                    first = pa;
                }
                expect = pa + ((long) maxBlock << KernelMemory.PAGE_SHIFT);
            }
            return new Scatterlist[] {new Scatterlist(first, 0, bytes)};
        }
        if (bytes % segments != 0 || (bytes / segments) % 4 != 0) {
            throw new IllegalArgumentException(bytes + " bytes do not split into " + segments
                    + " segments of a multiple of 4 bytes");
        }
        int seg = bytes / segments;
        Scatterlist[] sgl = Scatterlist.table(segments);
        for (int i = 0; i < segments; i++) {
            long v = mm().getFreePages(KernelMemory.getOrder(seg));
            if (v == 0) {
                throw new IllegalStateException("out of memory for a " + seg + "-byte segment");
            }
            sgl[i].setPage(mm().virtToPhys(v), 0, seg);
        }
        return sgl;
    }

    /**
     * Reads {@code blocks} blocks from {@code lba} into a {@code segments}-entry scatterlist (CMD18, or CMD17 for
     * one block) and returns the bytes the CPU sees in the buffers afterwards.
     */
    @Override
    public byte[] read(long lba, int blocks, int segments) {
        int bytes = blocks * BlockImage.BLOCK_SIZE;
        Scatterlist[] sgl = buffers(bytes, segments);
        int[] mapped = new int[1];
        boolean[] done = new boolean[1];
        in("tmio_mmc_request", () -> in("renesas_sdhi_sys_dmac_start_dma_rx", () -> {
            mapped[0] = api().dmaMapSg(chanRx.dmaDev(), sgl, sgl.length, DmaDirection.FROM_DEVICE);
            if (mapped[0] == 0) {
                devPrintk(Level.WARNING, host, "DMA failed: -5, falling back to PIO");
                return;
            }
            if (commits(DriverBug.SYNC_FOR_DEVICE_DEVICE_WRITE_ONLY)) {
                api().dmaSyncSgForDevice(chanRx.dmaDev(), sgl, sgl.length, DmaDirection.TO_DEVICE);
            }
            DmaAsyncTxDescriptor desc = DmaEngine.dmaenginePrepSlaveSg(chanRx, sgl, mapped[0],
                    DmaTransferDirection.DEV_TO_MEM, DmaEngine.DMA_CTRL_ACK);
            if (desc == null) {
                devPrintk(Level.WARNING, host, "DMA failed: -5, falling back to PIO");
                return;
            }
            desc.setCallback(() -> in("renesas_sdhi_sys_dmac_dma_callback", () -> {
                if (commits(DriverBug.SG_SYNC_WRONG_NENTS)) {
                    api().dmaSyncSgForCpu(chanRx.dmaDev(), sgl, mapped[0], DmaDirection.FROM_DEVICE);
                }
                api().dmaUnmapSg(chanRx.dmaDev(), sgl,
                        commits(DriverBug.SG_UNMAP_WRONG_NENTS) ? mapped[0] : sgl.length, DmaDirection.FROM_DEVICE);
                done[0] = true;
            }));
            DmaEngine.dmaengineSubmit(desc);
            DmaEngine.dmaAsyncIssuePending(chanRx);
            command(blocks == 1 ? 17 : 18, lba, blocks);
        }));
        if (mapped[0] == 0) {
            return null;
        }
        runUntil(() -> done[0] && (sdhi.status() & TMIO_STAT_DATAEND) != 0, TIMEOUT_PS, "the read's DATAEND");
        byte[] out = new byte[bytes];
        int off = 0;
        for (Scatterlist sg : sgl) {
            bus().read(sg.phys(), out, off, sg.length());
            off += sg.length();
        }
        return out;
    }

    /** Writes {@code data} (whole blocks) at {@code lba} from a {@code segments}-entry scatterlist (CMD25/CMD24). */
    @Override
    public void write(long lba, byte[] data, int segments) {
        if (data.length % BlockImage.BLOCK_SIZE != 0 || data.length == 0) {
            throw new IllegalArgumentException("a write is whole 512-byte blocks, not " + data.length + " bytes");
        }
        int blocks = data.length / BlockImage.BLOCK_SIZE;
        Scatterlist[] sgl = buffers(data.length, segments);
        int off = 0;
        for (Scatterlist sg : sgl) {
            bus().write(sg.phys(), data, off, sg.length());
            off += sg.length();
        }
        boolean[] done = new boolean[1];
        in("tmio_mmc_request", () -> in("renesas_sdhi_sys_dmac_start_dma_tx", () -> {
            int ret = api().dmaMapSg(chanTx.dmaDev(), sgl, sgl.length, DmaDirection.TO_DEVICE);
            if (ret == 0) {
                throw new IllegalStateException(host.name() + ": dma_map_sg() failed");
            }
            DmaAsyncTxDescriptor desc = DmaEngine.dmaenginePrepSlaveSg(chanTx, sgl, ret,
                    DmaTransferDirection.MEM_TO_DEV, DmaEngine.DMA_CTRL_ACK);
            if (desc == null) {
                throw new IllegalStateException(host.name() + ": no TX descriptor");
            }
            desc.setCallback(() -> in("renesas_sdhi_sys_dmac_dma_callback", () -> {
                api().dmaUnmapSg(chanTx.dmaDev(), sgl, commits(DriverBug.SG_UNMAP_WRONG_NENTS) ? ret : sgl.length,
                        DmaDirection.TO_DEVICE);
                done[0] = true;
            }));
            DmaEngine.dmaengineSubmit(desc);
            DmaEngine.dmaAsyncIssuePending(chanTx);
            command(blocks == 1 ? 24 : 25, lba, blocks);
        }));
        runUntil(() -> done[0] && (sdhi.status() & TMIO_STAT_DATAEND) != 0, TIMEOUT_PS, "the write's DATAEND");
    }

    /** Clears DATAEND and issues {@code cmd} with block count and argument (tmio_mmc_start_command). */
    private void command(int cmd, long lba, int blocks) {
        var bus = bus();
        bus.write16(base + (CTL_STATUS << busShift), ~TMIO_STAT_DATAEND & 0xffff);
        bus.write16(base + (CTL_XFER_BLK_COUNT << busShift), blocks);
        bus.write16(base + (CTL_ARG_REG << busShift), (int) (lba & 0xffff));
        bus.write16(base + ((CTL_ARG_REG + 2) << busShift), (int) ((lba >>> 16) & 0xffff));
        bus.write16(base + (CTL_SD_CMD << busShift), cmd);
    }
}
