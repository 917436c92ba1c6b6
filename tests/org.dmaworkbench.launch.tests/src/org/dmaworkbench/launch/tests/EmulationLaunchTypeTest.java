package org.dmaworkbench.launch.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationProcess;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The {@code DMA Emulation} launch configuration type, found and launched through the debug framework in OSGi. */
public class EmulationLaunchTypeTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void typeIsRegisteredWithDebugCore() throws Exception {
        ILaunchConfigurationType type = Launches.type();
        assertNotNull("launch configuration type " + EmulationLaunch.TYPE_ID + " not registered", type);
        assertEquals("DMA Emulation", type.getName());
        assertTrue(type.isPublic());
        assertTrue(type.supportsMode(ILaunchManager.RUN_MODE));
        assertEquals(false, type.supportsMode(ILaunchManager.DEBUG_MODE));
    }

    @Test
    public void launchRunsTheDefaultScenarioCleanlyInAProcess() throws Exception {
        ILaunchConfigurationWorkingCopy wc = Launches.type().newInstance(null, "default");
        ILaunch launch = wc.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        EmulationProcess p = Launches.process(launch);
        assertEquals(EmulationLaunch.PROCESS_TYPE, p.getAttribute(IProcess.ATTR_PROCESS_TYPE));
        Launches.join();
        assertTrue(p.isTerminated());
        assertTrue(launch.isTerminated());
        assertEquals(0, p.getExitValue());
        assertEquals("0", launch.getAttribute(EmulationLaunch.ATTR_EXIT_CODE));
        assertEquals("0", launch.getAttribute(EmulationLaunch.ATTR_DMA_DEBUG_ERRORS));
        assertTrue(launch.getAttribute(EmulationLaunch.ATTR_SUMMARY),
                launch.getAttribute(EmulationLaunch.ATTR_SUMMARY).startsWith("completed (workload finished)"));
        // three greetings of 25 bytes and two reads of 8 blocks of 512 bytes (default.dmascn)
        assertTrue(Long.parseLong(launch.getAttribute(EmulationLaunch.ATTR_BYTES_MOVED)) >= 3 * 25 + 2 * 8 * 512);
        assertNotNull(EmulationLaunch.session(launch));
    }

    @Test
    public void launchOfABuggyScenarioEndsWithExitValueOne() throws Exception {
        Path scn = tmp.newFile("leak.dmascn").toPath();
        Files.writeString(scn, "board = koelsch\niommu ipmmu_ds = on\n"
                + "client uart0 {\n\tdevice = &scif0\n\ttx text \"x\"\n}\nbug uart0 = leak-mapping-at-unbind\n");
        ILaunchConfigurationWorkingCopy wc = Launches.type().newInstance(null, "leak");
        wc.setAttribute(EmulationLaunch.CONFIG_SCENARIO, scn.toString());
        ILaunch launch = wc.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        Launches.join();
        assertEquals(1, Launches.process(launch).getExitValue());
        assertEquals("1", launch.getAttribute(EmulationLaunch.ATTR_DMA_DEBUG_ERRORS));
    }

    @Test
    public void aBadScenarioFailsWithItsPositionAndStartsNoProcess() throws Exception {
        Path scn = tmp.newFile("bad.dmascn").toPath();
        Files.writeString(scn, "board = koelsch\nkernel = 5.0\n");
        ILaunchConfigurationWorkingCopy wc = Launches.type().newInstance(null, "bad");
        wc.setAttribute(EmulationLaunch.CONFIG_SCENARIO, scn.toString());
        try {
            wc.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
            fail("a scenario with a bad kernel version launched");
        } catch (CoreException e) {
            // README: "my.dmascn:2:10: error: unknown kernel profile '5.0' (expected 6.12 or 4.9)"
            assertEquals(scn + ":2:10: error: unknown kernel profile '5.0' (expected 6.12 or 4.9)", e.getStatus().getMessage());
        }
    }

    @Test
    public void aBadSettingFailsWithTheConfigurationsName() throws Exception {
        ILaunchConfigurationWorkingCopy wc = Launches.type().newInstance(null, "settings");
        wc.setAttribute(EmulationLaunch.CONFIG_NUM_ERRORS, "ten");
        try {
            wc.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
            fail("num_errors 'ten' launched");
        } catch (CoreException e) {
            assertTrue(e.getStatus().getMessage(),
                    e.getStatus().getMessage().startsWith("launch configuration 'settings': error: num_errors: "));
        }
    }
}
