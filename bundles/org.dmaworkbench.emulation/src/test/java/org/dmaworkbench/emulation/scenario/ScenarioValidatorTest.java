package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.emulation.scenario.ScenarioValidator.ClientBinding;
import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.junit.Test;

/**
 * Scenarios checked against their boards (built-in koelsch and salvator-x, and a user board file with an
 * include directory), the DriverBug registry, and the built-in default scenario.
 */
public class ScenarioValidatorTest {

    private static LoadedScenario load(String text) {
        return ScenarioLoader.load("t.dmascn", text, Path.of("."));
    }

    private static String errors(String text) {
        LoadedScenario l = load(text);
        assertFalse(l.ok());
        return l.formatDiagnostics();
    }

    private static Path resourceDir() throws URISyntaxException {
        return Path.of(ScenarioValidatorTest.class.getResource("/scenario/minimal.dmascn").toURI()).getParent();
    }

    @Test
    public void defaultScenarioLoadsOnKoelsch() {
        LoadedScenario l = ScenarioLoader.loadDefault();
        assertEquals("", l.formatDiagnostics());
        Scenario s = l.scenario().orElseThrow();
        assertEquals("builtin:default.dmascn", s.fileName());
        assertEquals("koelsch", s.board().builtinName());
        assertEquals(1, l.iommus().size());
        assertEquals("/soc/iommu@e6740000", l.iommus().get(0).iommu().path());
        assertTrue(l.iommus().get(0).iommuSwitch().enabled());
        assertEquals(2, l.clients().size());
        ClientBinding uart = l.clients().get(0);
        assertEquals("/soc/serial@e6e60000", uart.device().path());
        assertEquals(DeviceKind.SERIAL, uart.kind());
        assertEquals("rcar-dmac", uart.dmaDebugDriver());
        // tx channels: <&dmac0 0x29>; the <&dmac1 0x29> entry's provider is disabled on koelsch
        assertEquals(1, uart.txChannels().size());
        assertEquals(1, uart.rxChannels().size());
        assertEquals("/soc/dma-controller@e6700000", uart.txChannels().get(0).provider().path());
        assertEquals(0x29, uart.txChannels().get(0).args()[0]);
        assertEquals(0x2a, uart.rxChannels().get(0).args()[0]);
        assertEquals("Hello from DMA Workbench\n", uart.client().workloads().get(0).text().orElseThrow());
        assertEquals(115200, uart.lineRate(uart.client().workloads().get(0)));
        ClientBinding sd = l.clients().get(1);
        assertEquals(DeviceKind.SDHI_SYS_DMAC, sd.kind());
        assertEquals(0xce, sd.rxChannels().get(0).args()[0]);
        assertEquals(8, sd.client().workloads().get(0).count());
        assertEquals(4, sd.client().workloads().get(0).segments());
    }

    @Test
    public void salvatorXClients() {
        LoadedScenario l = load("board = salvator-x\nclient h { device = &hscif0; rx bytes 64 }\n"
                + "client sd { device = &sdhi0; write blocks 4 }\nclient m { device = &dmac2; memcpy bytes 8 }\n"
                + "iommu ipmmu_ds1 = on\nbug m = map-stack-buffer\n");
        assertEquals("", l.formatDiagnostics());
        assertEquals(DeviceKind.SERIAL, l.clients().get(0).kind());
        assertEquals(0x30, l.clients().get(0).rxChannels().get(0).args()[0]);
        assertEquals(DeviceKind.SDHI_INTERNAL_DMAC, l.clients().get(1).kind());
        assertEquals("renesas_sdhi_internal_dmac", l.clients().get(1).dmaDebugDriver());
        assertEquals(List.of(), l.clients().get(1).txChannels());
        assertEquals(DeviceKind.DMAC, l.clients().get(2).kind());
        assertEquals("/soc/dma-controller@e7310000", l.clients().get(2).device().path());
    }

    @Test
    public void iommuSwitchesApplyToTheLoadedBoard() throws Exception {
        LoadedScenario off = load("board = koelsch\niommu ipmmu_ds = off\nclient u { device = &scif0; tx bytes 1 }\n");
        assertEquals("", off.formatDiagnostics());
        assertFalse(off.board().orElseThrow().nodeByLabel("ipmmu_ds").orElseThrow().isEnabled());
        assertFalse(off.iommus().get(0).iommu().isEnabled());
        // the binding refers to the returned tree's node
        assertTrue(off.clients().get(0).device() == off.board().get().nodeByLabel("scif0").get());
        LoadedScenario on = load("board = salvator-x-4g-span\niommu /soc/iommu@e7740000 = on\n"
                + "client u { device = &hscif0; tx bytes 1 }\n");
        assertTrue(on.ok());
        assertTrue(on.board().orElseThrow().node("/soc/iommu@e7740000").orElseThrow().isEnabled());
        assertFalse(on.board().get().nodeByLabel("ipmmu_ds0").orElseThrow().isEnabled());
        // without switches the board is as written
        assertTrue(load("board = koelsch\nclient u { device = &scif0; tx bytes 1 }\n").board().orElseThrow()
                .nodeByLabel("ipmmu_ds").orElseThrow().isEnabled());
        // a user board file, with its include directory
        String scn = "board = \"boards/user-board.dts\"\ninclude = \"soc\"\niommu dmac0 = off\n"
                + "client m { device = &dmac0; memcpy bytes 1 }\n";
        assertEquals("t.dmascn:3:7: error: &dmac0 (/soc/dma-controller@e6700000) is not an IOMMU (it has no "
                + "#iommu-cells)\n", ScenarioLoader.load("t.dmascn", scn, resourceDir()).formatDiagnostics());
        scn = "board = \"boards/user-board.dts\"\ninclude = \"soc\"\niommu ipmmu = off\n"
                + "client m { device = &dmac0; memcpy bytes 1 }\n";
        LoadedScenario user = ScenarioLoader.load("t.dmascn", scn, resourceDir());
        assertEquals("", user.formatDiagnostics());
        assertFalse(user.board().orElseThrow().nodeByLabel("ipmmu").orElseThrow().isEnabled());
        assertTrue(user.board().get().nodeByLabel("dmac0").orElseThrow().isEnabled());
    }

    @Test
    public void defaultScenarioBuildsAPlatform() {
        LoadedScenario l = ScenarioLoader.loadDefault();
        org.dmaworkbench.hw.platform.PlatformBuild pb =
                org.dmaworkbench.hw.platform.PlatformBuilder.build(l.board().orElseThrow());
        assertTrue(pb.platform().isPresent());
        // koelsch's clients list only their DMAC0 request lines, so the disabled DMAC1 costs no warning
        StringBuilder sb = new StringBuilder();
        pb.diagnostics().forEach(d -> sb.append(d.format()).append('\n'));
        assertEquals("", sb.toString());
    }

    @Test
    public void iicClient() {
        LoadedScenario l = load("board = koelsch\nclient pmic {\n device = &i2c6\n tx bytes 16\n rx bytes 2 rate 400000\n}\n");
        assertEquals("", l.formatDiagnostics());
        ClientBinding b = l.clients().get(0);
        assertEquals(DeviceKind.IIC, b.kind());
        assertEquals("rcar-dmac", b.dmaDebugDriver());
        assertEquals(0x77, b.txChannels().get(0).args()[0]);
        assertEquals(0x78, b.rxChannels().get(0).args()[0]);
        assertEquals(100_000, b.lineRate(b.client().workloads().get(0)));
        assertEquals(400_000, b.lineRate(b.client().workloads().get(1)));
    }

    @Test
    public void deviceReferenceErrors() {
        assertEquals("t.dmascn:2:21: error: device &scif9 does not exist in board koelsch (no node has that label)\n",
                errors("board = koelsch\nclient u { device = &scif9; tx bytes 1 }\n"));
        assertEquals("t.dmascn:2:21: error: device /soc/serial@0 does not exist in board koelsch\n",
                errors("board = koelsch\nclient u { device = /soc/serial@0; tx bytes 1 }\n"));
        assertEquals("t.dmascn:2:21: error: client 'u': &sdhi0 (/soc/mmc@ee100000) is not a serial port "
                + "(renesas,scif or renesas,hscif) or an IIC controller; 'tx' needs one\n",
                errors("board = koelsch\nclient u { device = &sdhi0; tx bytes 1 }\n"));
        assertEquals("t.dmascn:2:22: error: client 'sd': &scif0 (/soc/serial@e6e60000) is not an SDHI controller; "
                + "'read' needs one\n", errors("board = koelsch\nclient sd { device = &scif0; read blocks 1 }\n"));
        assertEquals("t.dmascn:2:21: error: client 'm': &scif0 (/soc/serial@e6e60000) is not a SYS-DMAC "
                + "(renesas,rcar-dmac); 'memcpy' needs one\n",
                errors("board = koelsch\nclient m { device = &scif0; memcpy bytes 1 }\n"));
        assertEquals("t.dmascn:2:21: error: client 'u': &gic (/soc/interrupt-controller@f1001000) is not a serial "
                + "port (renesas,scif or renesas,hscif) or an IIC controller; 'rx' needs one\n",
                errors("board = koelsch\nclient u { device = &gic; rx bytes 1 }\n"));
        LoadedScenario byPath = load("board = koelsch\nclient u { device = \"/soc/serial@e62c0000\"; tx bytes 1 }\n");
        assertEquals("", byPath.formatDiagnostics());
        assertEquals(List.of("hscif0"), byPath.clients().get(0).device().labels());
        assertEquals("t.dmascn:1:7: error: &dmac0 (/soc/dma-controller@e6700000) is not an IOMMU (it has no "
                + "#iommu-cells)\n", errors("iommu dmac0 = on\nboard = koelsch\nclient u { device = &scif0; tx bytes 1 }\n"));
        assertEquals("t.dmascn:1:7: error: device &ipmmu_zz does not exist in board koelsch (no node has that label)\n",
                errors("iommu ipmmu_zz = off\nboard = koelsch\nclient u { device = &scif0; tx bytes 1 }\n"));
    }

    @Test
    public void disabledAndChannelErrors() throws Exception {
        // salvator-x-4g-span disables the IPMMUs
        LoadedScenario l = load("board = salvator-x-4g-span\niommu ipmmu_ds1 = on\n"
                + "client u { device = &hscif0; tx bytes 1 }\n");
        assertEquals("t.dmascn:2:7: warning: &ipmmu_ds1 (/soc/iommu@e7740000) is switched on but no enabled device "
                + "refers to it in iommus, so nothing is translated; connect a master in the scenario (iommu ipmmu_ds1 = "
                + "on { attach = &LABEL utlb N..M }) or add an iommus property to the board file (as the series' dropped "
                + "DT patch did)\n", l.formatDiagnostics());
        assertTrue(l.ok());
        LoadedScenario u = ScenarioLoader.load(resourceDir().resolve("user-board.dmascn"));
        assertEquals("", u.formatDiagnostics());
        assertEquals("/soc/dma-controller@e6700000", u.clients().get(0).device().path());
        String scn = "board = \"boards/user-board.dts\"\ninclude = \"soc\"\nclient u { device = &scif0; tx bytes 1 }\n";
        LoadedScenario d = ScenarioLoader.load("t.dmascn", scn, resourceDir());
        assertEquals("t.dmascn:3:21: error: device &scif0 (/soc/serial@e6e60000) is disabled in board "
                + "\"boards/user-board.dts\"\n", d.formatDiagnostics());
        String rxOnly = "board = \"boards/user-board.dts\"\ninclude = \"soc\"\n"
                + "client h {\n device = &hscif0\n rx bytes 4\n tx bytes 4\n}\n";
        assertEquals("t.dmascn:6:2: error: client 'h': &hscif0 (/soc/serial@e62c0000) has no enabled \"tx\" DMA channel "
                + "(dmas/dma-names); 'tx' needs one\n",
                ScenarioLoader.load("t.dmascn", rxOnly, resourceDir()).formatDiagnostics());
    }

    @Test
    public void boardFileErrors() throws Exception {
        Path dir = resourceDir();
        LoadedScenario l = ScenarioLoader.load(dir.resolve("broken-board.dmascn"));
        // the board's own error (its wording is the device-tree compiler's), then ours at the board line
        assertEquals(2, l.diagnostics().size());
        assertEquals(dir.resolve("boards/broken.dts").toString(), l.diagnostics().get(0).position().file());
        assertEquals(3, l.diagnostics().get(0).position().line());
        assertTrue(l.diagnostics().get(0).message().contains("\"nowhere\""));
        assertEquals(dir.resolve("broken-board.dmascn") + ":1:9: error: board \"boards/broken.dts\" does not compile "
                + "(see the errors above)", l.diagnostics().get(1).format());
        assertTrue(l.board().isEmpty());
        assertEquals("t.dmascn:1:9: error: board file " + dir.resolve("none.dts") + ": No such file or directory\n",
                ScenarioLoader.load("t.dmascn", "board = \"none.dts\"\nclient m { device = &dmac0; memcpy bytes 1 }\n",
                        dir).formatDiagnostics());
    }

    @Test
    public void badPaths() throws Exception {
        Path dir = resourceDir();
        assertEquals("t.dmascn:1:9: error: invalid board file or include directory name \"a\u0000b.dts\": Nul character "
                + "not allowed\n", ScenarioLoader.load("t.dmascn", "board = \"a\\0b.dts\"\nclient m { device = &dmac0; "
                + "memcpy bytes 1 }\n", dir).formatDiagnostics());
        assertEquals("error: " + dir + ": Is a directory\n", ScenarioLoader.load(dir).formatDiagnostics());
    }

    @Test
    public void bugsTheClientCannotCommit() {
        // the parser cannot tell an IIC from a serial port ('tx'), nor Gen3 from Gen2 SDHI ('read'): the board does
        assertEquals("t.dmascn:3:12: error: bug 'double-unmap' is committed only by a serial port client (sh-sci); "
                + "client 'pmic' is an IIC client (i2c-sh_mobile), which commits no driver bug\n",
                errors("board = koelsch\nclient pmic { device = &i2c6; tx bytes 1 }\nbug pmic = double-unmap\n"));
        assertEquals("t.dmascn:3:10: error: bug 'sg-unmap-wrong-nents' is committed only by a Gen2 SDHI client "
                + "(renesas_sdhi_sys_dmac); client 'sd' is a Gen3 SDHI client (renesas_sdhi_internal_dmac), which "
                + "commits no driver bug\n",
                errors("board = salvator-x\nclient sd { device = &sdhi0; read blocks 1 }\n"
                        + "bug sd = sg-unmap-wrong-nents\n"));
        assertTrue(load("board = koelsch\nclient sd { device = &sdhi0; read blocks 1 }\n"
                + "bug sd = sg-unmap-wrong-nents\n").ok());
        assertTrue(load("board = koelsch\nkernel = 4.9\nclient m { device = &dmac0; memcpy bytes 1 }\n"
                + "bug m = map-ram-with-map-resource\n").ok());
        // a scenario built without the parser (as an editor might): the validator lists what the client can commit
        Scenario ok = load("board = koelsch\nclient u { device = &scif0; tx bytes 1 }\n").scenario().orElseThrow();
        org.dmaworkbench.devicetree.SourcePosition p = new org.dmaworkbench.devicetree.SourcePosition("e.dmascn", 7, 3);
        Scenario s = new Scenario("e.dmascn", ok.board(), ok.iommus(), ok.profile(), ok.dmaDebug(), ok.seed(), ok.stop(),
                ok.clients(), List.of(new Scenario.InjectedBug("u", DriverBug.MAP_STACK_BUFFER, p)));
        ScenarioValidator.Validation v = ScenarioValidator.validate(s,
                org.dmaworkbench.emulation.boards.BuiltinBoards.compile("koelsch").orElseThrow().tree().orElseThrow());
        assertEquals(1, v.diagnostics().size());
        assertEquals("e.dmascn:7:3: error: bug 'map-stack-buffer' is committed only by a memcpy client of a SYS-DMAC "
                + "(dmatest); client 'u' is a serial port client (sh-sci), which can commit: unmap-wrong-size, "
                + "unmap-wrong-direction, forget-mapping-error, leak-mapping-at-unbind, double-unmap, unmap-never-mapped, "
                + "free-coherent-wrong-size, map-vmalloc-buffer, sync-wrong-direction, wrong-cpu-address-on-free, "
                + "unmap-failed-mapping", v.diagnostics().get(0).format());
    }

    @Test
    public void driverBugRegistry() {
        // the kernel's registry is the scenario's: these 28 names, no others
        List<String> expected = List.of("unmap-wrong-size", "unmap-wrong-direction", "forget-mapping-error",
                "unmap-resource-with-unmap-page", "unmap-page-with-unmap-resource", "sync-resource-mapping",
                "map-ram-with-map-resource", "leak-mapping-at-unbind", "double-unmap", "unmap-never-mapped",
                "free-coherent-wrong-size", "map-stack-buffer", "map-vmalloc-buffer", "map-kernel-text",
                "map-module-buffer", "sync-wrong-direction", "sync-for-cpu-device-read-only",
                "sync-for-device-device-write-only", "sync-out-of-range", "sync-after-unmap", "sg-unmap-wrong-nents",
                "sg-sync-wrong-nents", "sg-segment-too-long", "overlapping-mappings", "overlapping-mappings-beyond-limit",
                "wrong-cpu-address-on-free", "unmap-failed-mapping", "leak-mapping-per-transfer");
        List<String> names = new ArrayList<>();
        for (DriverBug b : DriverBug.values()) {
            names.add(b.bugName());
            assertEquals(b, DriverBugs.forName(b.bugName()).orElseThrow());
            assertFalse(b.bugName(), DriverBugs.committers(b).isEmpty());
        }
        assertEquals(expected, names);
        for (String gone : List.of("map-invalid-address", "sg-segment-across-boundary",
                "sync-from-device-buffer-for-device", "sync-to-device-buffer-for-cpu", "unmap-mapping-error",
                "Double-Unmap", "DOUBLE_UNMAP")) {
            assertTrue(gone, DriverBugs.forName(gone).isEmpty());
        }
        // who commits what: UartClient, SdhiClient and MemcpyClient of the kernel bundle
        assertEquals(11, DriverBugs.committableBy(DeviceKind.SERIAL).size());
        assertEquals(4, DriverBugs.committableBy(DeviceKind.SDHI_SYS_DMAC).size());
        assertEquals(15, DriverBugs.committableBy(DeviceKind.DMAC).size());
        for (DeviceKind k : List.of(DeviceKind.IIC, DeviceKind.SDHI_INTERNAL_DMAC, DeviceKind.OTHER)) {
            assertEquals(k.name(), Set.of(), DriverBugs.committableBy(k));
        }
        assertEquals(List.of(DeviceKind.SERIAL, DeviceKind.DMAC), DriverBugs.committers(DriverBug.UNMAP_WRONG_SIZE));
        assertEquals(List.of(DeviceKind.DMAC), DriverBugs.committers(DriverBug.UNMAP_RESOURCE_WITH_UNMAP_PAGE));
        assertEquals(List.of(DeviceKind.SDHI_SYS_DMAC), DriverBugs.committers(DriverBug.SYNC_FOR_DEVICE_DEVICE_WRITE_ONLY));
        assertEquals("a serial port client (sh-sci) or a memcpy client of a SYS-DMAC (dmatest)",
                DriverBugs.committersDescription(DriverBug.UNMAP_WRONG_DIRECTION));
        // consequences, from the kernel enum's check / alsoReported / otherReport
        assertEquals("dma-debug reports FREE_SG_DIFFERENT_ENTRY_COUNT",
                DriverBugs.consequence(DriverBug.SG_UNMAP_WRONG_NENTS));
        assertEquals("dma-debug reports SYNC_READ_ONLY_FOR_CPU (also SYNC_DIFFERENT_DIRECTION)",
                DriverBugs.consequence(DriverBug.SYNC_FOR_CPU_DEVICE_READ_ONLY));
        assertEquals("dma-debug reports POOL_GROWN (also OUT_OF_MEMORY)",
                DriverBugs.consequence(DriverBug.LEAK_MAPPING_PER_TRANSFER));
        assertTrue(DriverBugs.consequence(DriverBug.MAP_RAM_WITH_MAP_RESOURCE)
                .contains("BUG_ON(pfn_valid(PHYS_PFN(phys_addr)))"));
        // every error check of kernel/dma/debug.c is reached by a bug a scenario can inject, except the kernel's
        // documented unreachable ones
        Set<DmaDebugCheck> reached = EnumSet.noneOf(DmaDebugCheck.class);
        for (DriverBug b : DriverBug.values()) {
            if (b.check() != null) {
                reached.add(b.check());
            }
            reached.addAll(b.alsoReported());
        }
        for (DmaDebugCheck c : DmaDebugCheck.values()) {
            if (c.isError()) {
                assertEquals(c.name(), !DriverBug.UNREACHABLE_FROM_A_CLIENT.contains(c), reached.contains(c));
            }
        }
    }

    @Test
    public void aMemcpyDestinationMustBeAnEnabledNodeWhoseRegWindowHoldsTheCopy() {
        String head = "board = koelsch\n";
        // the built-in koelsch's scif0 has reg = <0 0xe6e60000 0 64>: 64 bytes; "&scif0" starts at column 48
        assertEquals("t.dmascn:2:48: error: client 'c': 65 bytes do not fit the 64-byte reg window of &scif0 "
                + "(/soc/serial@e6e60000)\n",
                errors(head + "client c { device = &dmac0; memcpy bytes 65 to &scif0 }\n"));
        assertEquals("t.dmascn:2:48: error: device &nosuch does not exist in board koelsch (no node has that label)\n",
                errors(head + "client c { device = &dmac0; memcpy bytes 64 to &nosuch }\n"));
        LoadedScenario ok = load(head + "client c { device = &dmac0; memcpy bytes 64 to &scif0 }\n");
        assertEquals("", ok.formatDiagnostics());
        assertEquals("&scif0", ok.clients().get(0).client().workloads().get(0).to().orElseThrow().toString());
    }
}
