package org.dmaworkbench.emulation.scenario;

import java.nio.file.Path;
import java.util.List;

import org.dmaworkbench.emulation.boards.BuiltinBoards;

/**
 * The scenario a board runs when no scenario is given ({@code dmawb run --board B}, the IDE's board launch): the
 * board's default workload. The built-in boards have their seed setups; a board file gets what
 * {@link DmaInventory#defaultClients()} finds in it.
 */
public final class BoardDefaults {

    private BoardDefaults() {
    }

    public static String text(String board) {
        return text(board, List.of(), Path.of("."));
    }

    /**
     * @param includes the include directories of a board file ({@code -I}); ignored for a built-in board
     * @param baseDir  the directory relative board and include names are resolved against
     */
    public static String text(String board, List<String> includes, Path baseDir) {
        return switch (board) {
            case "koelsch" -> ScenarioLoader.defaultText();
            case "salvator-x" -> "# salvator-x default: HSCIF0 greets through SYS-DMAC 1 behind IPMMU-DS1\n"
                    + "# (the 6.12 kernel attaches only the SDHIs on R-Car Gen3: the DMACs are opted in)\n"
                    + "board = salvator-x\niommu ipmmu_ds1 = on { attach = all }\nkernel = 6.12\n"
                    + "client uart {\n\tdevice = &hscif0\n\ttx text \"Hello from DMA Workbench\\n\" repeat 3 rate 921600\n}\n"
                    + "client copy {\n\tdevice = &dmac1\n\tmemcpy bytes 64KiB repeat 2\n}\n";
            case "salvator-x-4g-span" -> "# salvator-x-4g-span default: a memcpy whose buffers may straddle 4 GiB\n"
                    + "board = salvator-x-4g-span\nkernel = 6.12\n"
                    + "client copy {\n\tdevice = &dmac1\n\tmemcpy bytes 1MiB repeat 4\n}\n";
            default -> boardFile(board, includes, baseDir);
        };
    }

    private static String boardFile(String board, List<String> includes, Path baseDir) {
        String head = "board = " + quote(board) + "\n"
                + includes.stream().map(d -> "include = " + quote(d) + "\n").reduce("", String::concat);
        LoadedScenario bare = ScenarioLoader.load("board.dmascn", head, baseDir);
        if (bare.board().isEmpty()) {
            return head; // loading it again reports why the board does not compile
        }
        String clients = DmaInventory.of(bare.board().get()).defaultClients();
        return "# default workload of a board file: what the board has of the DMA the emulator drives\n" + head
                + clients;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
