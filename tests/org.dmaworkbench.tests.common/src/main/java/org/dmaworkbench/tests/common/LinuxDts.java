package org.dmaworkbench.tests.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the tests find the real device trees of Linux 6.12, laid out as the kernel's
 * {@code scripts/dtc/include-prefixes} ({@code arm/}, {@code arm64/}, {@code dt-bindings/}): the first of
 * <ol>
 * <li>{@code -Ddmaworkbench.shared=DIR}: {@code DIR/linux-dts/include-prefixes} (the build passes {@code ../shared}
 * next to the checkout, which CI has);</li>
 * <li>{@code -Ddmaworkbench.linuxDts=DIR}: an include-prefixes folder of your own;</li>
 * <li>the cache {@code releng/scripts/fetch-linux-dts} fills from Debian's {@code linux-source-6.12}:
 * {@code $XDG_CACHE_HOME/dmaworkbench/linux-6.12/include-prefixes} ({@code ~/.cache/...} without XDG_CACHE_HOME).</li>
 * </ol>
 * that holds the Renesas trees. There is no skipping: a test that needs them fails with a message saying how to get
 * them.
 */
public final class LinuxDts {

    private LinuxDts() {
    }

    /** The include-prefixes folder; throws {@link AssertionError} with the places looked at when there is none. */
    public static Path includePrefixes() {
        List<Path> tried = candidates();
        for (Path p : tried) {
            if (Files.isDirectory(p.resolve("arm64/renesas")) && Files.isDirectory(p.resolve("dt-bindings"))) {
                return p;
            }
        }
        StringBuilder msg = new StringBuilder("The Linux 6.12 device trees are not here; looked in:");
        for (Path p : tried) {
            msg.append("\n  ").append(p);
        }
        msg.append("\nreleng/run-tests gets them from Debian's linux-source-6.12 (as root it does so itself); "
                + "otherwise run once: sudo releng/scripts/fetch-linux-dts");
        throw new AssertionError(msg.toString());
    }

    /** The cache folder {@code fetch-linux-dts} fills. */
    public static Path cache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("dmaworkbench/linux-6.12/include-prefixes");
    }

    private static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String shared = System.getProperty("dmaworkbench.shared");
        if (shared != null && !shared.isEmpty()) {
            out.add(Path.of(shared).resolve("linux-dts/include-prefixes").normalize());
        }
        String own = System.getProperty("dmaworkbench.linuxDts");
        if (own != null && !own.isEmpty()) {
            out.add(Path.of(own).normalize());
        }
        out.add(cache());
        return out;
    }

    /** Every Renesas board file ({@code arm/renesas/*.dts}, {@code arm64/renesas/*.dts}), sorted. */
    public static List<Path> renesasBoards() {
        Path p = includePrefixes();
        List<Path> out = new ArrayList<>();
        for (String arch : List.of("arm", "arm64")) {
            try (var s = Files.list(p.resolve(arch).resolve("renesas"))) {
                s.filter(f -> f.getFileName().toString().endsWith(".dts")).sorted().forEach(out::add);
            } catch (java.io.IOException e) {
                throw new AssertionError("cannot list " + p.resolve(arch).resolve("renesas") + ": " + e.getMessage());
            }
        }
        return out;
    }
}
