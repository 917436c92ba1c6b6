package org.dmaworkbench.hw.periph;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The medium behind an emulated SD/MMC card: 512-byte blocks, from memory or a file. */
public interface BlockImage {
    int BLOCK_SIZE = 512;

    /** @return capacity in blocks */
    long blocks();

    void readBlock(long lba, byte[] dst, int offset);

    void writeBlock(long lba, byte[] src, int offset);

    /** An in-memory image of {@code blocks} blocks costing only the blocks written (unwritten blocks read as 0). */
    static BlockImage inMemory(long blocks) {
        return new BlockImage() {
            private final Map<Long, byte[]> data = new HashMap<>();

            @Override
            public long blocks() {
                return blocks;
            }

            @Override
            public void readBlock(long lba, byte[] dst, int offset) {
                byte[] b = data.get(lba);
                if (b == null) {
                    java.util.Arrays.fill(dst, offset, offset + BLOCK_SIZE, (byte) 0);
                } else {
                    System.arraycopy(b, 0, dst, offset, BLOCK_SIZE);
                }
            }

            @Override
            public void writeBlock(long lba, byte[] src, int offset) {
                byte[] b = new byte[BLOCK_SIZE];
                System.arraycopy(src, offset, b, 0, BLOCK_SIZE);
                data.put(lba, b);
            }
        };
    }

    /**
     * An image backed by a file (read-write; the size is rounded down to whole blocks).
     *
     * @throws IOException with the path when the file cannot be opened
     */
    static BlockImage file(Path path, boolean writable) throws IOException {
        RandomAccessFile f = new RandomAccessFile(path.toFile(), writable ? "rw" : "r");
        long blocks = f.length() / BLOCK_SIZE;
        return new BlockImage() {
            @Override
            public long blocks() {
                return blocks;
            }

            @Override
            public synchronized void readBlock(long lba, byte[] dst, int offset) {
                try {
                    f.seek(lba * BLOCK_SIZE);
                    f.readFully(dst, offset, BLOCK_SIZE);
                } catch (IOException e) {
                    throw new UncheckedIOException(path + ": cannot read block " + lba + ": " + e.getMessage(), e);
                }
            }

            @Override
            public synchronized void writeBlock(long lba, byte[] src, int offset) {
                if (!writable) {
                    return;
                }
                try {
                    f.seek(lba * BLOCK_SIZE);
                    f.write(src, offset, BLOCK_SIZE);
                } catch (IOException e) {
                    throw new UncheckedIOException(path + ": cannot write block " + lba + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
