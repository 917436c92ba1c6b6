package org.dmaworkbench.tests.common.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Several source files in one fuzz input, so that the fuzzer mutates headers and include structure too: the text
 * before the first line {@code //@@file NAME} is the main file, each such line starts the file that an
 * {@code #include} or {@code /include/} of exactly NAME finds. Bytes are read as ISO-8859-1, as the compiler reads
 * files.
 */
public final class SourceBundle {
    public static final String MARKER = "//@@file ";

    private final String main;
    private final Map<String, String> files;

    private SourceBundle(String main, Map<String, String> files) {
        this.main = main;
        this.files = files;
    }

    public static SourceBundle parse(byte[] data) {
        return parse(new String(data, StandardCharsets.ISO_8859_1));
    }

    public static SourceBundle parse(String text) {
        Map<String, String> files = new LinkedHashMap<>();
        int at = text.startsWith(MARKER) ? 0 : text.indexOf("\n" + MARKER);
        if (at < 0) {
            return new SourceBundle(text, files);
        }
        String main = text.substring(0, at == 0 ? 0 : at + 1);
        int pos = at == 0 ? 0 : at + 1;
        while (pos < text.length()) {
            int eol = text.indexOf('\n', pos);
            String name = text.substring(pos + MARKER.length(), eol < 0 ? text.length() : eol).trim();
            int start = eol < 0 ? text.length() : eol + 1;
            int next = text.indexOf("\n" + MARKER, start - 1);
            int end = next < 0 ? text.length() : next + 1;
            files.putIfAbsent(name, text.substring(start, Math.max(start, end)));
            pos = next < 0 ? text.length() : next + 1;
        }
        return new SourceBundle(main, files);
    }

    /** The main file's text. */
    public String main() {
        return main;
    }

    /** The other files by the name an include gives. */
    public Map<String, String> files() {
        return files;
    }

    /** The bundle as one text again. */
    public static String join(String main, Map<String, String> files) {
        StringBuilder sb = new StringBuilder(main);
        if (!main.isEmpty() && !main.endsWith("\n")) {
            sb.append('\n');
        }
        files.forEach((n, t) -> {
            sb.append(MARKER).append(n).append('\n').append(t);
            if (!t.endsWith("\n")) {
                sb.append('\n');
            }
        });
        return sb.toString();
    }
}
