package org.dmaworkbench.devicetree.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.dmaworkbench.devicetree.SourceFile;

/**
 * Files read for #include and /include/, kept while unchanged: one stat per look-up compares size and
 * modification time with what was read, and a hit returns the very same SourceFile (whose text the
 * preprocessor has already turned into a char[]). Least recently used entries go first; bounded in entries
 * and in total characters. A file rewritten with the same size within one tick of the file system's
 * modification time would be missed, as with make.
 */
public final class FileCache {
    private static final int MAX_ENTRIES = 512;
    private static final long MAX_TOTAL_CHARS = 32L << 20;
    private static final long MAX_FILE_CHARS = 4L << 20;

    private static final class Entry {
        final long size;
        final FileTime mtime;
        final SourceFile file;

        Entry(long size, FileTime mtime, SourceFile file) {
            this.size = size;
            this.mtime = mtime;
            this.file = file;
        }
    }

    private static long total;
    /** Access-ordered: the first entry is the least recently used. */
    private static final LinkedHashMap<String, Entry> CACHE = new LinkedHashMap<>(64, 0.75f, true);

    private FileCache() {
    }

    /** The file at p named {@code shown} in diagnostics, or empty when it is not a readable regular file. */
    public static Optional<SourceFile> read(Path p, String shown) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (!a.isRegularFile()) {
            return Optional.empty();
        }
        long size = a.size();
        if (size > Limits.MAX_FILE_BYTES) {
            throw new TooLargeException(shown, size);
        }
        FileTime mtime = a.lastModifiedTime();
        String key = p.toAbsolutePath().normalize() + "\0" + shown;
        synchronized (CACHE) {
            Entry e = CACHE.get(key);
            if (e != null && e.size == size && e.mtime.equals(mtime)) {
                return Optional.of(e.file);
            }
        }
        String text;
        try {
            text = Files.readString(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return Optional.empty();
        }
        SourceFile f = new SourceFile(shown, text);
        if (text.length() <= MAX_FILE_CHARS && text.length() == size) {
            synchronized (CACHE) {
                Entry old = CACHE.put(key, new Entry(size, mtime, f));
                if (old != null) {
                    total -= old.file.text().length();
                }
                total += text.length();
                Iterator<Map.Entry<String, Entry>> it = CACHE.entrySet().iterator();
                while ((CACHE.size() > MAX_ENTRIES || total > MAX_TOTAL_CHARS) && it.hasNext()) {
                    total -= it.next().getValue().file.text().length();
                    it.remove();
                }
            }
        }
        return Optional.of(f);
    }

    /** Forgets every file (tests, or a client that knows files changed behind the time stamps). */
    public static void clear() {
        synchronized (CACHE) {
            CACHE.clear();
            total = 0;
        }
    }
}
