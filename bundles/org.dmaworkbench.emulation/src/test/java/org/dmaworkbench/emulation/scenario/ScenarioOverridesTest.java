package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.emulation.scenario.ScenarioOverrides.Bug;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.junit.Test;

/**
 * Settings from outside a scenario file (dmawb's options, a launch configuration's attributes) over the file's own
 * keys: what wins, what stays, and where messages point. Expected values are the scenario texts' own (FORMAT.md).
 */
public class ScenarioOverridesTest {
    private static final String ORIGIN = "<launch configuration>";
    private static final String UART = "board = koelsch\n" // line 1
            + "iommu ipmmu_ds = off\n" // 2
            + "kernel = 6.12\n" // 3
            + "dma-debug.num_errors = 10\n" // 4
            + "stop = time 5ms\n" // 5
            + "client u { device = &scif0; tx bytes 16 }\n" // 6
            + "bug u = double-unmap\n"; // 7

    private static LoadedScenario load(String text) {
        LoadedScenario l = ScenarioLoader.load("t.dmascn", text, Path.of("."));
        assertEquals("", l.formatDiagnostics());
        return l;
    }

    private static ScenarioOverrides overrides() {
        return new ScenarioOverrides(ORIGIN);
    }

    @Test
    public void nothingSetGivesTheLoadedScenarioItself() {
        LoadedScenario base = load(UART);
        assertTrue(overrides().isEmpty());
        assertSame(base, overrides().apply(base, Path.of(".")));
    }

    @Test
    public void kernelAndDmaDebugSettingsWinAndTheOtherKeysStay() {
        LoadedScenario l = overrides().kernel(KernelProfile.V4_9).allErrors(true).driverFilter("rcar-dmac")
                .apply(load(UART), Path.of("."));
        assertEquals("", l.formatDiagnostics());
        Scenario s = l.scenario().orElseThrow();
        assertEquals(KernelProfile.V4_9, s.profile());
        assertTrue(s.dmaDebug().allErrors());
        assertEquals("rcar-dmac", s.dmaDebug().driverFilter());
        // from the file: num_errors 10 (line 4), stop after 5 ms (line 5), the iommu switch (line 2)
        assertEquals(10, s.dmaDebug().numErrors());
        assertEquals(OptionalLong.of(5_000_000), s.stop().timeNs());
        assertFalse(l.iommus().get(0).iommuSwitch().enabled());
        // the client keeps its position in the file: its name, line 6, column 8
        assertEquals(new SourcePosition("t.dmascn", 6, 8), s.clients().get(0).position());
    }

    @Test
    public void stopLimitsReplaceTheFilesWhileFirstErrorIsItsOwnSetting() {
        Scenario s = overrides().stopLimits(OptionalLong.empty(), OptionalLong.of(3)).firstError(true)
                .apply(load(UART), Path.of(".")).scenario().orElseThrow();
        assertEquals(OptionalLong.empty(), s.stop().timeNs());
        assertEquals(OptionalLong.of(3), s.stop().transfers());
        assertTrue(s.stop().firstError());
    }

    @Test
    public void oneIommuSwitchedByLabelReplacesTheFilesLineForIt() {
        LoadedScenario l = overrides().iommu("ipmmu_ds", true).apply(load(UART), Path.of("."));
        assertEquals("", l.formatDiagnostics());
        assertEquals(1, l.iommus().size());
        // koelsch's IPMMU-DS at 0xe6740000 (boards/r8a7791.dtsi)
        assertEquals("/soc/iommu@e6740000", l.iommus().get(0).iommu().path());
        assertTrue(l.iommus().get(0).iommuSwitch().enabled());
        assertEquals(new SourcePosition(ORIGIN, 0, 0), l.iommus().get(0).iommuSwitch().position());
    }

    @Test
    public void oneIommuSwitchedByPathReplacesTheFilesLineGivenByLabel() {
        LoadedScenario l = overrides().iommu("/soc/iommu@e6740000", true).apply(load(UART), Path.of("."));
        assertEquals("", l.formatDiagnostics());
        assertEquals(1, l.iommus().size());
        assertTrue(l.iommus().get(0).iommuSwitch().enabled());
    }

    @Test
    public void everyIommuOffAsDmawbIommuOff() {
        LoadedScenario l = overrides().allIommus(false).apply(load("board = koelsch\niommu ipmmu_ds = on\n"
                + "client u { device = &scif0; tx bytes 1 }\n"), Path.of("."));
        assertEquals("", l.formatDiagnostics());
        assertEquals(1, l.iommus().size());
        assertFalse(l.iommus().get(0).iommuSwitch().enabled());
    }

    @Test
    public void iommuOnForABoardWithoutIommuUsersIsRefusedWithTheSettingsName() {
        LoadedScenario base = load("board = salvator-x-4g-span\nclient c { device = &dmac1; memcpy bytes 4KiB }\n");
        try {
            overrides().allIommus(true).apply(base, Path.of("."));
            fail("iommu on applied to a board without IOMMU users");
        } catch (IllegalArgumentException e) {
            assertEquals("iommu on: no device of board salvator-x-4g-span is behind an IOMMU (none has an iommus "
                    + "property)", e.getMessage());
        }
    }

    @Test
    public void bugsReplaceTheFilesAndAFileBugKeepsItsLine() {
        LoadedScenario l = overrides().bugs(List.of(new Bug("u", DriverBug.DOUBLE_UNMAP),
                new Bug("u", DriverBug.FORGET_MAPPING_ERROR))).apply(load(UART), Path.of("."));
        assertEquals("", l.formatDiagnostics());
        Scenario s = l.scenario().orElseThrow();
        assertEquals(List.of(DriverBug.DOUBLE_UNMAP, DriverBug.FORGET_MAPPING_ERROR), s.bugsOf("u"));
        // "bug u = double-unmap" is line 7; the bug name starts at column 9
        assertEquals(new SourcePosition("t.dmascn", 7, 9), s.bugs().get(0).position());
        assertEquals(new SourcePosition(ORIGIN, 0, 0), s.bugs().get(1).position());
        assertTrue(overrides().bugs(List.of()).apply(load(UART), Path.of(".")).scenario().orElseThrow().bugs().isEmpty());
    }

    @Test
    public void aBugTheClientCannotCommitIsTheValidatorsErrorAtTheOrigin() {
        LoadedScenario l = overrides().bugs(List.of(new Bug("u", DriverBug.MAP_STACK_BUFFER)))
                .apply(load(UART), Path.of("."));
        assertFalse(l.ok());
        // map-stack-buffer is committed by the memcpy client only (FORMAT.md, "Driver bugs": By M)
        assertTrue(l.formatDiagnostics(), l.formatDiagnostics().startsWith(ORIGIN + ": error: bug 'map-stack-buffer' "
                + "is committed only by a memcpy client of a SYS-DMAC (dmatest); client 'u' is "));
    }

    @Test
    public void anotherBoardRunsTheSameClientsAndComplainsAboutTheirDevicesAtTheFilesLines() {
        // "&scif0" starts at column 21 of line 6; salvator-x has no &scif0 (its serial ports are hscif0 and scif2: FORMAT.md, "Built-in boards")
        LoadedScenario l = overrides().board("salvator-x").apply(load(UART), Path.of("."));
        assertFalse(l.ok());
        assertTrue(l.formatDiagnostics(), l.formatDiagnostics().contains("t.dmascn:6:21: error: device &scif0 does not exist"));
        assertEquals("salvator-x", l.scenario().orElseThrow().board().builtinName());
    }

    @Test
    public void valuesAreJudgedByTheParsersOwnRules() {
        assertEquals(KernelProfile.V4_9, ScenarioOverrides.parseKernel("4.9").value());
        // README: "my.dmascn:2:10: error: unknown kernel profile '5.0' (expected 6.12 or 4.9)"
        assertEquals("unknown kernel profile '5.0' (expected 6.12 or 4.9)", ScenarioOverrides.parseKernel("5.0").error());
        assertEquals(Long.valueOf(4294967295L), ScenarioOverrides.parseNumErrors("4294967295").value());
        assertFalse(ScenarioOverrides.parseNumErrors("4294967296").ok());
        assertFalse(ScenarioOverrides.parseNumErrors("ten").ok());
        Scenario.StopCondition st = ScenarioOverrides.parseStop("time 100ms | first-error").value();
        assertEquals(OptionalLong.of(100_000_000), st.timeNs());
        assertTrue(st.firstError());
        assertEquals(Long.valueOf(1_500_000), ScenarioOverrides.parseDuration("1500us").value());
        assertFalse(ScenarioOverrides.parseDuration("100").ok());
        assertEquals("rcar-dmac", ScenarioOverrides.parseDriverFilter("rcar-dmac").value());
        assertFalse(ScenarioOverrides.parseDriverFilter("rcar dmac").ok());
        // 64 characters: one more than driver_filter's NAME_MAX_LEN - 1 (kernel/dma/debug.c)
        assertFalse(ScenarioOverrides.parseDriverFilter("x".repeat(64)).ok());
        assertFalse(ScenarioOverrides.parseStop("time 1ms; kernel = 4.9").ok());
        assertEquals(DriverBug.LEAK_MAPPING_AT_UNBIND, ScenarioOverrides.parseBug("leak-mapping-at-unbind").value());
        assertFalse(ScenarioOverrides.parseBug("leak").ok());
    }
}
