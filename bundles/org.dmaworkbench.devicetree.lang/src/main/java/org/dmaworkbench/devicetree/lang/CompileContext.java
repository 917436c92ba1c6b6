package org.dmaworkbench.devicetree.lang;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import org.dmaworkbench.devicetree.CompileOptions;

/**
 * What to compile to understand one edited file: a board file is compiled itself; a {@code .dtsi} in the context of
 * a board that includes it (its labels resolve, its nodes merge); an overlay ({@code .dtso}) on top of a base board,
 * as the bootloader would apply it. Files are {@link FileKey}s.
 *
 * @param file        the edited file
 * @param board       the board compiled: {@code file} itself, the board including it, or the overlay's base (null
 *                    for an overlay compiled alone)
 * @param includeDirs the {@code -I} directories, in order
 */
public record CompileContext(Path file, Kind kind, Path board, List<Path> includeDirs, CompileOptions options) {

    /** How the edited file is compiled. */
    public enum Kind {
        /** a .dts compiled as it is (also a .dtsi with no board chosen) */
        BOARD,
        /** a .dtsi compiled through the board that includes it */
        INCLUDED,
        /** an overlay applied to a base board, or compiled alone as a /plugin/ */
        OVERLAY
    }

    public CompileContext {
        Objects.requireNonNull(file);
        Objects.requireNonNull(kind);
        includeDirs = List.copyOf(includeDirs);
        options = options == null ? CompileOptions.kernelBuild() : options;
    }

    /** A board (or a file compiled on its own). */
    public static CompileContext board(Path file, List<Path> includeDirs) {
        return new CompileContext(FileKey.of(file), Kind.BOARD, FileKey.of(file), includeDirs, null);
    }

    /** An included file seen through {@code board}. */
    public static CompileContext included(Path file, Path board, List<Path> includeDirs) {
        return new CompileContext(FileKey.of(file), Kind.INCLUDED, FileKey.of(board), includeDirs, null);
    }

    /** An overlay applied to {@code base} (null: compiled alone). */
    public static CompileContext overlay(Path file, Path base, List<Path> includeDirs) {
        return new CompileContext(FileKey.of(file), Kind.OVERLAY, base == null ? null : FileKey.of(base), includeDirs,
                null);
    }

    public CompileContext withOptions(CompileOptions o) {
        return new CompileContext(file, kind, board, includeDirs, o);
    }
}
