package org.dmaworkbench.kernel.dma.debug;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

public class KernelCallStackTest {

    @Test
    public void synthesizedOffsetsFollowTheDocumentedFormula() {
        // "f".hashCode() = 102: SIZE = 0x40 + 4 * (102 mod 240) = 0x1d8, OFFSET = 4 + 4 * (0 mod 117) = 4
        KernelCallStack s = new KernelCallStack();
        assertEquals(" f+0x4/0x1d8", s.lineFor("f"));
        s.push("f", "rcar_dmac");
        assertEquals(List.of(" f+0x4/0x1d8 [rcar_dmac]"), s.snapshot());
    }

    @Test
    public void explicitOffsetsArePrintedVerbatim() {
        KernelCallStack s = new KernelCallStack();
        s.push("outer+0x10/0x40");
        s.push("inner+0x8/0x20");
        assertEquals(List.of(" inner+0x8/0x20", " outer+0x10/0x40"), s.snapshot());
        assertEquals(2, s.depth());
        s.pop();
        assertEquals(List.of(" outer+0x10/0x40"), s.snapshot());
    }

    @Test
    public void popToUnwindsAndUnderflowIsRefused() {
        KernelCallStack s = new KernelCallStack();
        for (int i = 0; i < 40; i++) {
            s.push("g" + i + "+0x4/0x8");
        }
        s.popTo(1);
        assertEquals(List.of(" g0+0x4/0x8"), s.snapshot());
        s.pop();
        try {
            s.pop();
            fail("pop of an empty stack");
        } catch (IllegalStateException e) {
            assertEquals("emulated call stack underflow", e.getMessage());
        }
    }

    /** The packed innermost frames dma-debug saves agree with the full stack after every push, pop and unwind. */
    @Test
    public void innermostFramesFollowPushPopAndUnwind() {
        KernelCallStack st = new KernelCallStack();
        java.util.Random rnd = new java.util.Random(99);
        String[] names = new String[40];
        for (int i = 0; i < names.length; i++) {
            names[i] = "fn_" + i;
        }
        for (int step = 0; step < 20_000; step++) {
            int op = rnd.nextInt(4);
            if (op <= 1 || st.depth() == 0) {
                st.push(names[rnd.nextInt(names.length)]);
            } else if (op == 2) {
                st.pop();
            } else {
                st.popTo(rnd.nextInt(st.depth() + 1));
            }
            java.util.List<String> snap = st.snapshot();
            long packed = st.innermostPacked();
            for (int k = 0; k < 4; k++) {
                if (k < snap.size()) {
                    assertEquals(snap.get(k), st.line(KernelCallStack.innermostFrame(packed, k)));
                }
            }
            if (snap.size() < 4) {
                assertEquals(0, packed >>> (16 * snap.size()));
            }
        }
    }
}
