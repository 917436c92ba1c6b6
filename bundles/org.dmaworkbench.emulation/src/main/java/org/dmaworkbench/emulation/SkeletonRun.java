package org.dmaworkbench.emulation;

import org.dmaworkbench.hw.mem.SparseRam;

/**
 * The walking skeleton of an emulation run: a memory-to-memory copy in emulated RAM, in 64-byte bursts
 * as a DMAC would move it, verified byte for byte. It proves the path CLI/launch -> session -> hardware
 * model end to end until scenario sessions replace it.
 */
public final class SkeletonRun {
    /** RAM as on the Koelsch board: 1 GiB at 0x4000_0000. */
    public static final long RAM_BASE = 0x4000_0000L;
    public static final long RAM_SIZE = 0x4000_0000L;
    private static final int BURST = 64;

    /** What a skeleton run did. */
    public record Result(long bytesCopied, long source, long destination, int residentPages, boolean verified) {
        public String summary() {
            return String.format("memcpy 0x%x -> 0x%x: %d bytes in %d-byte bursts, %s; %d RAM pages touched",
                    source, destination, bytesCopied, BURST, verified ? "verified" : "MISMATCH", residentPages);
        }
    }

    private SkeletonRun() {
    }

    public static Result run(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("byte count must be positive: " + bytes);
        }
        SparseRam ram = new SparseRam(RAM_BASE, RAM_SIZE);
        long src = RAM_BASE + 0x10_0000L;
        long dst = RAM_BASE + 0x20_0000L;
        byte[] pattern = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            pattern[i] = (byte) (i * 31 + 7);
        }
        ram.write(src, pattern, 0, bytes);
        byte[] burst = new byte[BURST];
        for (int done = 0; done < bytes; done += BURST) {
            int n = Math.min(BURST, bytes - done);
            ram.read(src + done, burst, 0, n);
            ram.write(dst + done, burst, 0, n);
        }
        byte[] check = new byte[bytes];
        ram.read(dst, check, 0, bytes);
        return new Result(bytes, src, dst, ram.residentPages(), java.util.Arrays.equals(pattern, check));
    }
}
