package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.dmaworkbench.devicetree.SourcePosition;
import org.dmaworkbench.emulation.scenario.Scenario.BoardRef;
import org.dmaworkbench.emulation.scenario.Scenario.Client;
import org.dmaworkbench.emulation.scenario.Scenario.DeviceRef;
import org.dmaworkbench.emulation.scenario.Scenario.InjectedBug;
import org.dmaworkbench.emulation.scenario.Scenario.IommuSwitch;
import org.dmaworkbench.emulation.scenario.Scenario.Workload;
import org.junit.Test;

/** The canonical writer: exact text for a hand-read file, and parse(write(s)) == s apart from positions. */
public class ScenarioWriterTest {

    private static Scenario parse(String name, String text) {
        ScenarioResult r = ScenarioParser.parse(name, text);
        assertEquals(r.formatDiagnostics(), false, r.hasErrors());
        return r.scenario().orElseThrow();
    }

    @Test
    public void everyKeyInCanonicalForm() throws IOException {
        Scenario s = parse("every-key.dmascn", ScenarioParserTest.resource("every-key.dmascn"));
        assertEquals("board = \"boards/my-koelsch.dts\"\n"
                + "include = \"include\"\n"
                + "include = \"/opt/linux/include-prefixes\"\n"
                + "iommu ipmmu_ds = off\n"
                + "iommu ipmmu_mx = on\n"
                + "kernel = 4.9\n"
                + "dma-debug = on\n"
                + "dma-debug.driver_filter = \"rcar-dmac\"\n"
                + "dma-debug.num_errors = 10\n"
                + "dma-debug.all_errors = on\n"
                + "seed = 42\n"
                + "stop = time 10ms | transfers 1000 | first-error\n"
                + "\n"
                + "client uart0 {\n"
                + "\tdevice = &scif0\n"
                + "\ttx text \"Hello\\tDMA!\\n\" repeat 3 rate 9600\n"
                + "\trx bytes 4096 every 500us\n"
                + "}\n"
                + "\n"
                + "client sd0 {\n"
                + "\tdevice = /soc/mmc@ee100000\n"
                + "\tread blocks 8 segments 4 repeat 2\n"
                + "}\n"
                + "\n"
                + "client sd1 {\n"
                + "\tdevice = /soc/mmc@ee140000\n"
                + "\twrite blocks 16 segments 16 repeat forever every 2ms\n"
                + "}\n"
                + "\n"
                + "client m {\n"
                + "\tdevice = &dmac0\n"
                + "\tmemcpy bytes 65536\n"
                + "}\n"
                + "\n"
                + "bug uart0 = forget-mapping-error\n"
                + "bug sd0 = sg-unmap-wrong-nents\n"
                + "bug m = unmap-resource-with-unmap-page\n", ScenarioWriter.write(s));
    }

    /** The scenario with every position replaced by one fixed position. */
    private static Scenario positionless(Scenario s) {
        SourcePosition p = new SourcePosition("x", 1, 1);
        BoardRef b = new BoardRef(s.board().builtinName(), s.board().file(), s.board().includeDirs(), p);
        List<IommuSwitch> io = new ArrayList<>();
        for (IommuSwitch w : s.iommus()) {
            io.add(new IommuSwitch(new DeviceRef(w.iommu().label(), w.iommu().path(), p), w.enabled(), p));
        }
        List<Client> cl = new ArrayList<>();
        for (Client c : s.clients()) {
            List<Workload> ws = new ArrayList<>();
            for (Workload w : c.workloads()) {
                ws.add(new Workload(w.kind(), w.count(), w.text(), w.segments(), w.repeat(), w.rate(), w.everyNs(), p));
            }
            cl.add(new Client(c.name(), new DeviceRef(c.device().label(), c.device().path(), p), ws, p));
        }
        List<InjectedBug> bugs = new ArrayList<>();
        for (InjectedBug x : s.bugs()) {
            bugs.add(new InjectedBug(x.client(), x.bug(), p));
        }
        return new Scenario("x", b, io, s.profile(), s.dmaDebug(), s.seed(), s.stop(), cl, bugs);
    }

    private static String summary(Scenario s) {
        Scenario q = positionless(s);
        return q.board() + "|" + q.board().includeDirs() + "|" + q.iommus() + "|" + q.profile() + "|" + q.dmaDebug()
                + "|" + q.seed() + "|" + q.stop() + "|" + q.clients() + "|" + q.bugs();
    }

    @Test
    public void roundTrips() throws IOException {
        List<String> texts = List.of(ScenarioParserTest.resource("every-key.dmascn"),
                ScenarioParserTest.resource("minimal.dmascn"), ScenarioParserTest.resource("cli-bugs.dmascn"),
                ScenarioLoader.defaultText(),
                "board = koelsch\niommu \"/soc/iommu@e6740000\" = on\ndma-debug = off\nseed = 18446744073709551615\n"
                        + "client q { device = \"/soc/odd path\"; tx text \"\\\"\\\\\\x01\" rate 50 }\n");
        for (String t : texts) {
            Scenario a = parse("a", t);
            String written = ScenarioWriter.write(a);
            Scenario b = parse("b", written);
            assertEquals(written, summary(a), summary(b));
            assertEquals(written, ScenarioWriter.write(b));
        }
    }
}
