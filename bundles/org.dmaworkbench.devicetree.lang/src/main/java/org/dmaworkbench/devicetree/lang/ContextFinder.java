package org.dmaworkbench.devicetree.lang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which board files include a {@code .dtsi} (directly or through other .dtsi files), so the editor can compile it in
 * the context of one of them: every {@code .dts} under the given directories is read for its {@code #include} and
 * {@code /include/} lines (not preprocessed: an include in any #if branch counts), the includes resolved the way
 * cpp would, and the graph walked. Reading is cached per file while its size and modification time stay the same.
 */
public final class ContextFinder {
    private static final Pattern INCLUDE = Pattern.compile(
            "^\\s*(?:#\\s*include\\s*([\"<])([^\">]+)[\">]|/include/\\s*\"([^\"]+)\")", Pattern.MULTILINE);
    private static final int MAX_FILES = 20_000;

    private record Entry(long size, long mtime, List<String[]> includes) {
    }

    private static final Map<Path, Entry> CACHE = new ConcurrentHashMap<>();

    private ContextFinder() {
    }

    /**
     * The board files ({@code .dts}) under {@code searchDirs} (recursively) whose includes reach {@code file}, sorted
     * by name: those in {@code file}'s own directory first.
     */
    public static List<Path> boardsIncluding(Path file, List<Path> searchDirs, List<Path> includeDirs) {
        Path target = FileKey.of(file);
        List<Path> boards = new ArrayList<>();
        Set<Path> seenDirs = new HashSet<>();
        for (Path d : searchDirs) {
            if (!seenDirs.add(FileKey.of(d))) {
                continue;
            }
            try (Stream<Path> s = Files.walk(d, 8)) {
                s.filter(p -> p.toString().endsWith(".dts")).limit(MAX_FILES).forEach(boards::add);
            } catch (IOException | RuntimeException e) {
                // an unreadable directory: what was found so far
            }
        }
        Map<Path, Boolean> reaches = new HashMap<>();
        List<Path> out = new ArrayList<>();
        for (Path b : boards) {
            Path key = FileKey.of(b);
            if (!out.contains(key) && reaches(key, target, includeDirs, reaches)) {
                out.add(key);
            }
        }
        Path dir = target.getParent();
        out.sort((x, y) -> {
            boolean xs = dir != null && dir.equals(x.getParent());
            boolean ys = dir != null && dir.equals(y.getParent());
            if (xs != ys) {
                return xs ? -1 : 1;
            }
            return x.getFileName().toString().compareTo(y.getFileName().toString());
        });
        return out;
    }

    /** Whether {@code from}'s includes reach {@code target} (breadth first, each file once). */
    static boolean reaches(Path from, Path target, List<Path> includeDirs, Map<Path, Boolean> memo) {
        Boolean known = memo.get(from);
        if (known != null) {
            return known;
        }
        Deque<Path> todo = new ArrayDeque<>();
        Set<Path> seen = new HashSet<>();
        todo.add(from);
        seen.add(from);
        boolean found = false;
        while (!todo.isEmpty() && !found) {
            Path f = todo.poll();
            for (String[] inc : includes(f)) {
                Path r = resolve(inc, f, includeDirs);
                if (r == null) {
                    continue;
                }
                if (r.equals(target)) {
                    found = true;
                    break;
                }
                if (seen.add(r) && !r.toString().endsWith(".h")) {
                    todo.add(r);
                }
            }
        }
        memo.put(from, found);
        return found;
    }

    private static Path resolve(String[] inc, Path including, List<Path> includeDirs) {
        return Analyzer.resolveInclude(inc[1], inc[0].equals("<"), including, includeDirs).orElse(null);
    }

    /** The {quote, name} of each include line of {@code f}. */
    static List<String[]> includes(Path f) {
        try {
            BasicFileAttributes at = Files.readAttributes(f, BasicFileAttributes.class);
            Entry e = CACHE.get(f);
            if (e != null && e.size() == at.size() && e.mtime() == at.lastModifiedTime().toMillis()) {
                return e.includes();
            }
            String text = Files.readString(f, StandardCharsets.ISO_8859_1);
            List<String[]> out = new ArrayList<>();
            Matcher m = INCLUDE.matcher(text);
            while (m.find()) {
                out.add(m.group(2) != null ? new String[] {m.group(1), m.group(2)} : new String[] {"\"", m.group(3)});
            }
            CACHE.put(f, new Entry(at.size(), at.lastModifiedTime().toMillis(), List.copyOf(out)));
            return out;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
