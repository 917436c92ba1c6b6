package org.dmaworkbench.ui.internal;

import java.util.Objects;

import org.eclipse.swt.widgets.Label;

/** Status lines of the DMA views, which refresh several times a second while an emulation runs. */
public final class Labels {

    private Labels() {
    }

    /**
     * Shows {@code text} in {@code label} and lays its parent out again, only when the text changed: a layout of a
     * view's composite costs milliseconds of UI thread on GTK, and most refreshes leave the status as it was.
     *
     * @return whether the text changed
     */
    public static boolean setText(Label label, String text) {
        String t = text == null ? "" : text;
        if (label.isDisposed() || Objects.equals(label.getText(), t)) {
            return false;
        }
        label.setText(t);
        label.getParent().layout();
        return true;
    }
}
