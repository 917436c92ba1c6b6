package org.dmaworkbench.devicetree.lang;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the include path a device-tree file needs without being told: the kernel's. A file under
 * {@code ROOT/arch/ARCH/boot/dts/} is compiled by the kernel's build with {@code -I ROOT/scripts/dtc/include-prefixes}
 * (scripts/Makefile.dtbs of Linux 6.12, DTC_INCLUDE); a file under an include-prefixes folder of its own (a directory
 * holding {@code dt-bindings/} beside the architecture folders, the way {@code releng/scripts/fetch-linux-dts} and
 * ../shared/linux-dts lay the trees out) uses that folder.
 */
public final class IncludePaths {

    /** Where a file's include path came from, for the editor to say. */
    public record Detected(Path root, List<Path> includeDirs, String how) {
        public Detected {
            includeDirs = List.copyOf(includeDirs);
        }
    }

    private IncludePaths() {
    }

    /** The kernel include path of {@code file}, when it lies in a kernel tree or an include-prefixes folder. */
    public static Optional<Detected> detect(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        // ROOT/arch/ARCH/boot/dts/...
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            Path name = p.getFileName();
            if (name != null && name.toString().equals("dts") && p.getParent() != null
                    && p.getParent().getFileName() != null && p.getParent().getFileName().toString().equals("boot")) {
                Path arch = p.getParent().getParent();
                if (arch != null && arch.getParent() != null && arch.getParent().getFileName() != null
                        && arch.getParent().getFileName().toString().equals("arch")) {
                    Path root = arch.getParent().getParent();
                    Path prefixes = root.resolve("scripts/dtc/include-prefixes");
                    if (Files.isDirectory(prefixes)) {
                        return Optional.of(new Detected(root, List.of(prefixes), "kernel tree " + root));
                    }
                    // a partial tree without scripts/: the directories the include-prefixes links point to
                    List<Path> dirs = new ArrayList<>();
                    dirs.add(p);
                    if (Files.isDirectory(root.resolve("include"))) {
                        dirs.add(root.resolve("include"));
                    }
                    return Optional.of(new Detected(root, dirs, "kernel tree " + root + " (no scripts/dtc)"));
                }
            }
        }
        // PREFIXES/ARCH/.../file with PREFIXES/dt-bindings
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("dt-bindings"))) {
                return Optional.of(new Detected(p, List.of(p), "include-prefixes folder " + p));
            }
        }
        return Optional.empty();
    }
}
