package org.dmaworkbench.devicetree.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.tests.common.fuzz.SourceBundle;

/**
 * Writes seed inputs for the device-tree fuzz targets from the kernel's own sources: each board file under an
 * include-prefixes folder whose include closure (the .dtsi files and dt-bindings headers it reads) is at most
 * {@code maxBytes}, as one {@link SourceBundle}, and its compiled DTB. A tool for refreshing the committed corpora
 * ({@code src/test/fuzz/}), not a test:
 * {@code java ... Seeds INCLUDE_PREFIXES DTS_OUT DTB_OUT MAX_BYTES [MAX_FILES]}.
 */
public final class Seeds {
    private static final Pattern INCLUDE = Pattern.compile("^\\s*(?:#\\s*include\\s*[<\"]([^>\"]+)[>\"]|/include/\\s*\"([^\"]+)\")",
            Pattern.MULTILINE);

    private Seeds() {
    }

    public static void main(String[] args) throws IOException {
        Path prefixes = Path.of(args[0]);
        Path dtsOut = Path.of(args[1]);
        Path dtbOut = Path.of(args[2]);
        int max = Integer.parseInt(args[3]);
        int maxFiles = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        Files.createDirectories(dtsOut);
        Files.createDirectories(dtbOut);
        List<Path> boards;
        try (Stream<Path> s = Files.walk(prefixes)) {
            boards = s.filter(p -> p.toString().endsWith(".dts")).sorted().toList();
        }
        int written = 0;
        for (Path board : boards) {
            Map<String, String> files = new LinkedHashMap<>();
            if (!closure(board, prefixes, files, 0)) {
                continue;
            }
            String main = Files.readString(board, StandardCharsets.ISO_8859_1);
            int size = main.length() + files.values().stream().mapToInt(String::length).sum();
            if (size > max) {
                continue;
            }
            String text = SourceBundle.join(main, files);
            SourceBundle b = SourceBundle.parse(text);
            CompileResult r = DeviceTreeCompiler.compile("board.dts", b.main(),
                    (name, angled, inc) -> Optional.ofNullable(b.files().get(name))
                            .map(t -> new org.dmaworkbench.devicetree.SourceFile(name, t)));
            if (r.hasErrors()) {
                System.err.println("skipped " + board + ": " + r.formatDiagnostics());
                continue;
            }
            String name = board.getFileName().toString().replace(".dts", "");
            Files.writeString(dtsOut.resolve("seed-" + name), text, StandardCharsets.ISO_8859_1);
            Files.write(dtbOut.resolve("seed-" + name + ".dtb"), r.toDtb());
            System.out.println(board + ": " + size + " bytes");
            if (++written >= maxFiles) {
                break;
            }
        }
    }

    /** Adds every file {@code f} includes, by the name it is included with; false when one is missing. */
    private static boolean closure(Path f, Path prefixes, Map<String, String> files, int depth) throws IOException {
        if (depth > 20) {
            return false;
        }
        String text = Files.readString(f, StandardCharsets.ISO_8859_1);
        Matcher m = INCLUDE.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            if (files.containsKey(name)) {
                continue;
            }
            Path p = f.getParent().resolve(name);
            if (!Files.isRegularFile(p)) {
                p = prefixes.resolve(name);
            }
            if (!Files.isRegularFile(p)) {
                return false;
            }
            files.put(name, Files.readString(p, StandardCharsets.ISO_8859_1));
            if (!closure(p, prefixes, files, depth + 1)) {
                return false;
            }
        }
        return true;
    }
}
