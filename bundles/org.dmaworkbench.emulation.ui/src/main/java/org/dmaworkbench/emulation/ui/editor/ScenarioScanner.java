package org.dmaworkbench.emulation.ui.editor;

import java.util.List;

import org.dmaworkbench.emulation.scenario.ScenarioSyntax;
import org.dmaworkbench.emulation.scenario.ScenarioSyntax.Span;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension4;
import org.eclipse.jface.text.rules.IToken;
import org.eclipse.jface.text.rules.ITokenScanner;
import org.eclipse.jface.text.rules.Token;

/**
 * Colours a range of a scenario document from the core's {@link ScenarioSyntax#highlight} of the whole text
 * (whether a word is a key depends on the client block it is in, which the range alone does not show). The
 * highlight is computed once per document modification.
 */
final class ScenarioScanner implements ITokenScanner {
    private static final IToken PLAIN = new Token(null);

    private IDocument cachedDoc;
    private long cachedStamp = -1;
    private List<Span> spans = List.of();

    private int pos;
    private int end;
    private int index;
    private int tokenOffset;
    private int tokenLength;

    @Override
    public void setRange(IDocument document, int offset, int length) {
        long stamp = document instanceof IDocumentExtension4 d4 ? d4.getModificationStamp()
                : IDocumentExtension4.UNKNOWN_MODIFICATION_STAMP;
        if (document != cachedDoc || stamp != cachedStamp || stamp == IDocumentExtension4.UNKNOWN_MODIFICATION_STAMP) {
            spans = ScenarioSyntax.highlight(document.get());
            cachedDoc = document;
            cachedStamp = stamp;
        }
        pos = offset;
        end = offset + length;
        index = 0;
        while (index < spans.size() && spans.get(index).offset() + spans.get(index).length() <= offset) {
            index++;
        }
    }

    @Override
    public IToken nextToken() {
        if (pos >= end) {
            return Token.EOF;
        }
        tokenOffset = pos;
        if (index < spans.size()) {
            Span s = spans.get(index);
            if (s.offset() <= pos) {
                int e = Math.min(end, s.offset() + s.length());
                tokenLength = e - pos;
                pos = e;
                index++;
                return new Token(ScenarioColors.attribute(s.kind()));
            }
            int e = Math.min(end, s.offset());
            tokenLength = e - pos;
            pos = e;
            return PLAIN;
        }
        tokenLength = end - pos;
        pos = end;
        return PLAIN;
    }

    @Override
    public int getTokenOffset() {
        return tokenOffset;
    }

    @Override
    public int getTokenLength() {
        return tokenLength;
    }
}
