package org.dmaworkbench.emulation.run;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.EventKind;
import org.dmaworkbench.emulation.session.SessionEvent;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.emulation.session.StopCondition;
import org.junit.Test;

public class ScenarioTargetTest {

    private static SessionResult run(LoadedScenario l, StopCondition stop, List<SessionEvent> out) throws Exception {
        assertTrue(l.formatDiagnostics(), l.ok());
        EmulationSession s = new EmulationSession(ScenarioTarget.create(l), stop);
        SessionResult r = s.run(SessionMonitor.NONE);
        out.addAll(s.events().history().snapshot());
        return r;
    }

    private static String line(List<SessionEvent> events) {
        return events.stream().filter(e -> e.kind() == EventKind.PERIPHERAL_DATA).map(SessionEvent::text)
                .collect(Collectors.joining());
    }

    @Test
    public void defaultScenarioSendsTheGreetingThroughDmac0BehindTheIpmmuWhileSdhiReads() throws Exception {
        List<SessionEvent> events = new ArrayList<>();
        SessionResult r = run(ScenarioLoader.loadDefault(), StopCondition.WHEN_IDLE, events);
        assertEquals(SessionResult.Status.COMPLETED, r.status());
        assertEquals("Hello from DMA Workbench\\x0a".repeat(3), line(events));
        // rcar-dmac maps the SCIF0 TX FIFO (0xe6e60000 + SCxTDR 0x0c) once, 1 byte, direction inverted from
        // MEM_TO_DEV, at an IOVA in the IPMMU's window [0x40000000, 0xc0000000) keeping the page offset
        List<SessionEvent> res = events.stream().filter(e -> e.name().equals("dma_map_resource"))
                .filter(e -> e.text().contains("phys_addr=e6e6000c")).toList();
        assertEquals(1, res.size());
        String t = res.get(0).text();
        assertTrue(t, t.startsWith("e6700000.dma-controller dir=FROM_DEVICE dma_addr="));
        long iova = Long.parseLong(t.replaceAll(".*dma_addr=([0-9a-f]+) .*", "$1"), 16);
        assertTrue(Long.toHexString(iova), iova >= 0x4000_0000L && iova < 0xc000_0000L);
        assertEquals(0x00c, iova & 0xfff);
        // SDHI0 read 2 x 8 blocks through sg lists of 4 segments
        assertEquals(2, events.stream().filter(e -> e.name().equals("dma_map_sg")).count());
        assertEquals(0, r.statistics().dmaDebugErrors());
        assertEquals(0, r.exitCode());
        assertTrue(r.statistics().bytesMoved() >= 3 * 25 + 2 * 8 * 512);
    }

    @Test
    public void anInjectedBugIsFoundAndMakesTheRunFail() throws Exception {
        String text = "board = koelsch\niommu ipmmu_ds = on\n"
                + "client uart0 {\n\tdevice = &scif0\n\ttx text \"x\" repeat 1\n}\n"
                + "bug uart0 = leak-mapping-at-unbind\n";
        List<SessionEvent> events = new ArrayList<>();
        SessionResult r = run(ScenarioLoader.load("leak.dmascn", text, null), StopCondition.WHEN_IDLE, events);
        List<SessionEvent> errors = events.stream().filter(SessionEvent::isError).toList();
        assertEquals(1, r.exitCode());
        // sh-sci's TX buffer, mapped with dma_map_single on the DMAC's device, is still mapped when drivers unbind
        assertEquals(1, errors.size());
        assertEquals("DMA-API: platform e6700000.dma-controller: device driver has pending DMA allocations while "
                + "released from device [count=1]\nOne of leaked entries details: [device address=0x0000000040000000] "
                + "[size=4096 bytes] [mapped with DMA_TO_DEVICE] [mapped as single]", errors.get(0).text());
    }

    @Test
    public void aReportMadeInAClientsRequestNamesTheClientAndOneAtTheControllersUnbindNone() throws Exception {
        String text = "board = koelsch\niommu ipmmu_ds = on\ndma-debug.num_errors = 10\n"
                + "client uart0 {\n\tdevice = &scif0\n\ttx text \"x\"\n}\n"
                + "client uart1 {\n\tdevice = &hscif0\n\ttx text \"y\"\n}\n"
                + "bug uart0 = forget-mapping-error\nbug uart1 = leak-mapping-at-unbind\n";
        List<SessionEvent> events = new ArrayList<>();
        run(ScenarioLoader.load("two.dmascn", text, null), StopCondition.WHEN_IDLE, events);
        List<SessionEvent> errors = events.stream().filter(SessionEvent::isError).toList();
        assertEquals(errors.toString(), 2, errors.size());
        // sh-sci unmaps its TX buffer in sci_shutdown(), uart0's own unbind: check_unmap's "failed to check map error"
        assertTrue(errors.get(0).text(), errors.get(0).text().contains("device driver failed to check map error"));
        assertEquals("uart0", errors.get(0).client());
        // dma_debug_device_change() runs when the DMA controller's driver unbinds, after every client is gone
        assertTrue(errors.get(1).text(), errors.get(1).text().contains("has pending DMA allocations"));
        assertEquals(null, errors.get(1).client());
        // each serial port maps its TX buffer in its own startup, the request that starts its first transmit
        assertEquals(List.of("uart0", "uart1"), events.stream().filter(e -> e.name().equals("dma_map_page"))
                .map(SessionEvent::client).toList());
    }

    @Test
    public void aClientOnADeviceWithoutDriverIsAClearError() throws Exception {
        String text = "board = koelsch\nclient i2c {\n\tdevice = &i2c6\n\ttx bytes 4\n}\n";
        LoadedScenario l = ScenarioLoader.load("i2c.dmascn", text, null);
        assertTrue(l.formatDiagnostics(), l.ok());
        try {
            ScenarioTarget.create(l);
            fail("no IIC client driver exists");
        } catch (ScenarioRunException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("client i2c"));
        }
    }

    @Test
    public void liveStateShowsTheFifoMappingItsPteAndTheChannelWhileRunning() throws Exception {
        String text = "board = koelsch\niommu ipmmu_ds = on\n"
                + "client uart0 {\n\tdevice = &scif0\n\ttx bytes 64 rate 115200\n}\n";
        LoadedScenario l = ScenarioLoader.load("live.dmascn", text, null);
        assertTrue(l.formatDiagnostics(), l.ok());
        ScenarioTarget t = ScenarioTarget.create(l);
        EmulationSession s = new EmulationSession(t, StopCondition.WHEN_IDLE);
        // stop in the middle of the transmission: the first serial byte is out, 63 are still to go
        List<List<LiveState.DomainState>> domains = new ArrayList<>();
        List<List<org.dmaworkbench.emulation.replay.LiveMapping>> mappings = new ArrayList<>();
        List<List<LiveState.ChannelState>> channels = new ArrayList<>();
        s.addListener(batch -> {
            if (domains.isEmpty() && batch.stream().anyMatch(e -> e.kind() == EventKind.PERIPHERAL_DATA)) {
                domains.add(t.iommuDomains());
                mappings.add(t.liveMappings());
                channels.add(t.channelStates());
                s.cancel();
            }
        });
        s.run(SessionMonitor.NONE);
        assertEquals(1, domains.size());
        LiveState.DomainState d = domains.get(0).get(0);
        assertTrue(d.devices().toString(), d.devices().contains("e6700000.dma-controller"));
        // ARM32 arm_iommu: a 2 GiB window at 1 GiB; the TX buffer page, the descriptor page, the FIFO page
        assertEquals(0x8000_0000L, d.iovaSpaceBytes());
        LiveState.PageMapping fifo = d.pages().stream().filter(p -> p.physical() == 0xe6e6_0000L).findFirst().orElseThrow();
        assertEquals(0x00000000e6e60e6bL, fifo.pte());
        assertEquals(3, fifo.level());
        assertTrue(fifo.prot(), fifo.prot().contains("mmio"));
        assertTrue(d.iovaBytesUsed() >= 3 * 4096);
        // dma-debug tracks the FIFO as a resource mapping of the DMAC
        assertTrue(mappings.get(0).stream().anyMatch(m -> m.type().equals("resource")
                && m.device().equals("e6700000.dma-controller") && m.size() == 1));
        LiveState.ChannelState ch = channels.get(0).stream().filter(c -> c.bytesMoved() > 0).findFirst().orElseThrow();
        assertTrue(ch.name(), ch.name().startsWith("e6700000.dma-controller.ch"));
    }

    @Test
    public void uartReceiveDeliversTheLineBytesThroughCoherentBuffers() throws Exception {
        String text = "board = koelsch\niommu ipmmu_ds = on\nseed = 7\n"
                + "client uart0 {\n\tdevice = &scif0\n\trx bytes 40 rate 115200\n}\n";
        List<SessionEvent> events = new ArrayList<>();
        SessionResult r = run(ScenarioLoader.load("rx.dmascn", text, null), StopCondition.WHEN_IDLE, events);
        assertEquals(events.stream().filter(SessionEvent::isError).toList().toString(), 0, r.exitCode());
        // sh-sci's RX buffers are coherent allocations on the DMAC's device, mapped through the IPMMU
        assertTrue(events.stream().anyMatch(e -> e.name().equals("dma_alloc")
                && e.text().startsWith("e6700000.dma-controller dir=BIDIRECTIONAL")));
        assertTrue(r.statistics().bytesMoved() >= 40);
    }

    @Test
    public void theWorkloadRateSetsTheSerialLineSpeed() throws Exception {
        // 75 characters of 10 bits (start, 8 data, stop): 750 bit times, at 921600 baud 813802 ns (at 115200: 6510416 ns)
        String text = "board = koelsch\niommu ipmmu_ds = on\n"
                + "client uart0 {\n\tdevice = &scif0\n\ttx text \"Hello from DMA Workbench\\n\" repeat 3 rate 921600\n}\n";
        List<SessionEvent> events = new ArrayList<>();
        SessionResult r = run(ScenarioLoader.load("fast.dmascn", text, null), StopCondition.WHEN_IDLE, events);
        assertEquals(0, r.exitCode());
        assertEquals(813_802, r.endTimeNs());
    }

    @Test
    public void sdWritesGoThroughScatterlistsToTheCard() throws Exception {
        String text = "board = koelsch\niommu ipmmu_ds = on\n"
                + "client sd0 {\n\tdevice = &sdhi0\n\twrite blocks 16 segments 4 repeat 3\n}\n";
        List<SessionEvent> events = new ArrayList<>();
        SessionResult r = run(ScenarioLoader.load("write.dmascn", text, null), StopCondition.WHEN_IDLE, events);
        assertEquals(events.stream().filter(SessionEvent::isError).toList().toString(), 0, r.exitCode());
        // each write maps its 4-entry scatterlist towards the device on the DMAC's device, and unmaps it
        List<SessionEvent> maps = events.stream().filter(e -> e.name().equals("dma_map_sg")).toList();
        assertEquals(3, maps.size());
        assertTrue(maps.get(0).text(), maps.get(0).text().startsWith("e6700000.dma-controller dir=TO_DEVICE"));
        assertEquals(3, events.stream().filter(e -> e.name().equals("dma_unmap_sg")).count());
        assertEquals(3 * 16 * 512, r.statistics().bytesMoved());
    }
}
