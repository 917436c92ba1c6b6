package org.dmaworkbench.launch.ui.internal;

import org.eclipse.debug.core.model.IProcess;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.debug.ui.console.ConsoleColorProvider;
import org.eclipse.debug.ui.console.IConsole;
import org.eclipse.swt.graphics.Color;
import org.eclipse.ui.console.IPatternMatchListener;
import org.eclipse.ui.console.PatternMatchEvent;
import org.eclipse.ui.console.TextConsole;

/**
 * Colours of an emulation's process console, the kernel log and the dma-debug reports, from the preferences; and,
 * when it connects, the pattern match listener that links each report's note to its scenario line, as JDT links
 * stack traces. (A {@code consolePatternMatchListeners} extension with a {@code processTypeTest} enablement was
 * tried first: in Eclipse 4.38 it never matched our process consoles, while the debug framework hands this provider
 * the console of every emulation process.)
 */
public class EmulationConsoleColorProvider extends ConsoleColorProvider {

    @Override
    public void connect(IProcess process, IConsole console) {
        super.connect(process, console);
        console.addPatternMatchListener(new IPatternMatchListener() {
            private final ScenarioLineLinks links = new ScenarioLineLinks();

            @Override
            public void connect(TextConsole c) {
                links.connect(c);
            }

            @Override
            public void disconnect() {
                links.disconnect();
            }

            @Override
            public void matchFound(PatternMatchEvent event) {
                links.matchFound(event);
            }

            @Override
            public String getPattern() {
                return ScenarioLineLinks.REGEX;
            }

            @Override
            public int getCompilerFlags() {
                return 0;
            }

            @Override
            public String getLineQualifier() {
                return ScenarioLineLinks.QUALIFIER;
            }
        });
    }

    @Override
    public Color getColor(String streamIdentifer) {
        if (IDebugUIConstants.ID_STANDARD_OUTPUT_STREAM.equals(streamIdentifer)) {
            return ConsoleColours.kernelLog();
        }
        if (IDebugUIConstants.ID_STANDARD_ERROR_STREAM.equals(streamIdentifer)) {
            return ConsoleColours.reports();
        }
        return super.getColor(streamIdentifer);
    }
}
