package org.dmaworkbench.ui.views.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import org.dmaworkbench.emulation.inspect.Ns;
import org.dmaworkbench.emulation.inspect.TimelineBins;
import org.dmaworkbench.emulation.inspect.TimelineLayout;
import org.dmaworkbench.emulation.inspect.TransferDetails;
import org.dmaworkbench.emulation.live.Availability;
import org.dmaworkbench.emulation.live.LiveStateSnapshot;
import org.dmaworkbench.emulation.live.MappingHistory;
import org.dmaworkbench.emulation.live.TransferStatus;
import org.dmaworkbench.emulation.live.TransferTimeline;
import org.dmaworkbench.kernel.dmaengine.DmaTransferDirection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

/**
 * Draws the transfer timeline with SWT's GC: a time ruler, one lane per DMA channel (runs as bars coloured by
 * client, dark for memory to device, light for device to memory, red outline for runs that ended with an error) and
 * one per device for its mappings' lifetimes, dma-debug errors and IOMMU faults as markers, the selected time and
 * range. What a lane draws comes from {@link TimelineBins}: each run as its own bar when the window holds few,
 * else one bar per pixel column with the column's busy fraction, so a redraw costs one pass over the runs in the
 * window. Wheel or +/- zooms around the pointer, drag on the ruler (or with the middle button) pans, arrow keys
 * pan, Home shows everything; a click selects a time, a drag selects a range.
 */
final class TimelineCanvas extends Canvas {
    static final int HEADER_W = 280;
    static final int RULER_H = 26;
    static final int LANE_H = 24;
    private static final RGB[] PALETTE = { new RGB(66, 133, 244), new RGB(52, 168, 83), new RGB(171, 71, 188),
            new RGB(0, 150, 170), new RGB(230, 124, 30), new RGB(121, 85, 72), new RGB(124, 179, 66),
            new RGB(233, 30, 99) };

    private LiveStateSnapshot snapshot;
    private TimelineLayout layout;
    private org.dmaworkbench.emulation.inspect.TimelineSummary summary;
    private long from;
    private long to = 1;
    private boolean followEnd = true;
    private long cursor = -1;
    private long rangeA = -1;
    private long rangeB = -1;
    private int laneOffset;
    private int dragX = -1;
    private int dragButton;
    private long dragFrom;
    private boolean dragged;
    private LongConsumer onTime = t -> { };
    private final Map<String, Color> clientColors = new HashMap<>();
    private final Map<String, Color> lightColors = new HashMap<>();
    private final List<Color> owned = new ArrayList<>();
    /** the last paint's duration in ms (for the figures) and the number of paints */
    private double lastPaintMs;
    private long paints;
    /** the last paint's bins, for hover */
    private TimelineBins.Lane[] lastChannelBins;
    private TimelineBins.Lane[] lastMappingBins;
    private int lastPlotW;

    TimelineCanvas(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED | SWT.V_SCROLL | SWT.NO_BACKGROUND);
        addPaintListener(e -> {
            long t0 = System.nanoTime();
            Rectangle r = getClientArea();
            paint(e.gc, r.width, r.height);
            lastPaintMs = (System.nanoTime() - t0) / 1e6;
            paints++;
        });
        addListener(SWT.MouseVerticalWheel, this::wheel);
        addListener(SWT.MouseDown, this::down);
        addListener(SWT.MouseMove, this::move);
        addListener(SWT.MouseUp, this::up);
        addListener(SWT.KeyDown, this::key);
        addListener(SWT.Resize, e -> updateScroll());
        ScrollBar v = getVerticalBar();
        v.addListener(SWT.Selection, e -> {
            laneOffset = v.getSelection();
            redraw();
        });
        addDisposeListener(e -> owned.forEach(Color::dispose));
    }

    void onTimeSelected(LongConsumer c) {
        onTime = c;
    }

    void setSnapshot(LiveStateSnapshot s, TimelineLayout l, org.dmaworkbench.emulation.inspect.TimelineSummary sum) {
        boolean first = layout == null;
        snapshot = s;
        layout = l;
        summary = sum;
        lastChannelBins = null; // hover waits for a paint of the new snapshot
        lastMappingBins = null;
        if (first || followEnd) {
            from = l.startNs();
            to = l.endNs();
        }
        updateScroll();
        redraw();
    }

    void clear() {
        snapshot = null;
        layout = null;
        redraw();
    }

    private void updateScroll() {
        ScrollBar v = getVerticalBar();
        int lanes = layout == null ? 0 : layout.lanes().size();
        int visible = Math.max(1, (getClientArea().height - RULER_H) / LANE_H);
        v.setValues(Math.min(laneOffset, Math.max(0, lanes - visible)), 0, Math.max(lanes, 1), visible, 1, visible);
        laneOffset = v.getSelection();
    }

    // ------------------------------------------------------------------------------------ window

    long from() {
        return from;
    }

    long to() {
        return to;
    }

    void setWindow(long a, long b) {
        if (layout == null) {
            return;
        }
        long span = Math.max(10, b - a);
        long min = layout.startNs();
        long max = layout.endNs();
        long total = Math.max(10, max - min);
        span = Math.min(span, total);
        a = Math.max(min, Math.min(a, max - span));
        from = a;
        to = a + span;
        followEnd = from == min && to == max;
        redraw();
    }

    void showAll() {
        if (layout != null) {
            setWindow(layout.startNs(), layout.endNs());
        }
    }

    void zoom(int x, double factor) {
        int w = Math.max(1, getClientArea().width - HEADER_W);
        double rel = Math.max(0, Math.min(1, (double) (x - HEADER_W) / w));
        long at = from + (long) (rel * (to - from));
        long span = (long) Math.max(10, (to - from) * factor);
        setWindow(at - (long) (rel * span), at - (long) (rel * span) + span);
    }

    long timeAt(int x) {
        int w = Math.max(1, getClientArea().width - HEADER_W);
        return from + (long) ((double) (x - HEADER_W) / w * (to - from));
    }

    private int xOf(long t, int plotW) {
        return HEADER_W + (int) Math.round((double) (t - from) / (to - from) * plotW);
    }

    long cursor() {
        return cursor;
    }

    long rangeStart() {
        return Math.min(rangeA, rangeB);
    }

    long rangeEnd() {
        return Math.max(rangeA, rangeB);
    }

    void selectTime(long t) {
        cursor = t;
        rangeA = rangeB = -1;
        redraw();
        onTime.accept(t);
    }

    void selectRange(long a, long b) {
        rangeA = a;
        rangeB = b;
        cursor = Math.min(a, b);
        redraw();
        onTime.accept(cursor);
    }

    double lastPaintMs() {
        return lastPaintMs;
    }

    long paints() {
        return paints;
    }

    // ------------------------------------------------------------------------------------ input

    private void wheel(Event e) {
        zoom(e.x, e.count > 0 ? 0.8 : 1.25);
        e.doit = false;
    }

    private void down(Event e) {
        setFocus();
        downY = e.y;
        dragX = e.x;
        dragButton = e.button;
        dragFrom = from;
        dragged = false;
    }

    private boolean panning(Event e) {
        return dragButton == 2 || dragY() < RULER_H || (e.stateMask & SWT.CTRL) != 0;
    }

    private int downY;

    private int dragY() {
        return downY;
    }

    private void move(Event e) {
        if (dragX >= 0 && (e.stateMask & (SWT.BUTTON1 | SWT.BUTTON2)) != 0 && layout != null) {
            dragged |= Math.abs(e.x - dragX) > 3;
            if (!dragged) {
                return;
            }
            if (panning(e)) {
                int w = Math.max(1, getClientArea().width - HEADER_W);
                long delta = (long) ((double) (dragX - e.x) / w * (to - from));
                long span = to - from;
                setWindow(dragFrom + delta, dragFrom + delta + span);
            } else {
                rangeA = timeAt(dragX);
                rangeB = timeAt(e.x);
                redraw();
            }
            return;
        }
        setToolTipText(hover(e.x, e.y));
    }

    private void up(Event e) {
        if (dragX >= 0 && layout != null) {
            if (!dragged && e.x > HEADER_W && e.button == 1) {
                selectTime(timeAt(e.x));
            } else if (dragged && rangeA >= 0 && !panning(e)) {
                selectRange(rangeA, rangeB);
            }
        }
        dragX = -1;
    }

    private void key(Event e) {
        long span = to - from;
        switch (e.keyCode) {
            case SWT.ARROW_LEFT -> setWindow(from - span / 5, to - span / 5);
            case SWT.ARROW_RIGHT -> setWindow(from + span / 5, to + span / 5);
            case SWT.HOME -> showAll();
            case SWT.ARROW_UP, SWT.KEYPAD_ADD -> zoom(HEADER_W + (getClientArea().width - HEADER_W) / 2, 0.5);
            case SWT.ARROW_DOWN, SWT.KEYPAD_SUBTRACT -> zoom(HEADER_W + (getClientArea().width - HEADER_W) / 2, 2);
            default -> {
                if (e.character == '+' || e.character == '=') {
                    zoom(HEADER_W + (getClientArea().width - HEADER_W) / 2, 0.5);
                } else if (e.character == '-') {
                    zoom(HEADER_W + (getClientArea().width - HEADER_W) / 2, 2);
                }
            }
        }
    }

    /** The hover text at (x, y): the run under the pointer with its details, or the lane's summary. */
    String hover(int x, int y) {
        if (layout == null || x < HEADER_W || y < RULER_H || lastChannelBins == null) {
            return null;
        }
        int lane = laneOffset + (y - RULER_H) / LANE_H;
        if (lane >= layout.lanes().size()) {
            return null;
        }
        TimelineLayout.Lane l = layout.lanes().get(lane);
        int col = Math.max(0, Math.min(lastPlotW - 1, x - HEADER_W));
        long t = timeAt(x);
        if (l.kind() == TimelineLayout.LaneKind.CHANNEL) {
            TimelineBins.Lane b = lastChannelBins[lane];
            TransferTimeline tl = snapshot.transfers();
            int row = -1;
            if (b.rows() != null) {
                long slack = (long) ((double) (to - from) / Math.max(1, lastPlotW) * 2);
                for (int r : b.rows()) {
                    long e = tl.endNs(r) < 0 ? snapshot.timeNs() : tl.endNs(r);
                    if (tl.startNs(r) - slack <= t && t <= e + slack) {
                        row = r;
                        break;
                    }
                }
            } else if (col < b.dominant().length) {
                row = b.dominant()[col];
            }
            if (row < 0 || row >= tl.size()) {
                return l.label();
            }
            String head = b.rows() == null ? String.format(Messages.TimelineView_aggregated, b.count()[col]) + "\n" : "";
            return head + String.join("\n", TransferDetails.describe(snapshot, row));
        }
        TimelineBins.Lane b = lastMappingBins == null ? null : lastMappingBins[lane];
        if (b == null || col >= b.count().length) {
            return l.label();
        }
        MappingHistory h = snapshot.history();
        int row = b.dominant()[col];
        if (row < 0) {
            return l.label() + ": " + Messages.TimelineView_noMapping;
        }
        return String.format(Messages.TimelineView_mappingHover, l.name(), b.count()[col], h.id(row),
                h.typeName(row), h.dmaAddr(row), h.size(row), h.direction(row).kernelName(),
                Ns.format(h.mapTimeNs(row)), h.isLive(row) ? "live" : Ns.format(h.unmapTimeNs(row)));
    }

    // ------------------------------------------------------------------------------------ paint

    private Color color(RGB rgb) {
        Color c = new Color(rgb);
        owned.add(c);
        return c;
    }

    private Color clientColor(String client, boolean light) {
        Color dark = clientColors.get(client);
        if (dark == null) {
            dark = color(PALETTE[clientColors.size() % PALETTE.length]);
            clientColors.put(client, dark);
            RGB b = dark.getRGB();
            lightColors.put(client, color(new RGB((b.red + 2 * 255) / 3, (b.green + 2 * 255) / 3,
                    (b.blue + 2 * 255) / 3)));
        }
        return light ? lightColors.get(client) : dark;
    }

    /** Paints everything into {@code gc} for a {@code width} x {@code height} area (also used by Export as PNG). */
    void paint(GC gc, int width, int height) {
        var d = getDisplay();
        gc.setBackground(d.getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(0, 0, width, height);
        gc.setForeground(d.getSystemColor(SWT.COLOR_LIST_FOREGROUND));
        if (layout == null || snapshot == null) {
            gc.drawString(Messages.TimelineView_nothing, 8, 8, true);
            return;
        }
        int plotW = Math.max(1, width - HEADER_W);
        lastPlotW = plotW;
        List<TimelineLayout.Lane> lanes = layout.lanes();
        // bins for the whole window: one pass over the runs and one over the mappings in it
        // level of detail: wide windows from the per-snapshot summary, narrow ones from the runs in them
        lastChannelBins = summary != null && summary.covers(from, to, plotW) ? summary.bins(from, to, plotW)
                : TimelineBins.transfers(snapshot.transfers(), layout.laneOfChannel(), lanes.size(), from, to,
                        snapshot.timeNs(), plotW);
        if (snapshot.has(Availability.MAPPINGS) && layout.channelLanes() < lanes.size()) {
            Map<String, Integer> laneOfDevice = new HashMap<>();
            for (int i = layout.channelLanes(); i < lanes.size(); i++) {
                laneOfDevice.put(lanes.get(i).name(), i);
            }
            lastMappingBins = TimelineBins.mappings(snapshot.history(), dev -> laneOfDevice.getOrDefault(dev, -1),
                    lanes.size(), from, to, snapshot.timeNs(), plotW);
        } else {
            lastMappingBins = null;
        }
        Color grid = d.getSystemColor(SWT.COLOR_WIDGET_LIGHT_SHADOW);
        Color red = d.getSystemColor(SWT.COLOR_RED);
        // lanes
        for (int li = laneOffset; li < lanes.size(); li++) {
            int y = RULER_H + (li - laneOffset) * LANE_H;
            if (y > height) {
                break;
            }
            TimelineLayout.Lane lane = lanes.get(li);
            if ((li & 1) == 1) {
                gc.setBackground(d.getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
                gc.fillRectangle(0, y, width, LANE_H);
            }
            gc.setForeground(d.getSystemColor(SWT.COLOR_LIST_FOREGROUND));
            // compact: "e6700000 ch1 <- e6e60000.serial" (the full name is in the hover)
            String label = lane.label().replace(".dma-controller.ch", " ch");
            while (label.length() > 4 && gc.stringExtent(label).x > HEADER_W - 8) {
                label = label.substring(0, label.length() - 2);
            }
            gc.drawString(label, 4, y + 4, true);
            if (lane.kind() == TimelineLayout.LaneKind.CHANNEL) {
                drawChannel(gc, lastChannelBins[li], y, plotW, red);
            } else if (lastMappingBins != null) {
                drawMappings(gc, lastMappingBins[li], y, plotW, lane.name());
            }
            gc.setForeground(grid);
            gc.drawLine(0, y + LANE_H - 1, width, y + LANE_H - 1);
        }
        // markers
        for (TimelineLayout.Marker m : layout.markers()) {
            if (m.timeNs() < from || m.timeNs() > to) {
                continue;
            }
            int x = xOf(m.timeNs(), plotW);
            int y = m.lane() < 0 ? RULER_H : RULER_H + (m.lane() - laneOffset) * LANE_H;
            if (m.lane() >= 0 && m.lane() < laneOffset) {
                continue;
            }
            gc.setBackground(m.kind() == TimelineLayout.MarkerKind.IOMMU_FAULT
                    ? d.getSystemColor(SWT.COLOR_DARK_YELLOW) : red);
            gc.fillPolygon(new int[] { x - 5, y, x + 5, y, x, y + 9 });
            if (m.lane() < 0) {
                gc.setForeground(red);
                gc.drawLine(x, RULER_H, x, height);
            }
        }
        // selected range and time
        if (rangeA >= 0 && rangeB >= 0 && rangeA != rangeB) {
            int x0 = xOf(Math.min(rangeA, rangeB), plotW);
            int x1 = xOf(Math.max(rangeA, rangeB), plotW);
            gc.setAlpha(60);
            gc.setBackground(d.getSystemColor(SWT.COLOR_LIST_SELECTION));
            gc.fillRectangle(x0, RULER_H, Math.max(1, x1 - x0), height - RULER_H);
            gc.setAlpha(255);
            String dur = Ns.duration(Math.abs(rangeB - rangeA));
            Point p = gc.stringExtent(dur);
            gc.setBackground(d.getSystemColor(SWT.COLOR_INFO_BACKGROUND));
            gc.setForeground(d.getSystemColor(SWT.COLOR_INFO_FOREGROUND));
            gc.fillRectangle((x0 + x1 - p.x) / 2 - 3, RULER_H + 2, p.x + 6, p.y + 2);
            gc.drawString(dur, (x0 + x1 - p.x) / 2, RULER_H + 3, true);
        }
        if (cursor >= from && cursor <= to) {
            int x = xOf(cursor, plotW);
            gc.setForeground(d.getSystemColor(SWT.COLOR_BLACK));
            gc.setLineStyle(SWT.LINE_DASH);
            gc.drawLine(x, RULER_H, x, height);
            gc.setLineStyle(SWT.LINE_SOLID);
        }
        drawRuler(gc, width, plotW);
        gc.setForeground(grid);
        gc.drawLine(HEADER_W - 1, 0, HEADER_W - 1, height);
    }

    private void drawChannel(GC gc, TimelineBins.Lane b, int y, int plotW, Color red) {
        TransferTimeline tl = snapshot.transfers();
        int top = y + 3;
        int h = LANE_H - 7;
        if (b.rows() != null) {
            for (int r : b.rows()) {
                long s = tl.startNs(r);
                long e = tl.endNs(r) < 0 ? snapshot.timeNs() : tl.endNs(r);
                int x0 = Math.max(HEADER_W, xOf(s, plotW));
                int x1 = Math.min(HEADER_W + plotW, xOf(e, plotW));
                boolean light = tl.direction(r) == DmaTransferDirection.DEV_TO_MEM;
                gc.setBackground(clientColor(tl.client(r), light));
                gc.fillRectangle(x0, top, Math.max(1, x1 - x0), h);
                if (tl.status(r) == TransferStatus.ERROR) {
                    gc.setForeground(red);
                    gc.drawRectangle(x0, top, Math.max(1, x1 - x0), h);
                } else if (x1 - x0 > 6 && light) {
                    gc.setForeground(clientColor(tl.client(r), false));
                    gc.drawRectangle(x0, top, x1 - x0 - 1, h - 1);
                }
            }
            return;
        }
        for (int c = 0; c < b.busy().length; c++) {
            if (b.count()[c] == 0 && b.busy()[c] == 0) {
                continue;
            }
            int row = b.dominant()[c];
            boolean light = row >= 0 && tl.direction(row) == DmaTransferDirection.DEV_TO_MEM;
            gc.setForeground(b.error()[c] ? red : clientColor(row >= 0 ? tl.client(row) : "", light));
            int bh = Math.max(2, Math.round(b.busy()[c] * h));
            gc.drawLine(HEADER_W + c, top + h - bh, HEADER_W + c, top + h - 1);
        }
    }

    private void drawMappings(GC gc, TimelineBins.Lane b, int y, int plotW, String device) {
        MappingHistory hist = snapshot.history();
        int top = y + 3;
        int h = LANE_H - 7;
        Color c = clientColor(device, true);
        Color dark = clientColor(device, false);
        if (b.rows() != null && b.rows().length <= 200) {
            // each lifetime as a thin bar, stacked over the lane's height by row
            int n = b.rows().length;
            for (int k = 0; k < n; k++) {
                int r = b.rows()[k];
                long s = hist.mapTimeNs(r);
                long e = hist.isLive(r) ? snapshot.timeNs() : hist.unmapTimeNs(r);
                int x0 = Math.max(HEADER_W, xOf(Math.max(s, from), plotW));
                int x1 = Math.min(HEADER_W + plotW, xOf(Math.min(e, to), plotW));
                int yy = top + (n <= 1 ? 0 : k * (h - 3) / (n - 1));
                gc.setBackground(hist.isLive(r) ? dark : c);
                gc.fillRectangle(x0, yy, Math.max(1, x1 - x0), 3);
            }
            return;
        }
        float max = 1;
        for (float v : b.busy()) {
            max = Math.max(max, v);
        }
        gc.setForeground(dark);
        for (int col = 0; col < b.busy().length; col++) {
            if (b.count()[col] > 0) {
                int bh = Math.max(2, Math.round(b.busy()[col] / max * h));
                gc.drawLine(HEADER_W + col, top + h - bh, HEADER_W + col, top + h - 1);
            }
        }
    }

    private void drawRuler(GC gc, int width, int plotW) {
        var d = getDisplay();
        gc.setBackground(d.getSystemColor(SWT.COLOR_WIDGET_BACKGROUND));
        gc.fillRectangle(0, 0, width, RULER_H);
        gc.setForeground(d.getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
        gc.drawString(Ns.duration(to - from) + " " + Messages.TimelineView_shown, 4, 5, true);
        long span = Math.max(1, to - from);
        double target = span / Math.max(1.0, plotW / 110.0);
        long step = 1;
        while (step < target) {
            if (step * 2 >= target) {
                step *= 2;
                break;
            }
            if (step * 5 >= target) {
                step *= 5;
                break;
            }
            step *= 10;
        }
        long first = (from + step - 1) / step * step;
        for (long t = first; t <= to; t += step) {
            int x = xOf(t, plotW);
            gc.drawLine(x, RULER_H - 7, x, RULER_H - 1);
            String label = tick(t, step);
            Point p = gc.stringExtent(label);
            if (x + 2 + p.x < width) {
                gc.drawString(label, x + 2, 3, true);
            }
        }
        gc.drawLine(0, RULER_H - 1, width, RULER_H - 1);
    }

    /** A tick label in ms with as many decimals as the step needs. */
    static String tick(long t, long step) {
        int decimals = step >= 1_000_000 ? 0 : step >= 100_000 ? 1 : step >= 10_000 ? 2 : step >= 1_000 ? 3
                : step >= 100 ? 4 : step >= 10 ? 5 : 6;
        return String.format("%." + decimals + "f ms", t / 1e6);
    }
}
