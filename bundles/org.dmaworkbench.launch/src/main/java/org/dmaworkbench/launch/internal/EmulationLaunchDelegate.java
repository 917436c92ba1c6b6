package org.dmaworkbench.launch.internal;

import org.dmaworkbench.emulation.SkeletonRun;
import org.dmaworkbench.launch.EmulationLaunch;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.model.LaunchConfigurationDelegate;

/** Runs a DMA emulation for a {@code DMA Emulation} launch configuration (the debug framework calls it in a Job). */
public class EmulationLaunchDelegate extends LaunchConfigurationDelegate {
    private static final String PLUGIN_ID = "org.dmaworkbench.launch";

    @Override
    public void launch(ILaunchConfiguration configuration, String mode, ILaunch launch, IProgressMonitor monitor)
            throws CoreException {
        SubMonitor progress = SubMonitor.convert(monitor, "DMA emulation: " + configuration.getName(), 1);
        int bytes = configuration.getAttribute(EmulationLaunch.CONFIG_BYTES, EmulationLaunch.DEFAULT_BYTES);
        if (bytes <= 0) {
            throw new CoreException(Status.error("Byte count must be positive, not " + bytes));
        }
        if (progress.isCanceled()) {
            throw new OperationCanceledException();
        }
        SkeletonRun.Result result = SkeletonRun.run(bytes);
        launch.setAttribute(EmulationLaunch.ATTR_SUMMARY, result.summary());
        launch.setAttribute(EmulationLaunch.ATTR_BYTES_MOVED, Long.toString(result.bytesCopied()));
        if (!result.verified()) {
            throw new CoreException(new Status(IStatus.ERROR, PLUGIN_ID, result.summary()));
        }
        progress.worked(1);
    }
}
