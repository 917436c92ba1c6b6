package org.dmaworkbench.kernel.dmaengine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.dmaworkbench.kernel.device.Device;
import org.dmaworkbench.kernel.dma.debug.KernelLogRecord;
import org.junit.Before;
import org.junit.Test;

/**
 * The dmaengine core without hardware: of_dma_request_slave_channel()'s walk over dmas/dma-names (starting after
 * the shared request counter), the errors dma_request_chan() returns, release, cookies and the client wrappers.
 */
public class DmaEngineTest {
    private static final String C0 = "/soc/dma-controller@e6700000";
    private static final String C1 = "/soc/dma-controller@e6720000";

    /** A channel that only counts what the core asks of it. */
    static final class FakeChan extends DmaChan {
        int allocs;
        int frees;
        int syncs;
        FakeChan(DmaDevice d) {
            super(d);
        }

        @Override
        protected int deviceAllocChanResources() {
            allocs++;
            return 0;
        }

        @Override
        protected void deviceFreeChanResources() {
            frees++;
        }

        @Override
        protected int txSubmit(DmaAsyncTxDescriptor tx) {
            return dmaCookieAssign(tx);
        }

        @Override
        protected void deviceIssuePending() {
        }

        @Override
        protected DmaStatus deviceTxStatus(int cookie, DmaTxState state) {
            return dmaCookieStatus(cookie, state);
        }

        @Override
        protected void deviceSynchronize() {
            syncs++;
        }

        void complete(DmaAsyncTxDescriptor tx, DmaengineResult r) {
            dmaCookieComplete(tx);
            dmaengineDescCallbackInvoke(tx, r);
        }
    }

    /** A controller whose xlate takes the first free channel for a request line not yet in use, as rcar-dmac. */
    static final class FakeDmac extends DmaDevice {
        final BitSet lines = new BitSet();

        FakeDmac(String name, int channels) {
            super(new Device(name, "fake-dmac"));
            for (int i = 0; i < channels; i++) {
                addChannel(new FakeChan(this));
            }
        }

        @Override
        public DmaChan ofDmaXlate(OfDmaSpec spec) {
            return engine().dmaRequestChannel(this, c -> {
                if (lines.get(spec.args()[0])) {
                    return false;
                }
                lines.set(spec.args()[0]);
                return true;
            });
        }
    }

    private final DmaEngine engine = new DmaEngine();
    private final List<KernelLogRecord> log = new ArrayList<>();
    private final Device scif0 = new Device("e6e60000.serial", "sh-sci");
    private List<OfDmaSpec> dmas;
    private FakeDmac dmac0;
    private FakeDmac dmac1;

    @Before
    public void setUp() {
        engine.setKernelLog(log::add);
        dmas = List.of(new OfDmaSpec("tx", C0, new int[] {0x29}), new OfDmaSpec("rx", C0, new int[] {0x2a}),
                new OfDmaSpec("tx", C1, new int[] {0x29}), new OfDmaSpec("rx", C1, new int[] {0x2a}));
        engine.setOfDmaResolver(new OfDmaResolver() {
            @Override
            public List<OfDmaSpec> dmas(Device dev) {
                return dev == scif0 ? dmas : null;
            }

            @Override
            public String nodePath(Device dev) {
                return "/soc/serial@e6e60000";
            }
        });
        dmac0 = new FakeDmac("e6700000.dma-controller", 2);
        dmac1 = new FakeDmac("e6720000.dma-controller", 2);
    }

    private void registerBoth() {
        engine.dmaAsyncDeviceRegister(dmac0);
        engine.ofDmaControllerRegister(C0, dmac0);
        engine.dmaAsyncDeviceRegister(dmac1);
        engine.ofDmaControllerRegister(C1, dmac1);
    }

    private int errno(Runnable r) {
        try {
            r.run();
        } catch (DmaEngineException e) {
            return e.errno();
        }
        fail("no error");
        return 0;
    }

    @Test
    public void requestsStartAfterTheSharedCounterSoTheyAlternateBetweenControllers() {
        registerBoth();
        // 1st request: start 1 -> entries 1 (rx), 2 (tx on dmac1)
        DmaChan a = engine.dmaRequestChan(scif0, "tx");
        assertSame(dmac1, a.device());
        assertEquals("dma1chan0", a.chanName());
        assertEquals("dma:tx", a.name());
        assertSame(scif0, a.slave());
        assertEquals(1, ((FakeChan) a).allocs);
        // 2nd: start 2 -> entry 2 (dmac1: line 0x29 taken), 3 (rx), 0 (tx on dmac0)
        DmaChan b = engine.dmaRequestChan(scif0, "tx");
        assertSame(dmac0, b.device());
        assertEquals("dma0chan0", b.chanName());
        // 3rd: every tx entry's line is taken on its controller
        assertEquals(DmaEngineException.ENODEV, errno(() -> engine.dmaRequestChan(scif0, "tx")));
        // 4th: start 4 -> entry 0 (tx), 1 (rx on dmac0)
        DmaChan c = engine.dmaRequestChan(scif0, "rx");
        assertSame(dmac0, c.device());
        assertEquals("dma0chan1", c.chanName());
        assertEquals(4, engine.lastIndex());
    }

    @Test
    public void aControllerWithoutDriverDefersTheProbe() {
        engine.dmaAsyncDeviceRegister(dmac0);
        engine.ofDmaControllerRegister(C0, dmac0);
        // start 1: entry 2 points at dmac1, not registered -> -EPROBE_DEFER remembered, entry 0 works
        assertSame(dmac0, engine.dmaRequestChan(scif0, "tx").device());
        // start 2: entry 2 (deferred), entry 0 (line taken): the deferral is what the client gets
        assertEquals(DmaEngineException.EPROBE_DEFER, errno(() -> engine.dmaRequestChan(scif0, "tx")));
    }

    @Test
    public void missingDmasAndDmaNamesGiveEnodev() {
        registerBoth();
        Device none = new Device("e6e68000.serial", "sh-sci");
        assertEquals(DmaEngineException.ENODEV, errno(() -> engine.dmaRequestChan(none, "tx")));
        assertEquals(List.of(), log);
        assertEquals(DmaEngineException.ENODEV, errno(() -> engine.dmaRequestChan(scif0, "ctrl")));
        dmas = List.of(new OfDmaSpec(null, C0, new int[] {0x29}));
        assertEquals(DmaEngineException.ENODEV, errno(() -> engine.dmaRequestChan(scif0, "tx")));
        assertEquals("of_dma_request_slave_channel: dma-names property of node '/soc/serial@e6e60000' missing or empty",
                log.get(0).text());
        assertEquals(KernelLogRecord.Level.ERR, log.get(0).level());
    }

    @Test
    public void releaseSynchronizesFreesAndMakesTheChannelAvailableAgain() {
        registerBoth();
        FakeChan a = (FakeChan) engine.dmaRequestChan(scif0, "tx");
        engine.dmaReleaseChannel(a);
        assertEquals(1, a.syncs);
        assertEquals(1, a.frees);
        assertEquals(0, a.clientCount());
        assertNull(a.name());
        assertNull(a.slave());
        assertEquals(List.of(), log);
        engine.dmaReleaseChannel(a);
        assertEquals("chan reference count 0 != 1", log.get(0).text());
        assertEquals(1, a.frees);
        // the channel is free, but the fake controller still holds line 0x29 (its free does not clear it)
        assertSame(dmac0, engine.dmaRequestChan(scif0, "tx").device());
    }

    @Test
    public void requestByMaskTakesTheFirstFreeChannelOfACapableController() {
        assertEquals(DmaEngineException.EPROBE_DEFER,
                errno(() -> engine.dmaRequestChanByMask(DmaEngine.DmaCap.MEMCPY)));
        registerBoth();
        assertEquals(DmaEngineException.ENODEV, errno(() -> engine.dmaRequestChanByMask(DmaEngine.DmaCap.MEMCPY)));
        dmac1.setCapabilities(true, false, true);
        assertEquals("dma1chan0", engine.dmaRequestChanByMask(DmaEngine.DmaCap.MEMCPY).chanName());
        assertEquals("dma1chan1", engine.dmaRequestChanByMask(DmaEngine.DmaCap.MEMCPY).chanName());
        assertEquals(DmaEngineException.ENODEV, errno(() -> engine.dmaRequestChanByMask(DmaEngine.DmaCap.MEMCPY)));
    }

    @Test
    public void cookiesAreAssignedInOrderAndCompleteOneByOne() {
        registerBoth();
        FakeChan ch = (FakeChan) engine.dmaRequestChan(scif0, "tx");
        DmaAsyncTxDescriptor t1 = new DmaAsyncTxDescriptor(ch, 0);
        DmaAsyncTxDescriptor t2 = new DmaAsyncTxDescriptor(ch, 0);
        assertEquals(-16, t1.cookie());
        assertEquals(2, DmaEngine.dmaengineSubmit(t1));
        assertEquals(3, DmaEngine.dmaengineSubmit(t2));
        DmaTxState st = new DmaTxState();
        assertEquals(DmaStatus.IN_PROGRESS, DmaEngine.dmaengineTxStatus(ch, 2, st));
        assertEquals(1, st.last);
        assertEquals(3, st.used);
        List<DmaengineResult> got = new ArrayList<>();
        int[] plain = {0};
        t1.setCallback(() -> plain[0]++);
        t1.setCallbackResult(got::add);
        ch.complete(t1, new DmaengineResult(DmaengineTxResult.WRITE_FAILED, 12));
        assertEquals(0, t1.cookie());
        assertEquals(List.of(new DmaengineResult(DmaengineTxResult.WRITE_FAILED, 12)), got);
        assertEquals(0, plain[0]);
        assertEquals(DmaStatus.COMPLETE, DmaEngine.dmaAsyncIsTxComplete(ch, 2, null));
        assertEquals(DmaStatus.IN_PROGRESS, DmaEngine.dmaAsyncIsTxComplete(ch, 3, null));
        t2.setCallback(() -> plain[0]++);
        ch.complete(t2, null);
        assertEquals(1, plain[0]);
        assertEquals(DmaStatus.COMPLETE, DmaEngine.dmaAsyncIsTxComplete(ch, 3, null));
        // cookies not yet used count as complete too: the kernel's dma_async_is_complete() window test
        assertEquals(DmaStatus.COMPLETE, DmaEngine.dmaAsyncIsTxComplete(ch, 9, null));
    }

    @Test
    public void dmaAsyncIsCompleteHandlesTheWrappedWindow() {
        assertEquals(DmaStatus.IN_PROGRESS, DmaChan.dmaAsyncIsComplete(5, 4, 6));
        assertEquals(DmaStatus.COMPLETE, DmaChan.dmaAsyncIsComplete(4, 4, 6));
        assertEquals(DmaStatus.COMPLETE, DmaChan.dmaAsyncIsComplete(7, 4, 6));
        // used wrapped past INT_MAX to 1..: last_complete > last_used
        assertEquals(DmaStatus.COMPLETE, DmaChan.dmaAsyncIsComplete(Integer.MAX_VALUE - 1, Integer.MAX_VALUE, 2));
        assertEquals(DmaStatus.IN_PROGRESS, DmaChan.dmaAsyncIsComplete(2, Integer.MAX_VALUE, 2));
        assertEquals(DmaStatus.IN_PROGRESS, DmaChan.dmaAsyncIsComplete(Integer.MAX_VALUE - 5, Integer.MAX_VALUE - 6, 2));
    }

    @Test
    public void operationsADriverLacksReturnWhatTheWrappersReturn() {
        registerBoth();
        DmaChan ch = engine.dmaRequestChan(scif0, "tx");
        assertEquals(-38, DmaEngine.dmaengineSlaveConfig(ch, new DmaSlaveConfig()));
        assertNull(DmaEngine.dmaenginePrepDmaMemcpy(ch, 0x1000, 0x2000, 64, 0));
        assertNull(DmaEngine.dmaenginePrepSlaveSingle(ch, 0x1000, 64, DmaTransferDirection.MEM_TO_DEV, 0));
        assertNull(DmaEngine.dmaenginePrepDmaCyclic(ch, 0x1000, 64, 16, DmaTransferDirection.MEM_TO_DEV, 0));
        // dmaengine_terminate_sync() gives up before synchronizing when terminate_all is missing
        assertEquals(-38, DmaEngine.dmaengineTerminateSync(ch));
        assertEquals(0, ((FakeChan) ch).syncs);
        assertNull(DmaEngine.dmaenginePrepSlaveSg(null, null, 0, DmaTransferDirection.MEM_TO_DEV, 0));
    }
}
