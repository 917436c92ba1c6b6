package org.dmaworkbench.kernel.machine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.DmaDirection;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.mm.KernelMemory;
import org.junit.Test;

/**
 * A 4.9 kernel on ARM has no {@code CONFIG_VMAP_STACK} (arm64 gained it in 4.14): task stacks are in the linear map,
 * and dma-debug's {@code check_for_stack()} takes its direct-mapped branch, "maps memory from stack [addr=%p]".
 */
public class MachineProfile49Test {

    private static List<KernelLogRecord> stackReports(Machine m, int from) {
        return m.kernelLog().subList(from, m.kernelLog().size()).stream()
                .filter(r -> r.check() == DmaDebugCheck.MAP_FROM_STACK).collect(Collectors.toList());
    }

    private static void mapsItsStack(Platform p, String devName) {
        Machine m = Machine.boot(p, KernelProfile.V4_9, new MachineOptions());
        KernelMemory mm = m.memory();
        assertFalse(mm.vmapStack());
        KernelMemory.TaskStack s = mm.taskStack(mm.currentTask());
        assertTrue(mm.isLinear(s.base()));
        Device dev = m.device(devName).orElseThrow();
        int from = m.kernelLog().size();
        long buf = s.base() + 0x1f0;
        long dma = m.dma().dmaMapSingle(dev, buf, 16, DmaDirection.TO_DEVICE);
        assertEquals(mm.virtToPhys(buf), dma);
        List<KernelLogRecord> r = stackReports(m, from);
        assertEquals(1, r.size());
        assertEquals(dev.driverName() + " " + devName + ": DMA-API: device driver maps memory from stack [addr="
                // %p is 2 * sizeof(void *) hex digits (lib/vsprintf.c:738; unhashed in 4.9): 8 on 32-bit ARM
                + String.format(m.is64Bit() ? "%016x" : "%08x", buf) + "]", r.get(0).text());
        assertEquals(List.of(), r.get(0).mappedAt());
    }

    @Test
    public void salvatorXUnder49MapsALinearStack() {
        mapsItsStack(Boards.salvatorX(), "e6e88000.serial");
    }

    @Test
    public void koelschUnder49MapsALinearStack() {
        mapsItsStack(Boards.koelschIpmmuDmac0(), "e6e60000.serial");
    }

    @Test
    public void stacksStayVmappedUnder612() {
        Machine m = Machine.boot(Boards.salvatorX(), KernelProfile.V6_12, new MachineOptions());
        assertTrue(m.memory().vmapStack());
        KernelMemory.TaskStack s = m.memory().taskStack(m.memory().currentTask());
        assertTrue(m.memory().isVmallocAddress(s.base()));
    }
}
