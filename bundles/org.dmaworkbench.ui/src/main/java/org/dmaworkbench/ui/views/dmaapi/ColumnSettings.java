package org.dmaworkbench.ui.views.dmaapi;

import org.eclipse.jface.dialogs.IDialogSettings;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.FrameworkUtil;

/**
 * Keeps the order, widths and visibility of the DMA-API view's mapping columns in the bundle's dialog settings, so
 * they survive closing the view and restarting the IDE.
 */
public final class ColumnSettings {
    private static final String SECTION = "DmaApiView.columns";

    private ColumnSettings() {
    }

    private static IDialogSettings section(boolean create) {
        IDialogSettings all = PlatformUI.getDialogSettingsProvider(FrameworkUtil.getBundle(ColumnSettings.class))
                .getDialogSettings();
        IDialogSettings s = all.getSection(SECTION);
        return s == null && create ? all.addNewSection(SECTION) : s;
    }

    /** Applies what was kept (nothing when the columns changed since). */
    public static void restore(VirtualTable t) {
        IDialogSettings s = section(false);
        int n = t.columnCount();
        if (s == null || s.getInt("count") != n) {
            applyDefaults(t);
            return;
        }
        try {
            for (int i = 0; i < n; i++) {
                t.setColumnWidth(i, s.getInt("width." + i), s.getBoolean("visible." + i));
            }
            String[] o = s.get("order").split(",");
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = Integer.parseInt(o[i]);
            }
            t.setColumnOrder(order);
        } catch (RuntimeException e) {
            applyDefaults(t);
        }
    }

    /** Keeps the columns as they are now. */
    public static void save(VirtualTable t) {
        IDialogSettings s = section(true);
        int n = t.columnCount();
        s.put("count", n);
        StringBuilder order = new StringBuilder();
        for (int i : t.columnOrder()) {
            order.append(order.length() == 0 ? "" : ",").append(i);
        }
        s.put("order", order.toString());
        for (int i = 0; i < n; i++) {
            s.put("width." + i, t.columnWidth(i));
            s.put("visible." + i, t.isColumnVisible(i));
        }
    }

    /** Back to the default columns. */
    public static void reset(VirtualTable t) {
        applyDefaults(t);
        save(t);
    }

    private static void applyDefaults(VirtualTable t) {
        MappingColumns[] cols = MappingColumns.values();
        int[] order = new int[cols.length];
        for (int i = 0; i < cols.length; i++) {
            t.setColumnWidth(i, cols[i].width, cols[i].visibleByDefault);
            order[i] = i;
        }
        t.setColumnOrder(order);
    }
}
