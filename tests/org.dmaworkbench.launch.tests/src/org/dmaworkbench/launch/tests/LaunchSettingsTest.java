package org.dmaworkbench.launch.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.emulation.scenario.Scenario;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.LaunchSettings;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A configuration's attributes over a scenario's keys, as dmawb run's options override them. */
public class LaunchSettingsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Map<String, Object> attrs = new HashMap<>();

    private LaunchSettings.Loaded load(LaunchSettings.Defaults d) {
        Path dir = tmp.getRoot().toPath();
        // ${dir} stands for the variable manager's ${workspace_loc:...}
        return LaunchSettings.of("t", attrs, s -> s.replace("${dir}", dir.toString()), d).load();
    }

    private Scenario scenario(LaunchSettings.Loaded l) {
        assertEquals("", l.effective().formatDiagnostics());
        return l.effective().scenario().orElseThrow();
    }

    @Test
    public void attributesWinOverTheScenarioWithVariablesExpanded() throws Exception {
        Launches.testFile("forget-mapping-error.dmascn", tmp.getRoot().toPath());
        attrs.put(EmulationLaunch.CONFIG_SCENARIO, "${dir}/forget-mapping-error.dmascn");
        attrs.put(EmulationLaunch.CONFIG_KERNEL, "4.9");
        attrs.put(EmulationLaunch.CONFIG_FIRST_ERROR, EmulationLaunch.ON);
        attrs.put(EmulationLaunch.CONFIG_BUGS, List.of("uart0=double-unmap"));
        attrs.put(EmulationLaunch.CONFIG_STOP, "time 2ms");
        LaunchSettings.Loaded l = load(LaunchSettings.Defaults.BUILT_IN);
        Scenario base = l.base().scenario().orElseThrow();
        Scenario s = scenario(l);
        assertEquals(KernelProfile.V6_12, base.profile());
        assertEquals(KernelProfile.V4_9, s.profile());
        assertTrue(s.stop().firstError());
        assertEquals(2_000_000L, s.stop().timeNs().getAsLong());
        assertEquals(List.of(DriverBug.FORGET_MAPPING_ERROR), base.bugsOf("uart0"));
        assertEquals(List.of(DriverBug.DOUBLE_UNMAP), s.bugsOf("uart0"));
    }

    @Test
    public void aBoardRunTakesThePreferencesWhereTheConfigurationSaysNothing() {
        attrs.put(EmulationLaunch.CONFIG_USE_BOARD, true);
        attrs.put(EmulationLaunch.CONFIG_BOARD, "salvator-x");
        LaunchSettings.Defaults d = new LaunchSettings.Defaults(KernelProfile.V4_9, true, 7, true, List.of(), 5000);
        Scenario s = scenario(load(d));
        assertEquals("salvator-x", s.board().builtinName());
        assertEquals(KernelProfile.V4_9, s.profile());
        assertEquals(7, s.dmaDebug().numErrors());
        assertTrue(s.dmaDebug().allErrors());
        attrs.put(EmulationLaunch.CONFIG_KERNEL, "6.12");
        attrs.put(EmulationLaunch.CONFIG_ALL_ERRORS, EmulationLaunch.OFF);
        Scenario t = scenario(load(d));
        assertEquals(KernelProfile.V6_12, t.profile());
        assertFalse(t.dmaDebug().allErrors());
    }

    @Test
    public void anIommuSwitchedOffByPathMakesItsMastersUseDmaDirect() {
        attrs.put(EmulationLaunch.CONFIG_IOMMUS, Map.of("/soc/iommu@e6740000", EmulationLaunch.OFF));
        LaunchSettings.Loaded l = load(LaunchSettings.Defaults.BUILT_IN);
        scenario(l);
        // the built-in default scenario turns koelsch's IPMMU-DS on (default.dmascn line 3)
        assertTrue(l.base().iommus().get(0).iommuSwitch().enabled());
        assertFalse(l.effective().iommus().get(0).iommuSwitch().enabled());
    }

    @Test
    public void badValuesAreTheParsersMessagesAtTheConfiguration() {
        attrs.put(EmulationLaunch.CONFIG_KERNEL, "5.0");
        attrs.put(EmulationLaunch.CONFIG_BUGS, List.of("uart0=no-such-bug"));
        LaunchSettings.Loaded l = load(LaunchSettings.Defaults.BUILT_IN);
        assertFalse(l.ok());
        assertEquals("launch configuration 't': error: kernel: unknown kernel profile '5.0' (expected 6.12 or 4.9)\n"
                + "launch configuration 't': error: driver bugs: unknown driver bug 'no-such-bug' (see the list of driver "
                + "bugs in FORMAT.md)\n", l.effective().formatDiagnostics());
    }

    @Test
    public void aMissingScenarioFileIsNamed() {
        attrs.put(EmulationLaunch.CONFIG_SCENARIO, "${dir}/none.dmascn");
        LaunchSettings.Loaded l = load(LaunchSettings.Defaults.BUILT_IN);
        assertEquals("launch configuration 't': error: scenario file " + tmp.getRoot().toPath().resolve("none.dmascn")
                + ": No such file or directory\n", l.effective().formatDiagnostics());
    }
}
