package org.dmaworkbench.devicetree.ui.internal.handlers;

import java.util.List;

import org.dmaworkbench.devicetree.lang.Location;
import org.dmaworkbench.devicetree.lang.Navigator;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.devicetree.ui.internal.editor.Navigation;
import org.eclipse.jface.text.ITextSelection;

/** F3: to the definition of what is under the caret (the first one, when there are several). */
public final class OpenDeclarationHandler extends EditorHandler {
    @Override
    void run(DtsEditor editor, ITextSelection s) {
        List<Location> d = Navigator.definitions(editor.analysis().forCurrentText(), s.getOffset());
        if (d.isEmpty()) {
            editor.getEditorSite().getActionBars().getStatusLineManager().setErrorMessage(
                    org.dmaworkbench.devicetree.ui.internal.Messages.Navigate_nothing);
            return;
        }
        Navigation.open(d.get(0));
    }
}
