package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;

import java.util.EnumSet;
import java.util.Set;

import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.hw.platform.Platform;
import org.dmaworkbench.hw.platform.PlatformBuilder;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.kernel.drivers.clients.MemcpyClient;
import org.dmaworkbench.kernel.drivers.clients.SdhiClient;
import org.dmaworkbench.kernel.drivers.clients.UartClient;
import org.dmaworkbench.kernel.machine.Machine;
import org.dmaworkbench.kernel.machine.MachineOptions;
import org.junit.Test;

/**
 * The scenario's "who can commit which bug" table is the kernel client drivers' own {@code supportedBugs()}: the
 * clients are probed on the built-in koelsch board and asked.
 */
public class DriverBugsTest {

    @Test
    public void tableIsTheClientDriversSupportedBugs() {
        Platform p = PlatformBuilder.build(BuiltinBoards.compile("koelsch").orElseThrow().tree().orElseThrow())
                .platform().orElseThrow();
        Machine m = Machine.boot(p, KernelProfile.V6_12, new MachineOptions());
        assertEquals(new UartClient(m, "/soc/serial@e6e60000").supportedBugs(),
                DriverBugs.committableBy(DeviceKind.SERIAL));
        assertEquals(new SdhiClient(m, "/soc/mmc@ee100000").supportedBugs(),
                DriverBugs.committableBy(DeviceKind.SDHI_SYS_DMAC));
        assertEquals(new MemcpyClient(m, "/soc/dma-controller@e6700000").supportedBugs(),
                DriverBugs.committableBy(DeviceKind.DMAC));
        // together they commit every bug of the registry
        Set<DriverBug> all = EnumSet.noneOf(DriverBug.class);
        for (DeviceKind k : DeviceKind.values()) {
            all.addAll(DriverBugs.committableBy(k));
        }
        assertEquals(EnumSet.allOf(DriverBug.class), all);
    }
}
