package org.dmaworkbench.devicetree.ui.internal.search;

import org.dmaworkbench.devicetree.ui.internal.DtsUiPlugin;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.osgi.util.NLS;
import org.eclipse.search.ui.ISearchQuery;
import org.eclipse.search.ui.text.AbstractTextSearchResult;
import org.eclipse.search.ui.text.IEditorMatchAdapter;
import org.eclipse.search.ui.text.IFileMatchAdapter;

/** The references found: a match per {@link Reference}. */
public final class ReferencesResult extends AbstractTextSearchResult {
    private final ReferencesQuery query;

    ReferencesResult(ReferencesQuery query) {
        this.query = query;
    }

    @Override
    public String getLabel() {
        return NLS.bind(Messages.References_result, new Object[] {query.query().display(), getMatchCount(),
            query.boardName()});
    }

    @Override
    public String getTooltip() {
        return getLabel();
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return DtsUiPlugin.getDefault().getImageRegistry().getDescriptor(DtsUiPlugin.IMG_DTS);
    }

    @Override
    public ISearchQuery getQuery() {
        return query;
    }

    @Override
    public IEditorMatchAdapter getEditorMatchAdapter() {
        return null;
    }

    @Override
    public IFileMatchAdapter getFileMatchAdapter() {
        return null;
    }
}
