package org.dmaworkbench.emulation.run;

import java.util.Random;

import org.dmaworkbench.emulation.scenario.Scenario.Workload;
import org.dmaworkbench.emulation.scenario.Scenario.WorkloadKind;
import org.dmaworkbench.emulation.scenario.ScenarioParser;
import org.dmaworkbench.kernel.drivers.clients.SdHost;

/**
 * An SD card client: each repetition reads or writes {@code count} blocks through a buffer of {@code segments}
 * pieces, at consecutive block addresses that wrap around the card. A Gen2 host (SYS-DMAC) takes the pieces as
 * one scatterlist; a host with the internal DMAC ({@code max_segs} 1) gets one request per piece, as the block
 * layer would split it. The driver call runs the shared virtual clock until the request completes, so other
 * clients progress meanwhile.
 */
final class SdRunner implements WorkloadRunner {
    /**
     * A card of the largest request a scenario may make (1 GiB, sparse: only written blocks take memory), so no
     * request is cut below what the host and its DMA engine take, e.g. one longer than rcar-dmac's maximum segment
     * size of 16 MiB - 1 (RCAR_DMATCR_MASK), which the sg-segment-too-long bug needs.
     */
    static final long CARD_BLOCKS = ScenarioParser.MAX_BLOCKS;

    private final String name;
    private final SdHost sd;
    private final Random random;
    private long nextLba;

    SdRunner(String name, SdHost sd, Random random) {
        this.name = name;
        this.sd = sd;
        this.random = random;
        sd.card(CARD_BLOCKS);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(Workload w, int repetition) {
        int blocks = (int) Math.min(w.count(), CARD_BLOCKS);
        if (nextLba + blocks > CARD_BLOCKS) {
            nextLba = 0;
        }
        if (w.kind() == WorkloadKind.SD_READ) {
            sd.read(nextLba, blocks, w.segments());
        } else if (w.kind() == WorkloadKind.SD_WRITE) {
            byte[] data = new byte[blocks * Workload.BLOCK_SIZE];
            random.nextBytes(data);
            sd.write(nextLba, data, w.segments());
        } else {
            throw new IllegalArgumentException(name + ": an SD card cannot run " + w.kind().keyword());
        }
        nextLba += blocks;
    }

    @Override
    public boolean idle() {
        return true;
    }

    @Override
    public void shutdown() {
        sd.release();
    }
}
