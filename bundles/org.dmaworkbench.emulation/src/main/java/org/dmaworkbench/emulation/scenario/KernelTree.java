package org.dmaworkbench.emulation.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a board file of a Linux kernel tree needs: the include directories the kernel's build gives cpp. */
public final class KernelTree {

    private KernelTree() {
    }

    /**
     * The include directories a board file of the kernel tree at {@code root} is compiled with: {@code
     * scripts/dtc/include-prefixes} when the tree has it, as Linux 6.12's scripts/Makefile.dtbs:116-118 passes it
     * to cpp ({@code DTC_INCLUDE}, {@code dtc_cpp_flags}); for older trees without it, {@code arch/arm/boot/dts}
     * and {@code arch/arm64/boot/dts} (those that exist) and {@code include}. Empty when neither layout is there:
     * then {@code root} is no kernel tree.
     */
    public static List<Path> includeDirs(Path root) {
        Path prefixes = root.resolve("scripts/dtc/include-prefixes");
        if (Files.isDirectory(prefixes)) {
            return List.of(prefixes);
        }
        List<Path> out = new ArrayList<>();
        for (String d : new String[] { "arch/arm/boot/dts", "arch/arm64/boot/dts", "include" }) {
            if (Files.isDirectory(root.resolve(d))) {
                out.add(root.resolve(d));
            }
        }
        boolean hasInclude = out.contains(root.resolve("include"));
        return hasInclude && out.size() > 1 ? out : List.of();
    }
}
