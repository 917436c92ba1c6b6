package org.dmaworkbench.launch.ui.internal.tabs;

import java.util.Map;
import java.util.TreeMap;

import org.dmaworkbench.launch.EmulationPreferences;
import org.dmaworkbench.launch.LaunchSettings;
import org.dmaworkbench.launch.internal.EmulationLaunchDelegate;
import org.dmaworkbench.launch.ui.internal.Messages;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.swt.widgets.Display;

/**
 * The scenario of the configuration the dialog shows, loaded with the configuration's settings in, as the launch
 * would load it: parsed, its board compiled, validated. Loading compiles a device tree, so it runs in a Job a
 * moment after the last keystroke; the tabs read the result on the UI thread and are told when a new one arrives.
 * Until the result for the current settings is there, {@link #get} answers null and the dialog cannot launch, so a
 * scenario with errors never reaches the delegate from the dialog.
 */
public final class ScenarioPreview {
    /** Family of the loading Jobs, for tests. */
    public static final Object FAMILY = new Object();
    private static final long DELAY_MS = 150;

    private final Runnable onLoaded;
    private Map<String, Object> requested;
    private Map<String, Object> loadedFor;
    private LaunchSettings.Loaded result;
    private Job job;
    private boolean deferred;

    /** @param onLoaded runs on the UI thread when a result for the latest settings arrives */
    public ScenarioPreview(Runnable onLoaded) {
        this.onLoaded = onLoaded;
    }

    /** The attributes that decide what runs (not the Common tab's, not the exports). */
    private static Map<String, Object> key(ILaunchConfiguration c) throws CoreException {
        Map<String, Object> k = new TreeMap<>();
        c.getAttributes().forEach((a, v) -> {
            if (a.startsWith("org.dmaworkbench.launch.") && !a.startsWith("org.dmaworkbench.launch.export.")) {
                k.put(a, v);
            }
        });
        return k;
    }

    /**
     * @return the loaded scenario for {@code config}'s current settings, or null while it loads (a load is
     *         scheduled if needed)
     */
    public LaunchSettings.Loaded get(ILaunchConfiguration config) {
        Map<String, Object> k;
        try {
            k = key(config);
        } catch (CoreException e) {
            return null;
        }
        if (k.equals(loadedFor)) {
            return result;
        }
        if (!k.equals(requested)) {
            requested = k;
            schedule(config.getName(), k);
        }
        return null;
    }

    /** Whether the last result could not judge everything (a variable that prompts is resolved only at launch). */
    public boolean deferred() {
        return deferred;
    }

    /** The last result, whatever settings it was for (for the tabs' lists while a new one loads); may be null. */
    public LaunchSettings.Loaded last() {
        return result;
    }

    private void schedule(String name, Map<String, Object> attrs) {
        if (job != null) {
            job.cancel();
        }
        Display display = Display.getCurrent();
        job = new Job(Messages.ScenarioPreview_job) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                boolean[] prompts = new boolean[1];
                LaunchSettings s = LaunchSettings.of(name, attrs, text -> {
                    if (text.contains("_prompt")) {
                        // asking the user belongs to the launch, not to every keystroke
                        prompts[0] = true;
                        throw new IllegalArgumentException(Messages.ScenarioPreview_prompt);
                    }
                    return EmulationLaunchDelegate.expand(text);
                }, EmulationPreferences.defaults());
                LaunchSettings.Loaded l = s.load();
                if (monitor.isCanceled()) {
                    return Status.CANCEL_STATUS;
                }
                if (display != null && !display.isDisposed()) {
                    display.asyncExec(() -> {
                        if (attrs.equals(requested)) {
                            loadedFor = attrs;
                            result = l;
                            deferred = prompts[0];
                            onLoaded.run();
                        }
                    });
                }
                return Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == FAMILY;
            }
        };
        job.setSystem(true);
        job.schedule(DELAY_MS);
    }

    public void dispose() {
        if (job != null) {
            job.cancel();
        }
    }
}
