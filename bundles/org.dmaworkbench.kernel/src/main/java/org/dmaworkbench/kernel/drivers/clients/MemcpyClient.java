package org.dmaworkbench.kernel.drivers.clients;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord.Level;
import org.dmaworkbench.kernel.dmaengine.DmaAsyncTxDescriptor;
import org.dmaworkbench.kernel.dmaengine.DmaChan;
import org.dmaworkbench.kernel.dmaengine.DmaDevice;
import org.dmaworkbench.kernel.dmaengine.DmaEngine;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.mm.KernelMemory;

/**
 * A memory-to-memory DMA client following {@code dmatest_func()} of drivers/dma/dmatest.c (Linux 6.12), the
 * loadable module "dmatest": it takes a {@code DMA_MEMCPY} channel of one controller with
 * {@code dma_request_channel()}, and for each copy maps the source with {@code dma_map_page(..., DMA_TO_DEVICE)}
 * and the destination with {@code DMA_BIDIRECTIONAL} ("to force writeback/invalidate") on the controller's device,
 * checks both with {@code dma_mapping_error()}, prepares {@code dmaengine_prep_dma_memcpy(DMA_CTRL_ACK |
 * DMA_PREP_INTERRUPT)}, submits, issues, waits for the callback and unmaps both ({@code dmaengine_unmap_put()}).
 * <p>
 * The test runs in dmatest's kernel thread {@code "<chan>-copy0"} (e.g. {@code dma0chan0-copy0}, made by
 * {@code dmatest_add_threads()}), and prints what dmatest prints (pr_fmt "dmatest: "): "Added 1 threads using
 * dma0chan0" and "Started 1 threads using dma0chan0" when the channel is taken (dmatest.c:1066, 1145), a
 * {@code result()} line for each failed test ("result #%u: '%s' with src_off=0x%x dst_off=0x%x len=0x%x (%ld)",
 * dmatest.c:465-468; the buffers are used from offset 0, as with {@code norandom}) and, on {@link #release()},
 * the thread's summary ("summary %u tests, %u failures %llu.%02llu iops %llu KB/s (%d)", dmatest.c:933) over the
 * virtual time from the first test to the last.
 * <p>
 * Beyond dmatest, {@link #copyToMmio(byte[], long)} copies into a peripheral's MMIO window (peer-to-peer), the
 * destination mapped with {@code dma_map_resource()} as the series intends.
 */
public final class MemcpyClient extends ClientDriver {
    /** dmatest's module name, printed after its frames */
    public static final String MODULE = "dmatest";
    /** how long a copy may take in virtual time */
    private static final long TIMEOUT_PS = 10 * VirtualClock.PS_PER_SECOND;

    private static final Set<DriverBug> SUPPORTED = Collections.unmodifiableSet(EnumSet.of(
            DriverBug.MAP_KERNEL_TEXT, DriverBug.MAP_MODULE_BUFFER, DriverBug.MAP_STACK_BUFFER,
            DriverBug.SYNC_OUT_OF_RANGE, DriverBug.SYNC_FOR_CPU_DEVICE_READ_ONLY, DriverBug.SYNC_AFTER_UNMAP,
            DriverBug.OVERLAPPING_MAPPINGS, DriverBug.OVERLAPPING_MAPPINGS_BEYOND_LIMIT,
            DriverBug.LEAK_MAPPING_PER_TRANSFER, DriverBug.UNMAP_RESOURCE_WITH_UNMAP_PAGE,
            DriverBug.UNMAP_PAGE_WITH_UNMAP_RESOURCE, DriverBug.SYNC_RESOURCE_MAPPING,
            DriverBug.MAP_RAM_WITH_MAP_RESOURCE, DriverBug.UNMAP_WRONG_SIZE, DriverBug.UNMAP_WRONG_DIRECTION));

    private final DmaChan chan;
    private final Device dmaDev;
    /** dmatest's thread, "dma0chan0-copy0" */
    private final Machine.Task thread;
    private int copies;
    private int failures;
    /** dmatest's total_tests and total_len, and when the first test started (ps, -1: none yet) */
    private int totalTests;
    private long totalLen;
    private long startPs = -1;
    private long endPs;
    /** the length of the test running now (result() prints it) */
    private int testLen;
    private boolean released;

    /**
     * Takes a memcpy channel of the SYS-DMAC {@code dmac} (label, node path or dev_name).
     *
     * @throws IllegalArgumentException when there is no such controller or it has no free channel
     */
    public MemcpyClient(Machine machine, String dmac) {
        super(machine);
        DmaDevice d = machine.rcarDmac(dmac).map(r -> r.engine()).orElseThrow(() -> new IllegalArgumentException(
                "no SYS-DMAC \"" + dmac + "\" with a bound rcar-dmac driver"));
        if (!d.hasMemcpy()) {
            throw new IllegalArgumentException(dmac + " cannot do DMA_MEMCPY");
        }
        this.chan = machine.dmaEngine().dmaRequestChannel(d, null);
        if (chan == null) {
            throw new IllegalArgumentException(dmac + " has no free channel");
        }
        this.dmaDev = chan.dmaDev();
        this.thread = machine.createKthread(chan.chanName() + "-copy0", null);
        machine.loadModule(MODULE);
        // add_threaded_test() and run_pending_tests() in the context of the modprobe that loads dmatest
        machine.runAs(machine.createProcess("modprobe"), () -> {
            machine.printk(Level.INFO, MODULE + ": Added 1 threads using " + chan.chanName());
            machine.printk(Level.INFO, MODULE + ": Started 1 threads using " + chan.chanName());
        });
    }

    /** dmatest's kernel thread ({@code "<chan>-copy0"}). */
    public Machine.Task thread() {
        return thread;
    }

    @Override
    public String driverName() {
        return MODULE;
    }

    @Override
    public Set<DriverBug> supportedBugs() {
        return SUPPORTED;
    }

    public DmaChan channel() {
        return chan;
    }

    /** Copies done (callback seen). */
    public int copies() {
        return copies;
    }

    /** Copies that failed (a mapping error or no descriptor), as dmatest counts them. */
    public int failures() {
        return failures;
    }

    /** The thread ends: it prints its summary; then {@code dma_release_channel()}. */
    public void release() {
        if (!released) {
            released = true;
            machine.runAs(thread, () -> machine.printk(Level.INFO, summary()));
        }
        machine.dmaEngine().dmaReleaseChannel(chan);
    }

    /** dmatest.c:933: the thread's summary line, iops and KB/s over the virtual run time in microseconds. */
    String summary() {
        long runtimeUs = startPs < 0 ? 0 : (endPs - startPs) / VirtualClock.PS_PER_US;
        long iops = dmatestPersec(runtimeUs, totalTests);
        long frac = ((iops & FIXPNT_MASK) * 100) >> FIXPT_SHIFT;
        return MODULE + ": " + thread.comm() + ": summary " + totalTests + " tests, " + failures + " failures "
                + (iops >> FIXPT_SHIFT) + "." + (frac < 10 ? "0" : "") + frac + " iops "
                + (dmatestPersec(runtimeUs, (int) (totalLen >> 10)) >> FIXPT_SHIFT) + " KB/s (0)";
    }

    private static final int FIXPT_SHIFT = 8;
    private static final long FIXPNT_MASK = 0xff;

    /** dmatest_persec(): {@code val} per second over {@code runtime} us, in 24.8 fixed point (dmatest.c:488). */
    static long dmatestPersec(long runtime, int val) {
        long perSec = 1_000_000;
        if (runtime <= 0) {
            return 0;
        }
        while (runtime > 0xffff_ffffL) {
            runtime >>= 1;
            perSec <<= 1;
        }
        perSec *= Integer.toUnsignedLong(val);
        perSec <<= FIXPT_SHIFT;
        return Long.divideUnsigned(perSec, runtime);
    }

    /** Runs one test of {@code len} bytes in dmatest's thread, in {@code dmatest_func()}. */
    private void inModule(String function, Runnable body) {
        machine.runAs(thread, () -> {
            int depth = stack().depth();
            stack().push(function, MODULE);
            try {
                body.run();
            } finally {
                stack().popTo(depth);
            }
        });
    }

    /** total_tests++ and the start of the run time */
    private void beginTest(int len) {
        totalTests++;
        totalLen += len;
        testLen = len;
        if (startPs < 0) {
            startPs = clock().now();
        }
    }

    /** A buffer of {@code len} bytes where the committed bugs put it; @return its kernel virtual address */
    private long sourceBuffer(int len) {
        if (commits(DriverBug.MAP_KERNEL_TEXT)) {
            // a const table: in .rodata, 256 bytes in
            return mm().rodataStart() + 0x100;
        }
        if (commits(DriverBug.MAP_MODULE_BUFFER)) {
            return moduleStaticBuffer(len);
        }
        if (commits(DriverBug.MAP_STACK_BUFFER)) {
            KernelMemory.TaskStack s = mm().taskStack(mm().currentTask());
            if (len > s.size() / 2) {
                throw new IllegalArgumentException("a " + len + "-byte buffer does not fit on the kernel stack");
            }
            return s.top() - s.size() / 2 - len;
        }
        long v = mm().kmalloc(len);
        if (v == 0) {
            throw new IllegalStateException("dmatest: out of memory for a " + len + "-byte buffer");
        }
        return v;
    }

    private void freeSource(long v) {
        if (!commits(DriverBug.MAP_KERNEL_TEXT) && !commits(DriverBug.MAP_MODULE_BUFFER)
                && !commits(DriverBug.MAP_STACK_BUFFER)) {
            mm().kfree(v);
        }
    }

    /** Maps a buffer at kernel virtual address {@code v}: dma_map_single() for the areas the bugs pick, else dma_map_page(). */
    private long mapBuffer(long v, int len, DmaDirection dir) {
        if (commits(DriverBug.MAP_STACK_BUFFER) && dir == DmaDirection.TO_DEVICE) {
            // the stack page as vmalloc_to_page() finds it, the offset in it
            long pa = mm().virtToPhys(v);
            return api().dmaMapPage(dmaDev, pa & KernelMemory.PAGE_MASK, pa & (KernelMemory.PAGE_SIZE - 1), len, dir);
        }
        if ((commits(DriverBug.MAP_KERNEL_TEXT) || commits(DriverBug.MAP_MODULE_BUFFER))
                && dir == DmaDirection.TO_DEVICE) {
            return api().dmaMapSingle(dmaDev, v, len, dir);
        }
        long pa = mm().virtToPhys(v);
        return api().dmaMapPage(dmaDev, pa & KernelMemory.PAGE_MASK, pa & (KernelMemory.PAGE_SIZE - 1), len, dir);
    }

    /**
     * Copies {@code data} by DMA from one kernel buffer to another and returns what the destination holds
     * afterwards, or null when the copy failed (the reason is in the kernel log, as dmatest prints it).
     */
    public byte[] copy(byte[] data) {
        int n = commits(DriverBug.OVERLAPPING_MAPPINGS_BEYOND_LIMIT) ? 9
                : commits(DriverBug.OVERLAPPING_MAPPINGS) ? 2 : 1;
        byte[][] out = new byte[1][];
        inModule("dmatest_func", () -> {
            beginTest(data.length);
            out[0] = copyInFlight(data, n);
            endPs = clock().now();
        });
        return out[0];
    }

    private byte[] copyInFlight(byte[] data, int inFlight) {
        int len = data.length;
        long dst = mm().kzalloc(len);
        List<long[]> maps = new ArrayList<>(); // {srcVirt, srcDma, dstDma}
        boolean[] done = new boolean[inFlight];
        for (int i = 0; i < inFlight; i++) {
            long src = sourceBuffer(len);
            cpuWrite(src, data, 0, len);
            long srcDma = mapBuffer(src, len, DmaDirection.TO_DEVICE);
            if (api().dmaMappingError(dmaDev, srcDma) != 0) {
                result("src mapping error");
                freeSource(src);
                return null;
            }
            if (commits(DriverBug.SYNC_OUT_OF_RANGE)) {
                // the length as "end - start" with the end taken 32 bytes before the start: size_t wraps
                long end = srcDma - 32;
                api().dmaSyncSingleForDevice(dmaDev, srcDma, end - srcDma, DmaDirection.TO_DEVICE);
            }
            long dstDma;
            if (commits(DriverBug.MAP_RAM_WITH_MAP_RESOURCE)) {
                dstDma = api().dmaMapResource(dmaDev, mm().virtToPhys(dst), len, DmaDirection.BIDIRECTIONAL, 0);
            } else {
                dstDma = mapBuffer(dst, len, DmaDirection.BIDIRECTIONAL);
            }
            if (api().dmaMappingError(dmaDev, dstDma) != 0) {
                result("dst mapping error");
                return null;
            }
            maps.add(new long[] {src, srcDma, dstDma});
            int index = i;
            DmaAsyncTxDescriptor tx = DmaEngine.dmaenginePrepDmaMemcpy(chan, dstDma, srcDma, len,
                    DmaEngine.DMA_CTRL_ACK | DmaEngine.DMA_PREP_INTERRUPT);
            if (tx == null) {
                result("prep error");
                return null;
            }
            tx.setCallback(() -> done[index] = true);
            int cookie = DmaEngine.dmaengineSubmit(tx);
            if (DmaEngine.dmaSubmitError(cookie)) {
                result("submit error");
                return null;
            }
        }
        DmaEngine.dmaAsyncIssuePending(chan);
        runUntil(() -> {
            for (boolean d : done) {
                if (!d) {
                    return false;
                }
            }
            return true;
        }, TIMEOUT_PS, "the memcpy callback");
        copies += inFlight;
        for (long[] m : maps) {
            if (commits(DriverBug.SYNC_FOR_CPU_DEVICE_READ_ONLY)) {
                api().dmaSyncSingleForCpu(dmaDev, m[1], len, DmaDirection.FROM_DEVICE);
            }
            if (!commits(DriverBug.LEAK_MAPPING_PER_TRANSFER)) {
                unmapPut(m[1], m[2], len);
                if (commits(DriverBug.SYNC_AFTER_UNMAP)) {
                    api().dmaSyncSingleForCpu(dmaDev, m[2], len, DmaDirection.BIDIRECTIONAL);
                }
                freeSource(m[0]);
            }
        }
        byte[] result = cpuRead(dst, len);
        if (!commits(DriverBug.LEAK_MAPPING_PER_TRANSFER)) {
            mm().kfree(dst);
        }
        return result;
    }

    /** {@code dmaengine_unmap_put()}: source as DMA_TO_DEVICE, destination as DMA_BIDIRECTIONAL. */
    private void unmapPut(long srcDma, long dstDma, int len) {
        long size = commits(DriverBug.UNMAP_WRONG_SIZE) ? len / 2 : len;
        DmaDirection srcDir = commits(DriverBug.UNMAP_WRONG_DIRECTION) ? DmaDirection.BIDIRECTIONAL
                : DmaDirection.TO_DEVICE;
        api().dmaUnmapPage(dmaDev, srcDma, size, srcDir);
        if (commits(DriverBug.UNMAP_PAGE_WITH_UNMAP_RESOURCE)) {
            api().dmaUnmapResource(dmaDev, dstDma, len, DmaDirection.BIDIRECTIONAL, 0);
        } else if (commits(DriverBug.MAP_RAM_WITH_MAP_RESOURCE)) {
            api().dmaUnmapResource(dmaDev, dstDma, len, DmaDirection.BIDIRECTIONAL, 0);
        } else {
            api().dmaUnmapPage(dmaDev, dstDma, len, DmaDirection.BIDIRECTIONAL);
        }
    }

    /**
     * Copies from RAM to the physical address {@code phys} (page-aligned source, physically contiguous
     * destination), mapping source and destination with dma_map_page() on the controller. @return whether the
     * callback came
     */
    public boolean copyPhys(long srcPhys, long dstPhys, int len) {
        boolean[] ok = new boolean[1];
        inModule("dmatest_func", () -> {
            beginTest(len);
            long s = api().dmaMapPage(dmaDev, srcPhys & KernelMemory.PAGE_MASK, srcPhys & (KernelMemory.PAGE_SIZE - 1),
                    len, DmaDirection.TO_DEVICE);
            long d = api().dmaMapPage(dmaDev, dstPhys & KernelMemory.PAGE_MASK, dstPhys & (KernelMemory.PAGE_SIZE - 1),
                    len, DmaDirection.BIDIRECTIONAL);
            if (api().dmaMappingError(dmaDev, s) != 0) {
                result("src mapping error");
                return;
            }
            if (api().dmaMappingError(dmaDev, d) != 0) {
                result("dst mapping error");
                return;
            }
            ok[0] = submitAndWait(d, s, len);
            unmapPut(s, d, len);
            endPs = clock().now();
        });
        return ok[0];
    }

    /**
     * Copies {@code data} into a peripheral's MMIO window at {@code mmioPhys}: the destination is mapped with
     * {@code dma_map_resource(..., DMA_FROM_DEVICE)} (the engine writes it) and unmapped with
     * {@code dma_unmap_resource()}. @return whether the callback came
     */
    public boolean copyToMmio(byte[] data, long mmioPhys) {
        boolean[] ok = new boolean[1];
        inModule("dmatest_func", () -> {
            int len = data.length;
            beginTest(len);
            long src = mm().kmalloc(len);
            cpuWrite(src, data, 0, len);
            long pa = mm().virtToPhys(src);
            long s = api().dmaMapPage(dmaDev, pa & KernelMemory.PAGE_MASK, pa & (KernelMemory.PAGE_SIZE - 1), len,
                    DmaDirection.TO_DEVICE);
            long d = api().dmaMapResource(dmaDev, mmioPhys, len, DmaDirection.FROM_DEVICE, 0);
            if (api().dmaMappingError(dmaDev, s) != 0) {
                result("src mapping error");
                return;
            }
            if (api().dmaMappingError(dmaDev, d) != 0) {
                result("dst mapping error");
                return;
            }
            if (commits(DriverBug.SYNC_RESOURCE_MAPPING)) {
                api().dmaSyncSingleForDevice(dmaDev, d, len, DmaDirection.FROM_DEVICE);
            }
            ok[0] = submitAndWait(d, s, len);
            api().dmaUnmapPage(dmaDev, s, len, DmaDirection.TO_DEVICE);
            if (commits(DriverBug.UNMAP_RESOURCE_WITH_UNMAP_PAGE)) {
                api().dmaUnmapPage(dmaDev, d, len, DmaDirection.FROM_DEVICE);
            } else {
                api().dmaUnmapResource(dmaDev, d, len, DmaDirection.FROM_DEVICE, 0);
            }
            mm().kfree(src);
            endPs = clock().now();
        });
        return ok[0];
    }

    private boolean submitAndWait(long dstDma, long srcDma, int len) {
        DmaAsyncTxDescriptor tx = DmaEngine.dmaenginePrepDmaMemcpy(chan, dstDma, srcDma, len,
                DmaEngine.DMA_CTRL_ACK | DmaEngine.DMA_PREP_INTERRUPT);
        if (tx == null) {
            result("prep error");
            return false;
        }
        boolean[] done = new boolean[1];
        tx.setCallback(() -> done[0] = true);
        if (DmaEngine.dmaSubmitError(DmaEngine.dmaengineSubmit(tx))) {
            result("submit error");
            return false;
        }
        DmaEngine.dmaAsyncIssuePending(chan);
        if (!sleepUntil(() -> done[0], clock().now() + TIMEOUT_PS)) {
            result("test timed out");
            return false;
        }
        copies++;
        return true;
    }

    /** dmatest's {@code result()} line for a failed test: mapping errors pass -ENOMEM, the others 0 (dmatest.c). */
    private void result(String err) {
        failures++;
        long data = err.endsWith("mapping error") ? -12 : 0;
        machine.printk(Level.INFO, MODULE + ": " + thread.comm() + ": result #" + totalTests + ": '" + err
                + "' with src_off=0x0 dst_off=0x0 len=0x" + Integer.toHexString(testLen) + " (" + data + ")");
    }
}
