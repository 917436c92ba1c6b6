package org.dmaworkbench.kernel.drivers.ipmmu;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.dmaworkbench.hw.iommu.IommuAccess;
import org.dmaworkbench.hw.iommu.Ipmmu;
import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.dmaworkbench.kernel.iommu.IommuDomain;
import org.dmaworkbench.kernel.machine.Boards;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.machine.MachineOptions;
import org.dmaworkbench.kernel.trace.TraceEvent;
import org.junit.Test;

/**
 * ipmmu_irq() / ipmmu_domain_irq(): the fault registers read and cleared, report_iommu_fault() to the domain's
 * handler and the iommu:io_page_fault event, and "Unhandled fault" only when no handler took it. On arm64 the
 * IOVA includes IMEUAR's high bits.
 */
public class IpmmuVmsaDriverTest {

    private static List<String> log(Machine m, int from) {
        return m.kernelLog().subList(from, m.kernelLog().size()).stream().map(KernelLogRecord::text)
                .collect(Collectors.toList());
    }

    @Test
    public void aFaultHandlerTakesTheFaultAndNothingIsPrinted() {
        List<TraceEvent> events = new ArrayList<>();
        Machine m = Machine.boot(Boards.koelschIpmmuDmac0(), null, new MachineOptions().traceSink(events::add));
        Ipmmu hw = m.platform().ipmmu("ipmmu_ds").orElseThrow();
        IpmmuVmsaDriver drv = m.ipmmuDriver(hw);
        Device dmac0 = m.device("dmac0").orElseThrow();
        IommuDomain dom = dmac0.iommuDomain();
        List<String> seen = new ArrayList<>();
        drv.iommuSetFaultHandler(dom, (d, dev, iova, flags) -> {
            seen.add(d.name() + " " + dev.name() + " 0x" + Long.toHexString(iova) + " " + flags);
            return 0;
        });
        int before = m.kernelLog().size();
        assertEquals(Ipmmu.FAULT, hw.translate(3, 0x4800_0010L, IommuAccess.WRITE));
        assertEquals(0x1, m.platform().bus().read32(0xe674_0820L)); // IMSTR.TF, interrupt not yet handled
        m.runFor(1_000);
        // the IPMMU's own device is reported (the driver's TODO: it does not look up the master)
        assertEquals(List.of(dom.name() + " e6740000.iommu 0x48000010 0"), seen);
        assertEquals(List.of(), log(m, before));
        assertEquals(0, m.platform().bus().read32(0xe674_0820L));
        assertEquals(0, m.platform().bus().read32(0xe674_0830L)); // IMELAR cleared with IMSTR
        TraceEvent last = events.get(events.size() - 1);
        assertEquals("io_page_fault", last.name());
    }

    @Test
    public void withoutAHandlerTheFaultIsUnhandledAndTheIovaHas40BitsOnArm64() {
        Machine m = Machine.boot(Boards.salvatorX(), null, new MachineOptions());
        Device sdhi0 = m.device("sdhi0").orElseThrow();
        Ipmmu leaf = m.platform().ipmmu("ipmmu_ds1").orElseThrow();
        IpmmuVmsaDriver root = m.ipmmuDriver(leaf.root());
        assertSame(root, m.ipmmuDriver(leaf).root());
        int before = m.kernelLog().size();
        assertEquals(Ipmmu.FAULT, leaf.translate(32, 0x1_2345_6000L, IommuAccess.READ));
        m.runFor(1_000);
        assertEquals(List.of("ipmmu-vmsa e7740000.iommu: Unhandled fault: status 0x00000001 iova 0x123456000"),
                log(m, before));
        assertEquals(1, m.ipmmuDriver(leaf).contextOf(sdhi0.iommuDomain()));
        assertEquals(List.of(sdhi0.iommuDomain()), root.activeDomains().subList(0, 1));
    }
}
