package org.dmaworkbench.devicetree.ui.internal.search;

import java.util.List;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.References;
import org.dmaworkbench.devicetree.ui.internal.Messages;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.osgi.util.NLS;
import org.eclipse.search.ui.ISearchQuery;
import org.eclipse.search.ui.ISearchResult;
import org.eclipse.search.ui.text.Match;

/** Find References of a label or node over the files of the board it was asked on. */
public final class ReferencesQuery implements ISearchQuery {
    private final Analysis analysis;
    private final References.Query query;
    private final ReferencesResult result = new ReferencesResult(this);

    public ReferencesQuery(Analysis analysis, References.Query query) {
        this.analysis = analysis;
        this.query = query;
    }

    @Override
    public IStatus run(IProgressMonitor monitor) throws OperationCanceledException {
        result.removeAll();
        List<References.Match> found = References.find(analysis, query);
        for (References.Match m : found) {
            if (monitor.isCanceled()) {
                throw new OperationCanceledException();
            }
            Reference r = new Reference(m.location(), m.lineText(), m.definition());
            result.addMatch(new Match(r, m.location().offset(), m.location().length()));
        }
        return Status.OK_STATUS;
    }

    @Override
    public String getLabel() {
        return NLS.bind(Messages.References_label, query.display());
    }

    public References.Query query() {
        return query;
    }

    /** The board's name, for the result's label. */
    String boardName() {
        return (analysis.context().board() == null ? analysis.context().file() : analysis.context().board())
                .getFileName().toString();
    }

    @Override
    public boolean canRerun() {
        return false;
    }

    @Override
    public boolean canRunInBackground() {
        return true;
    }

    @Override
    public ISearchResult getSearchResult() {
        return result;
    }
}
