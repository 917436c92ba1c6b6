package org.dmaworkbench.kernel.drivers.clients;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.dmaworkbench.hw.mem.PhysicalMemory;
import org.dmaworkbench.hw.time.VirtualClock;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaMapping;
import org.dmaworkbench.kernel.dma.debug.KernelCallStack;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.mm.KernelArch;
import org.dmaworkbench.kernel.mm.KernelMemory;

/**
 * What the workbench's client drivers share: the machine they run on, the bugs they were told to commit
 * ({@link #commit(DriverBug)}), the emulated call stack their kernel functions push, CPU access to kernel
 * virtual memory, a deterministic run loop and the workqueue ({@code schedule_work()} as a clock event).
 */
public abstract class ClientDriver {
    /** {@code -EINVAL}, the idle value of sh-sci's cookies */
    static final int EINVAL = 22;

    /**
     * arm64 {@code MODULES_VADDR} (= {@code _PAGE_END(VA_BITS_MIN)} with 48-bit VAs) and 32-bit ARM's
     * ({@code PAGE_OFFSET - SZ_16M}): where a loadable module's static data lives, neither linear map nor vmalloc.
     */
    static final long ARM64_MODULES_VADDR = 0xffff800000000000L;
    static final long ARM32_MODULES_VADDR = 0xbf000000L;

    protected final Machine machine;
    private final EnumSet<DriverBug> bugs = EnumSet.noneOf(DriverBug.class);
    /** pages backing the module-area addresses handed out by {@link #moduleStaticBuffer} */
    private final List<long[]> moduleAreas = new ArrayList<>();
    private long moduleCursor;

    protected ClientDriver(Machine machine) {
        if (machine == null) {
            throw new IllegalArgumentException("a client driver needs a booted machine");
        }
        this.machine = machine;
    }

    /** The driver's name as the kernel prints it (sh-sci, renesas_sdhi_sys_dmac, dmatest). */
    public abstract String driverName();

    /** The bugs this client knows how to commit. */
    public abstract Set<DriverBug> supportedBugs();

    /**
     * Tells the driver to commit {@code bug} from now on (at the call the bug's description names).
     *
     * @throws IllegalArgumentException when this driver has no code path for that bug
     */
    public void commit(DriverBug bug) {
        if (!supportedBugs().contains(bug)) {
            List<String> names = new ArrayList<>();
            for (DriverBug b : supportedBugs()) {
                names.add(b.bugName());
            }
            throw new IllegalArgumentException(driverName() + " cannot commit the bug \"" + bug.bugName()
                    + "\"; it can commit: " + String.join(", ", names));
        }
        bugs.add(bug);
    }

    /** The bugs committed so far. */
    public Set<DriverBug> committedBugs() {
        return Collections.unmodifiableSet(EnumSet.copyOf(bugs));
    }

    protected final boolean commits(DriverBug bug) {
        return bugs.contains(bug);
    }

    public Machine machine() {
        return machine;
    }

    protected final DmaMapping api() {
        return machine.dma();
    }

    protected final KernelMemory mm() {
        return machine.memory();
    }

    protected final KernelCallStack stack() {
        return machine.callStack();
    }

    protected final VirtualClock clock() {
        return machine.clock();
    }

    protected final PhysicalMemory bus() {
        return machine.platform().bus();
    }

    /** Runs {@code body} as kernel function {@code function} (pushed on the emulated call stack). */
    protected final void in(String function, Runnable body) {
        int depth = stack().depth();
        stack().push(function);
        try {
            body.run();
        } finally {
            stack().popTo(depth);
        }
    }

    /** {@code schedule_work()}: {@code work} runs as kernel function {@code function} in CPU 0's kworker, next. */
    protected final void scheduleWork(String function, Runnable work) {
        clock().schedule(0, "kworker " + function, () -> machine.runAs(machine.kworker(), () -> {
            stack().push(function);
            work.run();
        }));
    }

    /**
     * The current task sleeps ({@code wait_for_completion()} and friends) until {@code done} holds or virtual time
     * reaches {@code deadlinePs}: meanwhile the CPU idles and interrupts and other tasks run.
     *
     * @return whether {@code done} holds
     */
    protected final boolean sleepUntil(BooleanSupplier done, long deadlinePs) {
        boolean[] r = new boolean[1];
        machine.runAs(Machine.IDLE, () -> r[0] = machine.runUntil(done, deadlinePs));
        return r[0];
    }

    /** {@code dev_warn()} and friends, printed as the device's driver. */
    protected final void devPrintk(KernelLogRecord.Level level, Device dev, String msg) {
        machine.devPrintk(level, dev, msg);
    }

    // ---- run loop ----

    /**
     * Advances virtual time until {@code done} holds, at most {@code timeoutPs} from now.
     *
     * @throws IllegalStateException naming {@code what} when it did not happen in time
     */
    protected final void runUntil(BooleanSupplier done, long timeoutPs, String what) {
        if (!sleepUntil(done, clock().now() + timeoutPs)) {
            throw new IllegalStateException(driverName() + ": " + what + " did not happen within "
                    + timeoutPs / VirtualClock.PS_PER_US + " us of virtual time");
        }
    }

    // ---- CPU access to kernel virtual memory ----

    private long physOf(long virt) {
        long pa = mm().virtToPhys(virt);
        if (pa >= 0) {
            return pa;
        }
        for (long[] a : moduleAreas) {
            if (virt - a[0] >= 0 && virt - a[0] < a[1]) {
                return a[2] + (virt - a[0]);
            }
        }
        throw new IllegalStateException(String.format("%s: CPU access to unmapped kernel address 0x%x",
                driverName(), virt));
    }

    /** CPU stores {@code data} at kernel virtual address {@code virt} (page by page). */
    protected final void cpuWrite(long virt, byte[] data, int off, int len) {
        while (len > 0) {
            int n = (int) Math.min(len, KernelMemory.PAGE_SIZE - (virt & (KernelMemory.PAGE_SIZE - 1)));
            bus().write(physOf(virt), data, off, n);
            virt += n;
            off += n;
            len -= n;
        }
    }

    /** CPU loads {@code len} bytes from kernel virtual address {@code virt}. */
    protected final byte[] cpuRead(long virt, int len) {
        byte[] out = new byte[len];
        int off = 0;
        while (off < len) {
            int n = (int) Math.min(len - off, KernelMemory.PAGE_SIZE - (virt & (KernelMemory.PAGE_SIZE - 1)));
            bus().read(physOf(virt), out, off, n);
            virt += n;
            off += n;
        }
        return out;
    }

    /**
     * A static buffer of {@code size} bytes in this (loadable) driver's module data: an address in the module
     * area, backed by freshly allocated pages the CPU can use; the DMA-API's {@code virt_to_page()} cannot.
     */
    protected final long moduleStaticBuffer(long size) {
        int order = KernelMemory.getOrder(size);
        long linear = mm().getFreePages(order);
        if (linear == 0) {
            throw new IllegalStateException(driverName() + ": out of memory for module data");
        }
        long base = (machine.arch() == KernelArch.ARM64 ? ARM64_MODULES_VADDR : ARM32_MODULES_VADDR) + 0x10000
                + moduleCursor;
        moduleCursor += ((size + KernelMemory.PAGE_SIZE - 1) & KernelMemory.PAGE_MASK) + KernelMemory.PAGE_SIZE;
        moduleAreas.add(new long[] {base, size, mm().virtToPhys(linear)});
        return base;
    }
}
