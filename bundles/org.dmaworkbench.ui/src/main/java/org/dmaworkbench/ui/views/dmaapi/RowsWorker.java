package org.dmaworkbench.ui.views.dmaapi;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.MappingQuery;
import org.dmaworkbench.emulation.live.MappingRows;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;

/**
 * Computes the DMA-API view's rows off the UI thread: a fresh {@link MappingRows#build} when the source or the query
 * changes, else the live state's delta applied to the rows shown ({@link MappingRows#update}), and, while the source
 * runs, again every 50 ms at most (a build that took long waits twice as long), so the view refreshes at most
 * 20 times a second. Results are handed to the UI thread one at a time: a result the UI has not taken yet is
 * replaced by the newer one, so a busy emulation never queues work on the UI thread.
 */
final class RowsWorker {
    /** Shortest time between two refreshes of a running source: 20 a second. */
    static final long PERIOD_MS = 50;

    /** What the view wants shown. */
    record Request(LiveStateModel model, MappingQuery query, Set<String> collapsed, long[] selectedIds,
            boolean selectAll, boolean running, long generation) {
    }

    /** What the worker computed: the rows, and the display rows of the request's selected ids. */
    record Result(Request request, MappingRows rows, BitSet selectedRows, long computeNs) {
    }

    private final Display display;
    private final Consumer<Result> sink;
    private volatile Request request;
    private final AtomicReference<Result> pending = new AtomicReference<>();
    private MappingRows current;
    private LiveStateModel currentModel;
    private long lastGeneration = -1;
    private volatile boolean disposed;
    private final Job job;
    /** figures for tests: refreshes posted and UI hand-overs */
    private volatile long posted;

    RowsWorker(Display display, Consumer<Result> sink) {
        this.display = display;
        this.sink = sink;
        this.job = new Job(Messages.Worker_job) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                compute();
                return Status.OK_STATUS;
            }

            @Override
            public boolean belongsTo(Object family) {
                return family == RowsWorker.class;
            }
        };
        job.setSystem(true);
        job.setPriority(Job.SHORT);
    }

    /** Asks for rows; the newest request wins. */
    void request(Request r) {
        request = r;
        job.schedule();
    }

    void dispose() {
        disposed = true;
        job.cancel();
    }

    long posted() {
        return posted;
    }

    private void compute() {
        Request r = request;
        if (r == null || disposed) {
            return;
        }
        long t0 = System.nanoTime();
        MappingRows rows;
        if (r.model() == null) {
            rows = null;
        } else if (current != null && currentModel == r.model() && current.query().equals(r.query())) {
            rows = current.update(r.model().update(current.snapshot().version()));
            if (!rows.collapsed().equals(r.collapsed())) {
                rows = rows.withCollapsed(r.collapsed());
            }
        } else {
            rows = MappingRows.build(r.model().snapshot(), r.query(), r.collapsed());
        }
        long cost = System.nanoTime() - t0;
        boolean changed = rows != current || r.generation() != lastGeneration || r.model() != currentModel;
        current = rows;
        currentModel = r.model();
        lastGeneration = r.generation();
        if (changed) {
            BitSet sel = rows == null ? new BitSet() : resolve(rows, r);
            post(new Result(r, rows, sel, cost));
        }
        if (r.running() && !disposed && r == request) {
            job.schedule(Math.max(PERIOD_MS, 2 * cost / 1_000_000));
        }
    }

    /** The display rows of the request's selected ids, in one pass over the rows. */
    private static BitSet resolve(MappingRows rows, Request r) {
        BitSet sel = new BitSet();
        if (r.selectAll()) {
            sel.set(0, rows.size());
            return sel;
        }
        if (r.selectedIds().length == 0) {
            return sel;
        }
        if (r.selectedIds().length == 1) {
            int row = rows.displayRowOf(r.selectedIds()[0]);
            if (row >= 0) {
                sel.set(row);
            }
            return sel;
        }
        Map<Long, Boolean> want = new HashMap<>();
        for (long id : r.selectedIds()) {
            want.put(id, Boolean.TRUE);
        }
        for (int row = 0; row < rows.size(); row++) {
            long id = rows.id(row);
            if (id >= 0 && want.containsKey(id)) {
                sel.set(row);
            }
        }
        return sel;
    }

    private void post(Result res) {
        posted++;
        if (pending.getAndSet(res) == null && !display.isDisposed()) {
            display.asyncExec(() -> {
                Result latest = pending.getAndSet(null);
                if (latest != null && !disposed) {
                    sink.accept(latest);
                }
            });
        }
    }
}
