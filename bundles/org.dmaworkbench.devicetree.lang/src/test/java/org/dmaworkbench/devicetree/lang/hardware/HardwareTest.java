package org.dmaworkbench.devicetree.lang.hardware;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.lang.Analyzer;
import org.dmaworkbench.devicetree.lang.CompileContext;
import org.dmaworkbench.devicetree.lang.FileKey;
import org.dmaworkbench.devicetree.lang.TextEdit;
import org.dmaworkbench.emulation.run.ScenarioTarget;
import org.dmaworkbench.emulation.scenario.LoadedScenario;
import org.dmaworkbench.emulation.scenario.ScenarioLoader;
import org.dmaworkbench.emulation.session.EmulationSession;
import org.dmaworkbench.emulation.session.SessionMonitor;
import org.dmaworkbench.emulation.session.SessionResult;
import org.dmaworkbench.emulation.session.StopCondition;
import org.dmaworkbench.tests.common.LinuxDts;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The Hardware page's model and its edits, on the kernel's Salvator-X and Koelsch. */
public class HardwareTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Analysis board(Path f, String text) {
        return Analyzer.analyze(CompileContext.board(f, List.of(LinuxDts.includePrefixes())),
                Map.of(FileKey.of(f), text)::get);
    }

    @Test
    public void salvatorXHasDmac1BehindIpmmuDs1WhichTheKernelDoesNotAttach() {
        Path f = LinuxDts.includePrefixes().resolve("arm64/renesas/r8a77951-salvator-x.dts");
        Analysis a = board(f, read(f));
        Hardware hw = Hardware.of(a.tree().get());
        Hardware.Iommu ds1 = hw.iommu("ipmmu_ds1").orElseThrow();
        assertTrue(ds1.enabled());
        // r8a77951.dtsi: dmac1 on ipmmu_ds1 micro-TLBs 0-15, dmac2 16-31, sdhi0..3 32..35; salvator-common.dtsi
        // enables sdhi0, sdhi2 and sdhi3; Linux 6.12 attaches only the SDHIs on the allow list
        assertEquals(List.of("&dmac1", "&dmac2", "&sdhi0", "&sdhi2", "&sdhi3", "&sdhi1"),
                ds1.masters().stream().map(Hardware.Master::name).toList());
        Hardware.Master dmac1 = ds1.masters().get(0);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), dmac1.utlbs());
        assertFalse(dmac1.attached());
        assertEquals("not on the allow list", dmac1.verdict());
        assertTrue(ds1.masters().get(2).attached());
        assertFalse(ds1.masters().get(5).enabled());
        assertEquals(48, ds1.utlbCount());
        // drivers/iommu/ipmmu-vmsa.c soc_needs_opt_in[] has R-Car Gen3; r8a7795 ES3.0 is not on soc_denylist[]
        assertEquals("opt-in SoC: only the allow list (the SDHIs)", ds1.rule());
        Hardware.Dmac d1 = hw.dmac("dmac1").orElseThrow();
        assertEquals(16, d1.channels());
        assertTrue(d1.modelled());
        assertEquals("&ipmmu_ds1 micro-TLB 0..15", d1.iommu());
        // hscif1's dmas (r8a77951.dtsi line 842): tx 0x33, rx 0x32 on dmac1
        assertTrue(d1.clients().stream().anyMatch(c -> c.name().equals("&hscif1") && c.channel().equals("tx")
                && c.specifier().equals("MID/RID 0x33") && c.enabled()));
    }

    @Test
    public void dmac0GoesBehindIpmmuDsOnKoelschAndTheEmulationTranslatesThroughIt() throws Exception {
        Path f = LinuxDts.includePrefixes().resolve("arm/renesas/r8a7791-koelsch.dts");
        String text = read(f);
        Analysis a = board(f, text);
        DeviceTree t = a.tree().get();
        List<TextEdit> edits = HardwareEdits.putBehindIommu(a, t.nodeByLabel("dmac0").get(),
                t.nodeByLabel("ipmmu_ds").get());
        String edited = TextEdit.apply(text, edits);
        // what the series' dropped patch gave dmac0 (one micro-TLB per channel, 0-14), with ipmmu_ds enabled, as
        // blocks at the end of the board (its &label blocks follow neither order); aligned per the coding style
        assertEquals(text + "\n&ipmmu_ds {\n\tstatus = \"okay\";\n};\n\n&dmac0 {\n"
                + "\tiommus = <&ipmmu_ds 0>, <&ipmmu_ds 1>, <&ipmmu_ds 2>, <&ipmmu_ds 3>,\n"
                + "\t\t <&ipmmu_ds 4>, <&ipmmu_ds 5>, <&ipmmu_ds 6>, <&ipmmu_ds 7>,\n"
                + "\t\t <&ipmmu_ds 8>, <&ipmmu_ds 9>, <&ipmmu_ds 10>, <&ipmmu_ds 11>,\n"
                + "\t\t <&ipmmu_ds 12>, <&ipmmu_ds 13>, <&ipmmu_ds 14>;\n};\n", edited);
        Analysis after = board(f, edited);
        assertEquals("", after.result().formatDiagnostics());
        Hardware.Iommu ds = Hardware.of(after.tree().get()).iommu("ipmmu_ds").orElseThrow();
        assertTrue(ds.enabled());
        assertEquals("every master is allowed", ds.rule());
        // R-Car Gen2 needs no opt-in: ipmmu_device_is_allowed() allows every device
        assertEquals("&dmac0", ds.masters().get(0).name());
        assertTrue(ds.masters().get(0).attached());
        // dmac1 then gets the next 15: 15-29, as the patch gave it
        List<TextEdit> second = HardwareEdits.putBehindIommu(after, after.tree().get().nodeByLabel("dmac1").get(),
                after.tree().get().nodeByLabel("ipmmu_ds").get());
        String both = TextEdit.apply(edited, second);
        assertTrue(both, both.endsWith("&dmac1 {\n\tiommus = <&ipmmu_ds 15>, <&ipmmu_ds 16>, <&ipmmu_ds 17>, "
                + "<&ipmmu_ds 18>,\n\t\t <&ipmmu_ds 19>, <&ipmmu_ds 20>, <&ipmmu_ds 21>, <&ipmmu_ds 22>,\n"
                + "\t\t <&ipmmu_ds 23>, <&ipmmu_ds 24>, <&ipmmu_ds 25>, <&ipmmu_ds 26>,\n"
                + "\t\t <&ipmmu_ds 27>, <&ipmmu_ds 28>, <&ipmmu_ds 29>;\n};\n"));

        // the emulation on the edited board: a memcpy on dmac0 goes through the IPMMU's TLB; on the original, not
        Path board = tmp.getRoot().toPath().resolve("r8a7791-koelsch.dts");
        Files.writeString(board, edited.replace("#include \"r8a7791.dtsi\"", "#include \"arm/renesas/r8a7791.dtsi\""));
        assertTrue(iotlbLookups(board) > 0);
        Files.writeString(board, text.replace("#include \"r8a7791.dtsi\"", "#include \"arm/renesas/r8a7791.dtsi\""));
        assertEquals(0, iotlbLookups(board));
    }

    private static long iotlbLookups(Path board) throws Exception {
        String scn = "board = \"" + board + "\"\ninclude = \"" + LinuxDts.includePrefixes() + "\"\n"
                + "client copy {\n\tdevice = &dmac0\n\tmemcpy bytes 16KiB\n}\n";
        LoadedScenario l = ScenarioLoader.load("t.dmascn", scn, board.getParent());
        assertTrue(l.formatDiagnostics(), l.ok());
        EmulationSession s = new EmulationSession(ScenarioTarget.create(l), StopCondition.WHEN_IDLE);
        SessionResult r = s.run(SessionMonitor.NONE);
        assertEquals(0, r.exitCode());
        return r.statistics().iotlbHits() + r.statistics().iotlbMisses();
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
