package org.dmaworkbench.devicetree.lang;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.devicetree.SourceFile;

/**
 * Compiles an edited file in its {@link CompileContext} with the texts of open editors in place of the files on disk,
 * and records which files the compilation read (the include closure) and their texts, so that every position the
 * compiler reports can be turned into a {@link Location}. Safe to call from any thread; a call takes what one
 * compilation of the board takes (about 10 ms warm for r8a77951-salvator-x.dts with its includes).
 */
public final class Analyzer {

    private Analyzer() {
    }

    /**
     * @param buffers the text of each open, possibly unsaved file by {@link FileKey}; null for files to read from disk
     */
    public static Analysis analyze(CompileContext ctx, Function<Path, String> buffers) {
        long t0 = System.nanoTime();
        Function<Path, String> buf = buffers == null ? p -> null : buffers;
        Map<Path, String> texts = new LinkedHashMap<>();
        Map<Path, String> overrides = new LinkedHashMap<>();
        String mainName;
        String mainText;
        switch (ctx.kind()) {
            case OVERLAY -> {
                String overlay = textOf(ctx.file(), buf);
                if (ctx.board() == null) {
                    mainName = ctx.file().toString();
                    mainText = overlay;
                } else {
                    // the overlay's nodes amend the base's, as applying it does: base and overlay as one source, the
                    // overlay's /dts-v1/; /plugin/; header blanked (same length, so its positions stay its own)
                    overrides.put(ctx.file(), blankHeader(overlay));
                    mainName = "<" + ctx.file().getFileName() + " on " + ctx.board().getFileName() + ">";
                    mainText = "#include \"" + ctx.board() + "\"\n#include \"" + ctx.file() + "\"\n";
                }
            }
            case INCLUDED -> {
                mainName = ctx.board().toString();
                mainText = textOf(ctx.board(), buf);
            }
            default -> {
                mainName = ctx.file().toString();
                mainText = textOf(ctx.file(), buf);
            }
        }
        if (!mainName.startsWith("<")) {
            texts.put(FileKey.of(mainName), mainText);
        }
        Resolver r = new Resolver(ctx.includeDirs(), buf, overrides, texts);
        CompileResult result = mainText == null
                ? DeviceTreeCompiler.compile(Path.of(mainName), ctx.includeDirs(), ctx.options())
                : DeviceTreeCompiler.compile(mainName, mainText, r, ctx.options());
        if (!texts.containsKey(ctx.file())) {
            // the edited file was not read (an #if left it out, or the board no longer includes it)
            String t = textOf(ctx.file(), buf);
            if (t != null) {
                texts.put(ctx.file(), t);
            }
        }
        return new Analysis(ctx, result, texts, System.nanoTime() - t0);
    }

    private static String textOf(Path file, Function<Path, String> buf) {
        String b = buf.apply(file);
        if (b != null) {
            return b;
        }
        return read(file);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Replaces /dts-v1/; and /plugin/; by spaces. */
    static String blankHeader(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(text);
        for (String h : new String[] {"/dts-v1/", "/plugin/"}) {
            int i = sb.indexOf(h);
            if (i >= 0) {
                int end = i + h.length();
                while (end < sb.length() && Character.isWhitespace(sb.charAt(end))) {
                    end++;
                }
                if (end < sb.length() && sb.charAt(end) == ';') {
                    end++;
                }
                for (int k = i; k < end; k++) {
                    if (sb.charAt(k) != '\n') {
                        sb.setCharAt(k, ' ');
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * cpp's search (the including file's directory for "…", then each -I directory) over open buffers first, then the
     * disk; records every file handed out.
     */
    static final class Resolver implements IncludeResolver {
        private final List<Path> dirs;
        private final Function<Path, String> buffers;
        private final Map<Path, String> overrides;
        private final Map<Path, String> texts;
        private final IncludeResolver disk = IncludeResolver.directories(List.of());

        Resolver(List<Path> dirs, Function<Path, String> buffers, Map<Path, String> overrides, Map<Path, String> texts) {
            this.dirs = dirs;
            this.buffers = buffers;
            this.overrides = overrides;
            this.texts = texts;
        }

        @Override
        public Optional<SourceFile> resolve(String name, boolean angled, String includingFile) {
            for (Path c : candidates(name, angled, includingFile, dirs)) {
                Optional<SourceFile> f = open(c);
                if (f.isPresent()) {
                    return f;
                }
            }
            return Optional.empty();
        }

        private Optional<SourceFile> open(Path candidate) {
            Path key = FileKey.of(candidate.toString());
            String o = overrides.get(key);
            if (o != null) {
                texts.putIfAbsent(key, buffers.apply(key) != null ? buffers.apply(key) : read(key));
                return Optional.of(new SourceFile(candidate.toString(), o));
            }
            String b = buffers.apply(key);
            if (b != null) {
                texts.putIfAbsent(key, b);
                return Optional.of(new SourceFile(candidate.toString(), b));
            }
            if (!Files.isRegularFile(candidate)) {
                return Optional.empty();
            }
            Optional<SourceFile> f = disk.resolve(candidate.toString(), false, null);
            f.ifPresent(sf -> texts.putIfAbsent(key, sf.text()));
            return f.map(sf -> new SourceFile(candidate.toString(), sf.text()));
        }
    }

    /** Where cpp looks for an #include, in order (the core's {@code IncludeResolver.directories} order). */
    public static List<Path> candidates(String name, boolean angled, String includingFile, List<Path> dirs) {
        List<Path> out = new ArrayList<>();
        Path n;
        try {
            n = Path.of(name);
        } catch (RuntimeException e) {
            return out;
        }
        if (n.isAbsolute()) {
            out.add(n);
            return out;
        }
        if (!angled && includingFile != null) {
            try {
                Path parent = Path.of(includingFile).getParent();
                out.add(parent == null ? n : parent.resolve(n));
            } catch (RuntimeException e) {
                // not a path: only the directories
            }
        }
        for (Path d : dirs) {
            out.add(d.resolve(n));
        }
        return out;
    }

    /** The file an #include in {@code includingFile} names, as the compiler would find it (open buffers aside). */
    public static Optional<Path> resolveInclude(String name, boolean angled, Path includingFile, List<Path> dirs) {
        for (Path c : candidates(name, angled, includingFile.toString(), dirs)) {
            if (Files.isRegularFile(c)) {
                return Optional.of(FileKey.of(c));
            }
        }
        return Optional.empty();
    }
}
