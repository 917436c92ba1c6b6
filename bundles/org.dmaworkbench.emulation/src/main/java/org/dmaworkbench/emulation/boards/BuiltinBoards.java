package org.dmaworkbench.emulation.boards;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.dmaworkbench.devicetree.CompileResult;
import org.dmaworkbench.devicetree.DeviceTreeCompiler;
import org.dmaworkbench.devicetree.IncludeResolver;
import org.dmaworkbench.devicetree.SourceFile;

/**
 * The boards shipped in the bundle: our own minimal device-tree sources (this package's .dts/.dtsi
 * resources, self-contained: they #include only each other, never kernel headers), compiled with the
 * project's device-tree compiler.
 * <ul>
 * <li>{@code koelsch}: R-Car M2-W (r8a7791), RAM 1 GiB at 0x4000_0000 and 1 GiB at 0x2_0000_0000,
 * IPMMU-DS enabled in front of SYS-DMAC 0 (micro-TLBs 0-14) and 1 (15-29), SCIF0, HSCIF0, SDHI0, IIC
 * (i2c6);</li>
 * <li>{@code salvator-x}: R-Car H3 (r8a7795), RAM at 0x4800_0000 and 0x5_0000_0000-0x7_3fff_ffff,
 * SYS-DMAC 1/2 behind IPMMU-DS1 (micro-TLBs 0-15/16-31), HSCIF0, SCIF2, SDHI0 (internal DMAC);</li>
 * <li>{@code salvator-x-4g-span}: salvator-x with one RAM bank 0x0_c000_0000-0x1_3fff_ffff across the 4 GiB
 * boundary and the IPMMUs off.</li>
 * </ul>
 */
public final class BuiltinBoards {
    /** The built-in board names, in the order the UI lists them. */
    public static final List<String> NAMES = List.of("koelsch", "salvator-x", "salvator-x-4g-span");

    /** Prefix of the file names diagnostics print for built-in sources, e.g. "builtin:koelsch.dts". */
    public static final String FILE_PREFIX = "builtin:";

    private BuiltinBoards() {
    }

    public static boolean exists(String name) {
        return NAMES.contains(name);
    }

    /** The top-level source of a built-in board, named "builtin:NAME.dts". */
    public static Optional<SourceFile> source(String name) {
        if (!exists(name)) {
            return Optional.empty();
        }
        return resource(name + ".dts");
    }

    /**
     * One source file of the built-in boards by its file name ("koelsch.dts", "r8a7791.dtsi"); names with a
     * directory part are not shipped and are never found.
     */
    public static Optional<SourceFile> resource(String fileName) {
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\")
                || !(fileName.endsWith(".dts") || fileName.endsWith(".dtsi"))) {
            return Optional.empty();
        }
        try (InputStream in = BuiltinBoards.class.getResourceAsStream(fileName)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new SourceFile(FILE_PREFIX + fileName,
                    new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Resolves #include "x.dtsi" among the built-in board sources (both quote forms), so built-in boards
     * compile without any directory on disk.
     */
    public static IncludeResolver includeResolver() {
        return (name, angled, including) -> {
            String n = name.startsWith(FILE_PREFIX) ? name.substring(FILE_PREFIX.length()) : name;
            return resource(n);
        };
    }

    /**
     * Compiles a built-in board.
     *
     * @return empty when {@code name} is not a built-in board
     */
    public static Optional<CompileResult> compile(String name) {
        Optional<SourceFile> src = source(name);
        if (src.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(DeviceTreeCompiler.compile(src.get().name(), src.get().text(), includeResolver()));
    }
}
