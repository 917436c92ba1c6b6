package org.dmaworkbench.tests.ui.common;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;

/**
 * The workspace's error log as the UI tests see it: one listener on the platform log for the whole test run
 * ({@link Platform#addLogListener}: every status any plug-in logs, whatever thread), plus the log file itself
 * ({@code .metadata/.log}), which also receives what the OSGi framework writes there directly.
 */
final class ErrorLogWatch {
    private static final List<String> LOGGED = new ArrayList<>();
    private static boolean installed;
    private static long fileChecked;

    private ErrorLogWatch() {
    }

    private static final ILogListener LISTENER = (IStatus status, String plugin) -> {
        if (status.matches(IStatus.WARNING | IStatus.ERROR)) {
            synchronized (LOGGED) {
                LOGGED.add(describe(status, plugin));
            }
        }
    };

    /** Starts listening, once per test run. */
    static synchronized void install() {
        if (!installed) {
            Platform.addLogListener(LISTENER);
            installed = true;
        }
    }

    /** The warnings and errors logged since the last call, one description each, and forgets them. */
    static List<String> drain() {
        synchronized (LOGGED) {
            List<String> out = new ArrayList<>(LOGGED);
            LOGGED.clear();
            return out;
        }
    }

    /** What {@code .metadata/.log} gained since the last call (any severity), or "" when nothing. */
    static synchronized String fileGrowth() {
        IPath loc = Platform.getLogFileLocation();
        if (loc == null) {
            return "";
        }
        Path f = loc.toFile().toPath();
        try {
            if (!Files.isRegularFile(f) || Files.size(f) <= fileChecked) {
                return "";
            }
            byte[] all = Files.readAllBytes(f);
            String grown = new String(all, (int) fileChecked, all.length - (int) fileChecked, StandardCharsets.UTF_8);
            fileChecked = all.length;
            return grown;
        } catch (IOException e) {
            return "cannot read " + f + ": " + e;
        }
    }

    private static String describe(IStatus status, String plugin) {
        StringBuilder sb = new StringBuilder();
        sb.append(status.getSeverity() == IStatus.ERROR ? "ERROR" : "WARNING").append(" from ")
                .append(plugin == null ? status.getPlugin() : plugin).append(": ").append(status.getMessage());
        if (status.getException() != null) {
            StringWriter w = new StringWriter();
            status.getException().printStackTrace(new PrintWriter(w));
            sb.append('\n').append(w);
        }
        for (IStatus child : status.getChildren()) {
            if (child.matches(IStatus.WARNING | IStatus.ERROR)) {
                sb.append("\n  ").append(describe(child, child.getPlugin()).replace("\n", "\n  "));
            }
        }
        return sb.toString();
    }
}
