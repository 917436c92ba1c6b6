package org.dmaworkbench.launch;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.kernel.KernelProfile;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IPreferencesService;

/**
 * The run defaults of DMA Emulation launches, in the Eclipse preference service under {@link #QUALIFIER} (the
 * preference page of {@code org.dmaworkbench.launch.ui} edits them): kernel source trees whose device-tree include
 * directories every board file may use, the kernel profile and dma-debug settings of a board's default workload
 * (a scenario file says its own), and how many events a session keeps.
 */
public final class EmulationPreferences {
    public static final String QUALIFIER = "org.dmaworkbench.launch";
    /** Kernel source trees (or include-prefixes folders), separated by {@link File#pathSeparator}. */
    public static final String KERNEL_TREE_ROOTS = "kernelTreeRoots";
    /** "6.12" or "4.9". */
    public static final String DEFAULT_KERNEL = "defaultKernel";
    public static final String DMA_DEBUG = "dmaDebug";
    public static final String NUM_ERRORS = "numErrors";
    public static final String ALL_ERRORS = "allErrors";
    /** Events a session keeps for exports and views; older ones are counted, not kept. */
    public static final String HISTORY_SIZE = "historySize";

    public static final int MIN_HISTORY = 1000;
    public static final int MAX_HISTORY = 10_000_000;

    private EmulationPreferences() {
    }

    /** The defaults a run uses, read now from the preference service (instance scope over the defaults). */
    public static LaunchSettings.Defaults defaults() {
        IPreferencesService p = Platform.getPreferencesService();
        LaunchSettings.Defaults b = LaunchSettings.Defaults.BUILT_IN;
        KernelProfile k = KernelProfile.forVersion(p.getString(QUALIFIER, DEFAULT_KERNEL, b.kernel().version(), null));
        long num = p.getLong(QUALIFIER, NUM_ERRORS, b.numErrors(), null);
        int history = p.getInt(QUALIFIER, HISTORY_SIZE, b.historySize(), null);
        return new LaunchSettings.Defaults(k == null ? b.kernel() : k, p.getBoolean(QUALIFIER, DMA_DEBUG, b.dmaDebug(), null),
                Math.max(0, Math.min(0xffff_ffffL, num)), p.getBoolean(QUALIFIER, ALL_ERRORS, b.allErrors(), null),
                splitRoots(p.getString(QUALIFIER, KERNEL_TREE_ROOTS, "", null)),
                Math.max(MIN_HISTORY, Math.min(MAX_HISTORY, history)));
    }

    public static List<String> splitRoots(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(File.pathSeparator)) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    public static String joinRoots(List<String> roots) {
        return String.join(File.pathSeparator, roots);
    }
}
