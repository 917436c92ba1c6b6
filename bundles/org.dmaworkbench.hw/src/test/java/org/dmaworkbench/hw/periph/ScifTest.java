package org.dmaworkbench.hw.periph;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.hw.time.VirtualClock;
import org.junit.Test;

/** SCIF register behaviour from the sh-sci.h bit definitions, and the block images behind SDHI. */
public class ScifTest {
    static final long CHAR = 86_805_555L; // 10 bits at 115200 baud

    @Test
    public void rxFifoFillsAtLineRateAndOverrunsWhenFull() {
        VirtualClock clock = new VirtualClock();
        Scif s = new Scif("serial@e6e60000", Scif.Kind.SCIF, clock);
        s.enable();
        s.feed("abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII));
        clock.runUntil(3 * CHAR);
        assertEquals(3, s.mmioRead(Scif.SCFDR, 2));
        assertEquals(Scif.SCIF_RDF | Scif.SCIF_TDFE | Scif.SCIF_TEND, s.mmioRead(Scif.SCXSR, 2));
        assertEquals('a', s.mmioRead(Scif.SCXRDR, 1));
        clock.runUntilIdle(100);
        // of the 20 bytes: 1 read, 16 held in the FIFO, 3 dropped
        assertEquals(16, s.rxFifoCount());
        assertEquals(Scif.SCLSR_ORER, s.mmioRead(Scif.SCLSR, 2));
        s.mmioWrite(Scif.SCLSR, 2, 0);
        assertEquals(0, s.mmioRead(Scif.SCLSR, 2));
        assertEquals('b', s.mmioRead(Scif.SCXRDR, 1));
    }

    @Test
    public void txNeedsTheTransmitterEnabledAndReportsTendWhenDrained() {
        VirtualClock clock = new VirtualClock();
        Scif s = new Scif("serial@e6e60000", Scif.Kind.HSCIF, clock);
        List<String> console = new ArrayList<>();
        s.addSink((port, t, b) -> console.add(t + ":" + (char) b));
        s.mmioWrite(Scif.SCXTDR, 1, 'o');
        s.mmioWrite(Scif.SCXTDR, 1, 'k');
        clock.runUntilIdle(100);
        assertEquals(0, clock.now());
        assertEquals(0x0200, s.mmioRead(Scif.SCFDR, 2)); // 2 bytes waiting in TX
        s.mmioWrite(Scif.SCSCR, 2, Scif.SCSCR_TE);
        clock.runUntilIdle(100);
        assertEquals(List.of(CHAR + ":o", 2 * CHAR + ":k"), console);
        assertEquals(Scif.SCIF_TDFE | Scif.SCIF_TEND, s.mmioRead(Scif.SCXSR, 2));
        assertEquals("ok", s.transmittedText());
    }

    @Test
    public void fileBlockImageReadsAndWritesWholeBlocks() throws Exception {
        Path f = Files.createTempFile("sdcard", ".img");
        try {
            byte[] content = new byte[3 * 512 + 100];
            content[512] = 0x55;
            content[1023] = (byte) 0xaa;
            Files.write(f, content);
            BlockImage img = BlockImage.file(f, true);
            assertEquals(3, img.blocks());
            byte[] b = new byte[512];
            img.readBlock(1, b, 0);
            assertEquals(0x55, b[0]);
            assertEquals((byte) 0xaa, b[511]);
            b[1] = 7;
            img.writeBlock(2, b, 0);
            byte[] back = Files.readAllBytes(f);
            assertEquals(7, back[1025]);
            assertEquals(0x55, back[1024]);
            BlockImage mem = BlockImage.inMemory(8);
            byte[] z = new byte[512];
            mem.readBlock(5, z, 0);
            assertArrayEquals(new byte[512], z);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
