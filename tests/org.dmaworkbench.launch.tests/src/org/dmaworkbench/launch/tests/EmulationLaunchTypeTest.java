package org.dmaworkbench.launch.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import org.dmaworkbench.launch.EmulationLaunch;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.junit.Test;

/** The {@code DMA Emulation} launch configuration type, found and launched through the debug framework in OSGi. */
public class EmulationLaunchTypeTest {

    private static ILaunchConfigurationType type() {
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        return manager.getLaunchConfigurationType(EmulationLaunch.TYPE_ID);
    }

    @Test
    public void typeIsRegisteredWithDebugCore() throws Exception {
        ILaunchConfigurationType type = type();
        assertNotNull("launch configuration type " + EmulationLaunch.TYPE_ID + " not registered", type);
        assertEquals("DMA Emulation", type.getName());
        assertTrue(type.isPublic());
        assertTrue(type.supportsMode(ILaunchManager.RUN_MODE));
        assertEquals(false, type.supportsMode(ILaunchManager.DEBUG_MODE));
    }

    @Test
    public void launchRunsTheEmulationAndReportsBytesMoved() throws Exception {
        ILaunchConfigurationWorkingCopy wc = type().newInstance(null, "skeleton");
        wc.setAttribute(EmulationLaunch.CONFIG_BYTES, 4096 + 100);
        ILaunch launch = wc.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        assertEquals("4196", launch.getAttribute(EmulationLaunch.ATTR_BYTES_MOVED));
        assertEquals("memcpy 0x40100000 -> 0x40200000: 4196 bytes in 64-byte bursts, verified; 4 RAM pages touched",
                launch.getAttribute(EmulationLaunch.ATTR_SUMMARY));
    }
}
