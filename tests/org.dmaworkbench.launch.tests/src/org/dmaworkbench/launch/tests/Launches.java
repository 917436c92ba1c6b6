package org.dmaworkbench.launch.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationProcess;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.model.IProcess;
import org.junit.Assert;

/** Helpers of the launch tests: the configuration type, test files, the emulation process of a launch. */
final class Launches {
    private Launches() {
    }

    static ILaunchConfigurationType type() {
        return DebugPlugin.getDefault().getLaunchManager().getLaunchConfigurationType(EmulationLaunch.TYPE_ID);
    }

    /** Copies {@code testfiles/NAME} of this bundle into {@code dir}. */
    static Path testFile(String name, Path dir) throws IOException {
        try (InputStream in = Platform.getBundle("org.dmaworkbench.launch.tests").getEntry("testfiles/" + name).openStream()) {
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    static EmulationProcess process(ILaunch launch) {
        for (IProcess p : launch.getProcesses()) {
            if (p instanceof EmulationProcess e) {
                return e;
            }
        }
        Assert.fail("no emulation process in " + launch);
        return null;
    }

    /** Waits (without sleeping blindly: joining the Job) until every emulation Job ended. */
    static void join() throws InterruptedException {
        Job.getJobManager().join(EmulationLaunch.JOB_FAMILY, null);
    }
}
