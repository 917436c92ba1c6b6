package org.dmaworkbench.emulation.ui.editor;

import java.util.EnumMap;
import java.util.Map;

import org.dmaworkbench.emulation.scenario.ScenarioSyntax.Kind;
import org.eclipse.jface.resource.ColorRegistry;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;

/**
 * How each kind of scenario text looks, close to what the Java and C editors use for the same roles (keywords
 * purple and bold, strings blue, comments green). Colours live in JFace's colour registry, which owns them.
 */
public final class ScenarioColors {
    private static final Map<Kind, TextAttribute> ATTRIBUTES = new EnumMap<>(Kind.class);

    private ScenarioColors() {
    }

    /** The text attribute of {@code kind}; null for plain text. Call on the UI thread. */
    public static synchronized TextAttribute attribute(Kind kind) {
        if (ATTRIBUTES.isEmpty()) {
            ColorRegistry r = JFaceResources.getColorRegistry();
            put(r, Kind.KEY, new RGB(127, 0, 85), SWT.BOLD);
            put(r, Kind.VALUE, new RGB(0, 0, 192), SWT.NORMAL);
            put(r, Kind.REFERENCE, new RGB(0, 128, 128), SWT.BOLD);
            put(r, Kind.PATH, new RGB(0, 128, 128), SWT.NORMAL);
            put(r, Kind.STRING, new RGB(42, 0, 255), SWT.NORMAL);
            put(r, Kind.NUMBER, new RGB(125, 80, 0), SWT.NORMAL);
            put(r, Kind.DURATION, new RGB(170, 80, 0), SWT.ITALIC);
            put(r, Kind.COMMENT, new RGB(63, 127, 95), SWT.ITALIC);
            put(r, Kind.BUG_NAME, new RGB(192, 0, 0), SWT.BOLD);
            put(r, Kind.OPERATOR, new RGB(80, 80, 80), SWT.NORMAL);
        }
        return ATTRIBUTES.get(kind);
    }

    private static void put(ColorRegistry r, Kind kind, RGB rgb, int style) {
        String key = "org.dmaworkbench.emulation.ui.scenario." + kind.name().toLowerCase();
        if (!r.hasValueFor(key)) {
            r.put(key, rgb);
        }
        ATTRIBUTES.put(kind, new TextAttribute(r.get(key), null, style));
    }
}
