package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;

import org.dmaworkbench.kernel.dma.DmaDirection;
import org.junit.Before;
import org.junit.Test;

/**
 * dma-debug remembers the last page its area checks found clean while the layout's generation stays the same.
 * The checks must still fire every time on pages that are not clean, for ranges reaching past the page, and
 * again as soon as the layout changes.
 */
public class DmaDebugCleanPageTest extends DmaDebugFixture {
    static final String SERIAL = "DMA-API: sh-sci e6e60000.serial: ";
    static final long STACK_PAGE = 0x7f001000L;

    @Before
    public void withGeneration() {
        layout.generation = 1;
    }

    private void map(long pagePhys, long offset, long size) {
        debug.debugDmaMapPage(serial, pagePhys, offset, size, DmaDirection.TO_DEVICE, 0xfff00000L, 0);
    }

    @Test
    public void aPageFoundCleanIsCheckedAgainOnceTheLayoutChanges() {
        // the current task's stack elsewhere: the page is ordinary memory
        layout.stackStart = TestLayout.linear(0x7e000000L);
        layout.stackEnd = TestLayout.linear(0x7e004000L);
        map(STACK_PAGE, 0x10, 64);
        assertSilent();
        // the task switches to one whose stack holds that page: a new generation
        layout.stackStart = TestLayout.linear(0x7f000000L);
        layout.stackEnd = TestLayout.linear(0x7f004000L);
        layout.generation = 2;
        map(STACK_PAGE, 0x10, 64);
        single(SERIAL + "device driver maps memory from stack [addr=ffff00003f001010]");
    }

    @Test
    public void theGenerationIsWhatTheMemoTrusts() {
        layout.stackStart = TestLayout.linear(0x7e000000L);
        layout.stackEnd = TestLayout.linear(0x7e004000L);
        map(STACK_PAGE, 0x10, 64);
        // the same change without a new generation goes unseen: a layout must change it with its answers
        layout.stackStart = TestLayout.linear(0x7f000000L);
        layout.stackEnd = TestLayout.linear(0x7f004000L);
        map(STACK_PAGE, 0x10, 64);
        assertSilent();
        layout.generation = -1; // no generation: no memo
        map(STACK_PAGE, 0x10, 64);
        assertEquals(1, debug.errorCount());
    }

    @Test
    public void stackAndTextPagesAreReportedEveryTime() {
        map(STACK_PAGE, 0x10, 64);
        map(STACK_PAGE, 0x20, 64);
        assertEquals(2, debug.errorCount());
        map(0x40300000L, 0, 4096); // kernel text
        map(0x40300000L, 0, 4096);
        assertEquals(4, debug.errorCount());
    }

    @Test
    public void aRangeReachingPastACleanPageIsChecked() {
        // page 0x4020f000 is clean; text starts at linear(0x40210000)
        map(0x4020f000L, 0, 0x100);
        assertSilent();
        map(0x4020f000L, 0x800, 0x1000);
        single(SERIAL + "device driver maps memory from kernel text or rodata [addr=ffff00000020f800] [len=4096]");
    }

    @Test
    public void aPageWithTextInItIsNotClean() {
        // the first bytes of page 0x40210000 are text, so a mapping of the page's end must be reported
        layout.generation = 5;
        map(0x40210000L, 0xf00, 0x100);
        map(0x40210000L, 0xf00, 0x100);
        assertEquals(2, debug.errorCount());
    }

    @Test
    public void mapSingleChecksVmallocAddressesEveryTimeAndValidPagesOnce() {
        long valid = TestLayout.linear(0x48000100L);
        debug.debugDmaMapSingle(serial, valid, 64);
        debug.debugDmaMapSingle(serial, valid + 0x80, 64);
        assertSilent();
        long vmalloc = TestLayout.VMALLOC_START + 0x2000;
        debug.debugDmaMapSingle(serial, vmalloc, 64);
        debug.debugDmaMapSingle(serial, vmalloc, 64);
        // each call: not a valid linear address, and vmalloc
        assertEquals(4, debug.errorCount());
    }
}
