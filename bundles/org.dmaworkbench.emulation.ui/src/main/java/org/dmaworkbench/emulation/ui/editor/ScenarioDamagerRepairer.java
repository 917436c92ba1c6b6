package org.dmaworkbench.emulation.ui.editor;

import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITypedRegion;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;

/**
 * Repaints the changed lines, or everything after them when a brace may have come or gone (text with a brace
 * typed, or any deletion): a brace opens or closes a client block, which changes whether later words are keys.
 */
final class ScenarioDamagerRepairer extends DefaultDamagerRepairer {

    ScenarioDamagerRepairer() {
        super(new ScenarioScanner());
    }

    @Override
    public IRegion getDamageRegion(ITypedRegion partition, DocumentEvent e, boolean documentPartitioningChanged) {
        IRegion lines = super.getDamageRegion(partition, e, documentPartitioningChanged);
        boolean braceAdded = e.getText() != null && (e.getText().indexOf('{') >= 0 || e.getText().indexOf('}') >= 0);
        // the replaced text is gone from the document by now; a brace removal shows as the event's length only
        if (braceAdded || e.getLength() > 0) {
            int start = lines.getOffset();
            return new Region(start, e.getDocument().getLength() - start);
        }
        return lines;
    }
}
