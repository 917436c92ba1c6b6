package org.dmaworkbench.ui.views.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.dmaworkbench.emulation.inspect.IovaSpaceMap;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/**
 * The IOVA space of a domain as a strip: translated ranges coloured by the device whose mapping accounts for them,
 * ranges no mapping accounts for in red, free space grey; zoom with the wheel (around the pointer), pan by dragging,
 * Home for the whole window. A click selects the segment under the pointer.
 */
final class IovaStrip extends Canvas {
    static final RGB[] PALETTE = { new RGB(66, 133, 244), new RGB(52, 168, 83), new RGB(251, 188, 5),
            new RGB(171, 71, 188), new RGB(0, 172, 193), new RGB(255, 112, 67), new RGB(121, 85, 72),
            new RGB(124, 179, 66) };
    private static final int BAR_TOP = 4;
    private static final int BAR_H = 26;

    private IovaSpaceMap map;
    private List<String> devices = List.of();
    private long viewStart;
    private long viewSize;
    private long highlightIova = -1;
    private long highlightSize;
    private int dragX = -1;
    private long dragStart;
    private boolean dragged;
    private Consumer<IovaSpaceMap.Segment> onSelect = s -> { };
    private final List<Color> colors = new ArrayList<>();

    IovaStrip(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        for (RGB rgb : PALETTE) {
            colors.add(new Color(rgb));
        }
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseVerticalWheel, e -> zoom(e.x, e.count > 0 ? 0.5 : 2.0));
        addListener(SWT.MouseDown, e -> {
            dragX = e.x;
            dragStart = viewStart;
            dragged = false;
        });
        addListener(SWT.MouseMove, e -> {
            if (dragX >= 0 && (e.stateMask & SWT.BUTTON1) != 0 && map != null) {
                int w = Math.max(1, getClientArea().width);
                long delta = (long) ((double) (dragX - e.x) / w * viewSize);
                dragged |= Math.abs(dragX - e.x) > 2;
                setView(dragStart + delta, viewSize);
            } else {
                IovaSpaceMap.Segment s = segmentAt(e.x);
                setToolTipText(s == null ? null : describe(s));
            }
        });
        addListener(SWT.MouseUp, e -> {
            if (!dragged && map != null) {
                IovaSpaceMap.Segment s = segmentAt(e.x);
                if (s != null) {
                    onSelect.accept(s);
                }
            }
            dragX = -1;
        });
        addListener(SWT.KeyDown, e -> {
            if (e.keyCode == SWT.HOME) {
                reset();
            } else if (e.character == '+' || e.character == '=') {
                zoom(getClientArea().width / 2, 0.5);
            } else if (e.character == '-') {
                zoom(getClientArea().width / 2, 2.0);
            }
        });
        addDisposeListener(e -> colors.forEach(Color::dispose));
    }

    void onSelect(Consumer<IovaSpaceMap.Segment> c) {
        onSelect = c;
    }

    static String describe(IovaSpaceMap.Segment s) {
        String what = switch (s.kind()) {
            case MAPPED -> Messages.IommuView_stripMapped + " " + s.device();
            case UNACCOUNTED -> Messages.IommuView_stripUnaccounted;
            default -> Messages.IommuView_stripFree;
        };
        return String.format("0x%x..0x%x (%s): %s", s.iova(), s.end() - 1,
                org.dmaworkbench.hw.iommu.pgtable.PteDecoder.size(s.size()), what);
    }

    void setMap(IovaSpaceMap m, List<String> devs) {
        boolean sameWindow = map != null && m != null && map.start() == m.start() && map.size() == m.size();
        map = m;
        devices = devs;
        if (!sameWindow) {
            reset();
        }
        redraw();
    }

    void reset() {
        if (map != null) {
            viewStart = map.start();
            viewSize = map.size();
        }
        redraw();
    }

    void highlight(long iova, long size) {
        highlightIova = iova;
        highlightSize = size;
        redraw();
    }

    /** Shows {@code [iova, iova + size)} with some room around it. */
    void zoomTo(long iova, long size) {
        long room = Math.max(size * 8, 64 * 4096L);
        setView(iova + size / 2 - room / 2, room);
    }

    private void zoom(int x, double factor) {
        if (map == null) {
            return;
        }
        int w = Math.max(1, getClientArea().width);
        long at = viewStart + (long) ((double) x / w * viewSize);
        long size = Math.max(4096L * 16, Math.min(map.size(), (long) (viewSize * factor)));
        setView(at - (long) ((double) x / w * size), size);
    }

    private void setView(long start, long size) {
        viewSize = Math.min(size, map.size());
        viewStart = Math.max(map.start(), Math.min(start, map.start() + map.size() - viewSize));
        redraw();
    }

    long viewStart() {
        return viewStart;
    }

    long viewSize() {
        return viewSize;
    }

    IovaSpaceMap.Segment segmentAt(int x) {
        if (map == null) {
            return null;
        }
        int w = Math.max(1, getClientArea().width);
        return map.at(viewStart + (long) ((double) x / w * viewSize));
    }

    Color colorOf(String device) {
        int i = devices.indexOf(device);
        return colors.get(Math.max(0, i) % colors.size());
    }

    private void paint(GC gc) {
        Rectangle r = getClientArea();
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(r);
        if (map == null || r.width <= 0) {
            return;
        }
        double perPx = (double) viewSize / r.width;
        Color free = getDisplay().getSystemColor(SWT.COLOR_WIDGET_LIGHT_SHADOW);
        gc.setBackground(free);
        gc.fillRectangle(0, BAR_TOP, r.width, BAR_H);
        Color red = getDisplay().getSystemColor(SWT.COLOR_RED);
        long viewEnd = viewStart + viewSize;
        // segments are sorted: draw those in the window, at least one pixel wide so single pages stay visible
        for (IovaSpaceMap.Segment s : map.segments()) {
            if (s.end() <= viewStart || s.iova() >= viewEnd || s.kind() == IovaSpaceMap.Kind.FREE) {
                continue;
            }
            int x0 = (int) ((Math.max(s.iova(), viewStart) - viewStart) / perPx);
            int x1 = (int) Math.ceil((Math.min(s.end(), viewEnd) - viewStart) / perPx);
            gc.setBackground(s.kind() == IovaSpaceMap.Kind.UNACCOUNTED ? red : colorOf(s.device()));
            gc.fillRectangle(x0, BAR_TOP, Math.max(1, x1 - x0), BAR_H);
        }
        if (highlightIova >= 0 && highlightIova < viewEnd && highlightIova + highlightSize > viewStart) {
            int x0 = (int) ((Math.max(highlightIova, viewStart) - viewStart) / perPx);
            int x1 = (int) Math.ceil((Math.min(highlightIova + highlightSize, viewEnd) - viewStart) / perPx);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.setLineWidth(2);
            gc.drawRectangle(x0 - 1, BAR_TOP - 2, Math.max(3, x1 - x0 + 2), BAR_H + 4);
            gc.setLineWidth(1);
        }
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        int y = BAR_TOP + BAR_H + 2;
        String left = String.format("0x%x", viewStart);
        String right = String.format("0x%x", viewEnd - 1);
        String mid = org.dmaworkbench.hw.iommu.pgtable.PteDecoder.size(viewSize) + " " + Messages.IommuView_stripShown;
        gc.drawString(left, 2, y, true);
        Point rs = gc.stringExtent(right);
        gc.drawString(right, r.width - rs.x - 2, y, true);
        Point ms = gc.stringExtent(mid);
        gc.drawString(mid, (r.width - ms.x) / 2, y, true);
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        return new Point(wHint == SWT.DEFAULT ? 400 : wHint, BAR_TOP + BAR_H + 22);
    }
}
