package org.dmaworkbench.ui.views.timeline;

import java.nio.file.Path;

import org.dmaworkbench.emulation.inspect.Ns;
import org.dmaworkbench.emulation.inspect.TimelineLayout;
import org.dmaworkbench.emulation.inspect.TimelineSummary;
import org.dmaworkbench.emulation.live.Availability;
import org.dmaworkbench.emulation.live.LiveStateModel;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.ui.internal.ViewSelection;
import org.dmaworkbench.ui.selection.TimePoint;
import org.dmaworkbench.ui.views.source.ViewSource;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

/**
 * The transfer timeline: one lane per DMA channel and one per device for its mappings' lifetimes over virtual time,
 * drawn with SWT's GC ({@link TimelineCanvas}); zoom and pan with wheel, keys and drag; a click selects a time and
 * publishes a {@link TimePoint} (the DMA-API view shows what was live then), a drag selects a range with its
 * duration; Export as PNG in the view's toolbar. Follows the emulation context; the snapshot and the lane layout
 * are taken in a job, a redraw aggregates the runs in the window to the pixel ({@code TimelineBins}).
 */
public class TimelineView extends ViewPart {
    public static final String ID = "org.dmaworkbench.ui.views.timeline";
    public static final String HELP_CONTEXT = "org.dmaworkbench.ui.timeline_view";
    /** Timelines with at least this many runs are drawn zoomed out from a {@link TimelineSummary}. */
    static final int SUMMARY_FROM = 20_000;

    private ViewSource source;
    private Label status;
    private Label selectionLabel;
    private TimelineCanvas canvas;
    private LiveStateModel model;
    private LiveStateSnapshot snapshot;
    private boolean refreshing;
    private boolean refreshAgain;

    @Override
    public void createPartControl(Composite parent) {
        PlatformUI.getWorkbench().getHelpSystem().setHelp(parent, HELP_CONTEXT);
        Composite root = new Composite(parent, SWT.NONE);
        GridLayout gl = new GridLayout(1, false);
        gl.marginHeight = 2;
        root.setLayout(gl);
        status = new Label(root, SWT.WRAP);
        status.setText(Messages.TimelineView_noSession);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        canvas = new TimelineCanvas(root);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        selectionLabel = new Label(root, SWT.WRAP);
        selectionLabel.setText(Messages.TimelineView_hint);
        selectionLabel.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
        canvas.onTimeSelected(this::timeSelected);

        getSite().setSelectionProvider(new ViewSelection());
        Action export = new Action(Messages.TimelineView_export) {
            @Override
            public void run() {
                FileDialog d = new FileDialog(canvas.getShell(), SWT.SAVE);
                d.setFilterExtensions(new String[] { "*.png" });
                d.setFileName("timeline.png");
                d.setOverwrite(true);
                String f = d.open();
                if (f != null) {
                    exportPng(Path.of(f));
                }
            }
        };
        export.setToolTipText(Messages.TimelineView_exportTip);
        Action all = new Action(Messages.TimelineView_showAll) {
            @Override
            public void run() {
                canvas.showAll();
            }
        };
        getViewSite().getActionBars().getToolBarManager().add(all);
        getViewSite().getActionBars().getToolBarManager().add(export);

        source = new ViewSource();
        source.addListener(this::scheduleRefresh);
        scheduleRefresh();
    }

    private void timeSelected(long t) {
        if (model == null) {
            return;
        }
        long a = canvas.rangeStart();
        long b = canvas.rangeEnd();
        selectionLabel.setText(a >= 0 && b > a ? String.format(Messages.TimelineView_range, Ns.format(a), Ns.format(b),
                Ns.duration(b - a)) : String.format(Messages.TimelineView_time, Ns.format(t)));
        ISelection s = new StructuredSelection(new TimePoint(model, t));
        getSite().getSelectionProvider().setSelection(s);
    }

    private void scheduleRefresh() {
        if (canvas == null || canvas.isDisposed()) {
            return;
        }
        if (refreshing) {
            refreshAgain = true;
            return;
        }
        ViewSource.Current cur = source.current();
        if (cur == null) {
            model = null;
            snapshot = null;
            status.setText(Messages.TimelineView_noSession);
            canvas.clear();
            return;
        }
        refreshing = true;
        LiveStateModel m = cur.model();
        long last = m == model && snapshot != null ? snapshot.version() : -1;
        Display display = canvas.getDisplay();
        Job job = Job.create(Messages.TimelineView_job, (IProgressMonitor monitor) -> {
            LiveStateSnapshot s = m.snapshot();
            TimelineLayout layout = s.version() == last ? null : TimelineLayout.of(s);
            // the level-of-detail summary, for timelines a window pass would make slow to redraw
            TimelineSummary summary = layout == null || s.transfers().size() < SUMMARY_FROM ? null
                    : TimelineSummary.of(s.transfers(), layout.laneOfChannel(), layout.lanes().size(),
                            layout.startNs(), layout.endNs(), s.timeNs());
            display.asyncExec(() -> {
                refreshing = false;
                if (canvas.isDisposed()) {
                    return;
                }
                String label = cur.label() == null ? "" : cur.label();
                if (!s.has(Availability.TRANSFERS)) {
                    label += "\n" + Messages.TimelineView_noTransfers + " " + s.missing().get(Availability.TRANSFERS);
                }
                org.dmaworkbench.ui.internal.Labels.setText(status, label);
                if (layout != null) {
                    model = m;
                    snapshot = s;
                    canvas.setSnapshot(s, layout, summary);
                }
                if (refreshAgain) {
                    refreshAgain = false;
                    scheduleRefresh();
                }
            });
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    /** Shows {@code model} instead of the emulation context (null: follow it again). */
    public void show(LiveStateModel m, EmulationSession session, String label) {
        source.show(m, session, label);
    }

    public boolean isRefreshing() {
        return refreshing;
    }

    public LiveStateSnapshot snapshot() {
        return snapshot;
    }

    /** Saves what the timeline shows now as a PNG of the canvas's size. */
    public void exportPng(Path file) {
        Rectangle r = canvas.getClientArea();
        Image image = new Image(canvas.getDisplay(), Math.max(1, r.width), Math.max(1, r.height));
        GC gc = new GC(image);
        try {
            canvas.paint(gc, r.width, r.height);
        } finally {
            gc.dispose();
        }
        try {
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } finally {
            image.dispose();
        }
    }

    /** Shows {@code [fromNs, toNs)} (clamped to the data). */
    public void setWindow(long fromNs, long toNs) {
        canvas.setWindow(fromNs, toNs);
    }

    public void showAll() {
        canvas.showAll();
    }

    public long windowFrom() {
        return canvas.from();
    }

    public long windowTo() {
        return canvas.to();
    }

    /** Selects {@code t} as a click would (publishes a TimePoint). */
    public void selectTime(long t) {
        canvas.selectTime(t);
    }

    /** Selects a range as a drag would. */
    public void selectRange(long a, long b) {
        canvas.selectRange(a, b);
    }

    public String selectionText() {
        return selectionLabel.getText();
    }

    public String statusText() {
        return status.getText();
    }

    /** The hover text at a point of the canvas. */
    public String hoverAt(int x, int y) {
        return canvas.hover(x, y);
    }

    /** The x of time {@code t} and the y of the middle of lane {@code lane} on the canvas. */
    public int[] pointOf(long t, int lane) {
        int w = Math.max(1, canvas.getClientArea().width - TimelineCanvas.HEADER_W);
        int x = TimelineCanvas.HEADER_W + (int) Math.round((double) (t - canvas.from()) / (canvas.to() - canvas.from()) * w);
        return new int[] { x, TimelineCanvas.RULER_H + lane * TimelineCanvas.LANE_H + TimelineCanvas.LANE_H / 2 };
    }

    /**
     * Redraws now, waiting for the paint (GTK paints on its frame clock, not in {@code update()}), and returns how
     * long the paint took, in ms; -1 when no paint came within 10 s.
     */
    public double redrawNow() {
        long before = canvas.paints();
        canvas.redraw();
        canvas.update();
        Display d = canvas.getDisplay();
        long deadline = System.nanoTime() + 10_000_000_000L;
        boolean[] tick = new boolean[1];
        while (canvas.paints() == before && System.nanoTime() < deadline) {
            if (!d.readAndDispatch()) {
                tick[0] = false;
                d.timerExec(5, () -> tick[0] = true);
                while (!tick[0] && canvas.paints() == before && !d.readAndDispatch()) {
                    d.sleep();
                }
            }
        }
        return canvas.paints() == before ? -1 : canvas.lastPaintMs();
    }

    /** Paints the timeline into an off-screen image of {@code w} x {@code h} and returns the time it took, in ms. */
    public double paintOffscreen(int w, int h) {
        Image image = new Image(canvas.getDisplay(), w, h);
        GC gc = new GC(image);
        try {
            long t0 = System.nanoTime();
            canvas.paint(gc, w, h);
            return (System.nanoTime() - t0) / 1e6;
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }

    @Override
    public void dispose() {
        if (source != null) {
            source.dispose();
        }
        super.dispose();
    }
}
