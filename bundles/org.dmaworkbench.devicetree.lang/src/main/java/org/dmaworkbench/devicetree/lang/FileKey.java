package org.dmaworkbench.devicetree.lang;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity of a source file: its real path. A kernel tree reaches the same .dtsi as
 * {@code arch/arm64/boot/dts/renesas/x.dtsi} and through the {@code scripts/dtc/include-prefixes/arm64} symbolic
 * link; the compiler names files the way they were found, an editor by where they were opened.
 */
public final class FileKey {
    private static final Map<String, Path> CACHE = new ConcurrentHashMap<>();

    private FileKey() {
    }

    /** The real path of {@code name} (a path as the compiler printed it), or its normalized absolute form. */
    public static Path of(String name) {
        Path cached = CACHE.get(name);
        if (cached != null) {
            return cached;
        }
        Path p;
        try {
            p = of(Path.of(name));
        } catch (InvalidPathException e) {
            return Path.of("/").resolve("invalid");
        }
        if (CACHE.size() > 20_000) {
            CACHE.clear();
        }
        CACHE.put(name, p);
        return p;
    }

    public static Path of(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException | SecurityException e) {
            return abs;
        }
    }

    /** Forgets the cached real paths (a file was created or moved). */
    public static void clear() {
        CACHE.clear();
    }
}
