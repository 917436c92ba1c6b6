package org.dmaworkbench.launch.ui.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dmaworkbench.launch.ConsoleText;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.ui.console.IPatternMatchListenerDelegate;
import org.eclipse.ui.console.PatternMatchEvent;
import org.eclipse.ui.console.TextConsole;

/**
 * Links each report's note in an emulation's process console ({@code /p/uart.dmascn:9:13: note: reported for bug
 * uart0 = forget-mapping-error}) to that line of the scenario, as JDT links a stack trace's {@code (Foo.java:42)}.
 * Attached to each emulation's process console by {@link EmulationConsoleColorProvider}.
 */
public class ScenarioLineLinks implements IPatternMatchListenerDelegate {
    /** What a note looks like in the console (the extension's regex): a .dmascn path, LINE:COL, ": note: ". */
    static final String REGEX = "[^\\s\\[\\]]+\\.dmascn:\\d+:\\d+: note: ";
    static final String QUALIFIER = "\\.dmascn:\\d+:\\d+: note: ";
    /** FILE:LINE:COL before ": note: ". */
    static final Pattern POSITION = Pattern.compile("(.+):(\\d+):(\\d+)" + Pattern.quote(ConsoleText.NOTE));
    private TextConsole console;

    @Override
    public void connect(TextConsole c) {
        this.console = c;
    }

    @Override
    public void disconnect() {
        console = null;
    }

    @Override
    public void matchFound(PatternMatchEvent event) {
        TextConsole c = console;
        if (c == null) {
            return;
        }
        try {
            String text = c.getDocument().get(event.getOffset(), event.getLength());
            Matcher m = POSITION.matcher(text);
            if (!m.lookingAt()) {
                return;
            }
            if (c.getHyperlink(event.getOffset()) != null) {
                // linked already
                return;
            }
            Path file = Path.of(m.group(1));
            if (!Files.isRegularFile(file)) {
                // a built-in scenario or a setting of the launch configuration: no file to open
                return;
            }
            c.addHyperlink(new ScenarioLink(file, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))),
                    event.getOffset(), m.end(3));
        } catch (BadLocationException | InvalidPathException | NumberFormatException e) {
            // not a position after all
        }
    }
}
