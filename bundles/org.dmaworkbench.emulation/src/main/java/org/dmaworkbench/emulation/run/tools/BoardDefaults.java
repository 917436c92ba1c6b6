package org.dmaworkbench.emulation.run.tools;

import java.util.List;

import org.dmaworkbench.emulation.boards.BuiltinBoards;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;

/**
 * What {@code dmawb run --board B} runs when no scenario is given, the board's default workload; an IDE launch of a
 * board runs the same.
 */
public final class BoardDefaults {

    private BoardDefaults() {
    }

    public static String text(String board) {
        return text(board, List.of());
    }

    /** @param includes the include directories of a board file ({@code -I}); ignored for a built-in board */
    public static String text(String board, List<String> includes) {
        String ref = BuiltinBoards.exists(board) ? board : quote(board);
        return switch (board) {
            case "koelsch" -> ScenarioLoader.defaultText();
            case "salvator-x" -> "# salvator-x default: HSCIF0 greets through SYS-DMAC 1 behind IPMMU-DS1\n"
                    + "board = salvator-x\niommu ipmmu_ds1 = on\nkernel = 6.12\n"
                    + "client uart {\n\tdevice = &hscif0\n\ttx text \"Hello from DMA Workbench\\n\" repeat 3 rate 921600\n}\n"
                    + "client copy {\n\tdevice = &dmac1\n\tmemcpy bytes 64KiB repeat 2\n}\n";
            case "salvator-x-4g-span" -> "# salvator-x-4g-span default: a memcpy whose buffers may straddle 4 GiB\n"
                    + "board = salvator-x-4g-span\nkernel = 6.12\n"
                    + "client copy {\n\tdevice = &dmac1\n\tmemcpy bytes 1MiB repeat 4\n}\n";
            default -> "# default workload of a board file: a memcpy on its first SYS-DMAC\n"
                    + "board = " + ref + "\n"
                    + includes.stream().map(d -> "include = " + quote(d) + "\n").reduce("", String::concat)
                    + "client copy {\n\tdevice = &dmac0\n\tmemcpy bytes 64KiB repeat 2\n}\n";
        };
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
