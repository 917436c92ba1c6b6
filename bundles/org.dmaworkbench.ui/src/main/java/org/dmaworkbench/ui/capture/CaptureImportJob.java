package org.dmaworkbench.ui.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.dmaworkbench.emulation.capture.CaptureImport;
import org.dmaworkbench.emulation.capture.ImportedCapture;
import org.dmaworkbench.launch.ui.EmulationContext;
import org.dmaworkbench.launch.ui.LiveSource;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.dmaworkbench.ui.views.dmaapi.Messages;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;

/**
 * Imports a real capture (ftrace text and/or dma-api/dump files) in a Job with progress in bytes and cancel
 * ({@link CaptureImport}), then adds it to the {@link EmulationContext} as a source, which makes the DMA views show
 * it. A file that is not a capture ends the job with the reason, {@code FILE: error: ...}, never a stack trace.
 */
public final class CaptureImportJob extends Job {
    /** The job family of capture imports (tests join it). */
    public static final Object FAMILY = new Object() {
        @Override
        public String toString() {
            return "DMA Workbench capture imports";
        }
    };
    private static final int TICKS = 1000;

    private final List<Path> files;
    private final Map<String, String> drivers;
    private final CaptureImport.Monitor observer;
    private volatile ImportedCapture result;
    private volatile LiveSource source;

    /** Imports {@code files} (dumps are told apart by their content) with the given device-to-driver names. */
    public CaptureImportJob(List<Path> files, Map<String, String> drivers) {
        this(files, drivers, CaptureImport.Monitor.NONE);
    }

    /**
     * As {@link #CaptureImportJob(List, Map)}, telling {@code observer} of the progress too (from the job's thread:
     * what it does there delays the import).
     */
    public CaptureImportJob(List<Path> files, Map<String, String> drivers, CaptureImport.Monitor observer) {
        super(NLS.bind(Messages.Import_job, String.join(", ", files.stream().map(p -> p.getFileName().toString())
                .toList())));
        this.files = List.copyOf(files);
        this.drivers = Map.copyOf(drivers);
        this.observer = observer;
        setUser(true);
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), TICKS);
        int[] ticks = { 0 };
        try {
            ImportedCapture c = CaptureImport.importFiles(files, drivers, new CaptureImport.Monitor() {
                @Override
                public boolean isCanceled() {
                    return monitor.isCanceled() || observer.isCanceled();
                }

                @Override
                public void progress(long done, long total, Path file) {
                    int t = total <= 0 ? 0 : (int) Math.min(TICKS, done * TICKS / total);
                    if (t > ticks[0]) {
                        monitor.worked(t - ticks[0]);
                        ticks[0] = t;
                    }
                    monitor.subTask(NLS.bind(Messages.Import_progress, new Object[] { file.getFileName(),
                            done >> 20, total >> 20 }));
                    observer.progress(done, total, file);
                }
            });
            result = c;
            Display d = PlatformUI.getWorkbench().getDisplay();
            d.asyncExec(() -> {
                source = EmulationContext.getDefault().addCapture(c);
                try {
                    var w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
                    if (w != null) {
                        w.getActivePage().showView(DmaWorkbenchUi.DMA_API_VIEW_ID);
                    }
                } catch (PartInitException e) {
                    // the view cannot open: the capture is still a source of the context
                }
            });
            return Status.OK_STATUS;
        } catch (CancellationException e) {
            return Status.CANCEL_STATUS;
        } catch (CaptureImport.CaptureException e) {
            return Status.error(e.getMessage());
        } catch (IOException e) {
            return Status.error(NLS.bind(Messages.Import_ioError, e.getMessage()));
        } finally {
            monitor.done();
        }
    }

    /** The imported capture once the job has finished well, else null. */
    public ImportedCapture result() {
        return result;
    }

    /** The source it became in the context (set on the UI thread after the job), else null. */
    public LiveSource source() {
        return source;
    }

    /** Schedules an import and shows its progress dialog (with Run in Background and Cancel). */
    public static CaptureImportJob start(List<Path> files, Map<String, String> drivers) {
        CaptureImportJob job = new CaptureImportJob(files, drivers);
        job.schedule();
        var w = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (w != null) {
            PlatformUI.getWorkbench().getProgressService().showInDialog(w.getShell(), job);
        }
        return job;
    }
}
