package org.dmaworkbench.emulation.scenario;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.DtNode;
import org.dmaworkbench.devicetree.PhandleSpecifier;
import org.dmaworkbench.emulation.scenario.Scenario.AttachTarget;
import org.dmaworkbench.emulation.scenario.Scenario.IommuAttach;
import org.dmaworkbench.kernel.KernelProfile;
import org.dmaworkbench.kernel.drivers.ipmmu.IpmmuAttachRule.Verdict;
import org.dmaworkbench.tests.common.LinuxDts;
import org.junit.Test;

/**
 * The scenario's IOMMU opt-in ({@code iommu X = on { attach = ... }}, {@code soc.revision}) against the kernel's
 * ipmmu_device_is_allowed() (drivers/iommu/ipmmu-vmsa.c, Linux 6.12 lines 727-775), on built-in and real boards.
 */
public class IommuAttachTest {
    private static final String SALVATOR = "\"arm64/renesas/r8a77951-salvator-x.dts\"";
    private static final String KOELSCH = "\"arm/renesas/r8a7791-koelsch.dts\"";

    private static Scenario parsed(String text) {
        ScenarioResult r = ScenarioParser.parse("t.dmascn", text);
        assertEquals("", r.formatDiagnostics());
        return r.scenario().orElseThrow();
    }

    private static String parseErrors(String text) {
        ScenarioResult r = ScenarioParser.parse("t.dmascn", text);
        assertTrue("expected errors", r.hasErrors());
        return r.formatDiagnostics();
    }

    /** A scenario on a kernel board file, include-prefixes as include path. */
    private static LoadedScenario real(String board, String rest) {
        Path inc = LinuxDts.includePrefixes();
        return ScenarioLoader.load("t.dmascn", "board = " + board + "\ninclude = \"" + inc + "\"\n" + rest,
                inc);
    }

    private static final String CLIENT = "client u { device = &scif0; tx bytes 1 }\n";

    @Test
    public void attachBlocksParse() {
        Scenario s = parsed("board = koelsch\niommu ipmmu_ds = on { attach = all }\n" + CLIENT);
        IommuAttach a = s.iommus().get(0).attach();
        assertTrue(a.all());
        assertEquals(List.of(), a.targets());

        s = parsed("board = koelsch\niommu ipmmu_ds = on {\n\tattach = &dmac0 utlb 0..14, /soc/serial@e6e60000,"
                + " &hscif0 utlb 20\n}\n" + CLIENT);
        a = s.iommus().get(0).attach();
        assertFalse(a.all());
        assertEquals(3, a.targets().size());
        AttachTarget t0 = a.targets().get(0);
        assertEquals("dmac0", t0.device().label());
        assertEquals(15, t0.utlbs().size());
        assertEquals(Integer.valueOf(14), t0.utlbs().get(14));
        assertEquals("/soc/serial@e6e60000", a.targets().get(1).device().path());
        assertEquals(List.of(), a.targets().get(1).utlbs());
        assertEquals(List.of(20), a.targets().get(2).utlbs());
        assertEquals(3, a.position().line());

        s = parsed("board = koelsch\nsoc.revision = ES2.0\niommu ipmmu_ds = on\n" + CLIENT);
        assertEquals("ES2.0", s.socRevision().orElseThrow());
        assertTrue(s.iommus().get(0).attach().isEmpty());
    }

    @Test
    public void attachBlockErrorsAtTheirPosition() {
        assertEquals("t.dmascn:2:22: error: an attach block needs the IOMMU on ('iommu ipmmu_ds = on { ... }')\n",
                parseErrors("board = koelsch\niommu ipmmu_ds = off { attach = all }\n" + CLIENT));
        assertEquals("t.dmascn:2:21: error: empty iommu block: give 'attach = all' or 'attach = &LABEL, ...'\n",
                parseErrors("board = koelsch\niommu ipmmu_ds = on { }\n" + CLIENT));
        assertEquals("t.dmascn:2:23: error: expected 'attach = all' or 'attach = &LABEL, ...' in the iommu block, "
                + "got 'map'\n", parseErrors("board = koelsch\niommu ipmmu_ds = on { map = all }\n" + CLIENT));
        assertEquals("t.dmascn:2:40: error: &dmac0 is listed twice\n",
                parseErrors("board = koelsch\niommu ipmmu_ds = on { attach = &dmac0, &dmac0 }\n" + CLIENT));
        assertEquals("t.dmascn:2:44: error: micro-TLB range 3..1 is empty (the end is below the start)\n",
                parseErrors("board = koelsch\niommu ipmmu_ds = on { attach = &dmac0 utlb 3..1 }\n" + CLIENT));
        assertEquals("t.dmascn:2:44: error: a micro-TLB number must be between 0 and 63, got 64\n",
                parseErrors("board = koelsch\niommu ipmmu_ds = on { attach = &dmac0 utlb 64 }\n" + CLIENT));
        assertEquals("t.dmascn:2:21: error: the iommu block is not closed: missing '}'\n",
                parseErrors("board = koelsch\niommu ipmmu_ds = on { attach = all\n"));
        assertEquals("t.dmascn:2:16: error: expected a revision such as ES3.0, got '\"ES 2\"'\n",
                parseErrors("board = koelsch\nsoc.revision = \"ES 2\"\n" + CLIENT));
    }

    @Test
    public void theWriterKeepsAttachBlocksAndTheRevision() {
        String text = "board = koelsch\nsoc.revision = ES3.0\niommu ipmmu_ds = on { attach = &dmac0 utlb 0..14, "
                + "&scif0 }\niommu ipmmu_mx = on { attach = all }\n" + CLIENT;
        Scenario s = parsed(text);
        String written = ScenarioWriter.write(s);
        assertTrue(written, written.contains("iommu ipmmu_ds = on { attach = &dmac0 utlb 0..14, &scif0 }\n"));
        assertTrue(written, written.contains("iommu ipmmu_mx = on { attach = all }\n"));
        assertTrue(written, written.contains("soc.revision = ES3.0\n"));
        Scenario again = parsed(written);
        assertEquals(s.iommus().get(0).attach().targets(), again.iommus().get(0).attach().targets().stream()
                .map(t -> new AttachTarget(new Scenario.DeviceRef(t.device().label(), t.device().path(),
                        s.iommus().get(0).attach().targets().get(again.iommus().get(0).attach().targets().indexOf(t))
                                .device().position()), t.utlbs()))
                .toList());
        assertEquals(s.socRevision(), again.socRevision());
    }

    @Test
    public void aBoardsOwnPlanIsTheKernelRuleWithNothingOptedIn() {
        DeviceTree tree = org.dmaworkbench.emulation.boards.BuiltinBoards.compile("salvator-x").orElseThrow().tree()
                .orElseThrow();
        IommuPlan plan = IommuPlan.forBoard(tree, KernelProfile.V6_12);
        assertEquals("r8a7795", plan.soc().socId());
        assertEquals(Set.of(), plan.optInDevices());
        IommuPlan.Unit ds1 = plan.units().stream().filter(u -> u.devName().equals("e7740000.iommu")).findFirst()
                .orElseThrow();
        // drivers/iommu/ipmmu-vmsa.c devices_allowlist[]: of IPMMU-DS1's masters only the SDHI ee100000.mmc
        assertEquals(List.of("ee100000.mmc"), ds1.attachedMasters().stream().map(IommuPlan.Master::devName).toList());
        assertEquals(Verdict.NOT_ON_ALLOW_LIST, ds1.masters().stream()
                .filter(m -> m.devName().equals("e7300000.dma-controller")).findFirst().orElseThrow().verdict());
        // the 4.9 driver had no allow list: every master is attached
        IommuPlan old = IommuPlan.forBoard(tree, KernelProfile.V4_9);
        assertEquals(3, old.units().stream().filter(u -> u.devName().equals("e7740000.iommu")).findFirst()
                .orElseThrow().attachedMasters().size());
    }

    @Test
    public void theBuiltinSalvatorXOptsItsDmacsIn() {
        LoadedScenario l = ScenarioLoader.load("t.dmascn", "board = salvator-x\niommu ipmmu_ds1 = on { attach = all }\n"
                + "client c { device = &dmac1; memcpy bytes 4KiB }\n", Path.of("."));
        assertEquals("", l.formatDiagnostics());
        IommuPlan plan = l.iommuPlan().orElseThrow();
        assertEquals("r8a7795", plan.soc().socId());
        // the SDHI is on the allow list and needs no opt-in; the two DMACs of IPMMU-DS1 are opted in
        assertEquals(Set.of("e7300000.dma-controller", "e7310000.dma-controller"), plan.optInDevices());
        IommuPlan.Unit ds1 = plan.units().stream().filter(u -> u.devName().equals("e7740000.iommu")).findFirst()
                .orElseThrow();
        assertEquals(3, ds1.attachedMasters().size());
        IommuPlan.Master sdhi = ds1.masters().stream().filter(m -> m.devName().equals("ee100000.mmc")).findFirst()
                .orElseThrow();
        assertEquals(Verdict.ALLOWED_LIST, sdhi.verdict());
        assertFalse(sdhi.optedIn());
        assertEquals(List.of(32), sdhi.utlbs());
        // IPMMU-DS0's DMAC0 is not opted in: the kernel's rule keeps it on dma-direct
        IommuPlan.Unit ds0 = plan.units().stream().filter(u -> u.devName().equals("e6740000.iommu")).findFirst()
                .orElseThrow();
        assertEquals(Verdict.NOT_ON_ALLOW_LIST, ds0.masters().get(0).verdict());
        assertFalse(ds0.masters().get(0).attached());
    }

    @Test
    public void aNamedMasterMustBeConnectedToThatIommu() throws Exception {
        LoadedScenario l = ScenarioLoader.load("t.dmascn", "board = salvator-x\niommu ipmmu_ds1 = on { attach = &dmac0 }\n"
                + "client c { device = &dmac1; memcpy bytes 4KiB }\n", Path.of("."));
        assertEquals("t.dmascn:2:33: error: &dmac0 (/soc/dma-controller@e6700000)'s iommus name another IOMMU "
                + "first: give its micro-TLBs on &ipmmu_ds1 (/soc/iommu@e7740000) (&dmac0 utlb N..M), as a board "
                + "file's iommus property would\n", l.formatDiagnostics());
        l = ScenarioLoader.load("t.dmascn", "board = salvator-x\niommu ipmmu_ds1 = on { attach = &dmac1 utlb 48 }\n"
                + "client c { device = &dmac1; memcpy bytes 4KiB }\n", Path.of("."));
        assertEquals("t.dmascn:2:33: error: micro-TLB 48 out of range for &ipmmu_ds1 (/soc/iommu@e7740000) "
                + "(48 micro-TLBs)\n", l.formatDiagnostics());
    }

    @Test
    public void realKoelschSaysHowToPutTheDmacBehindTheIpmmu() {
        // Linux's r8a7791.dtsi gives the DMACs no iommus (the series' DT patches were dropped): nothing uses IPMMU-DS
        LoadedScenario l = real(KOELSCH, "iommu ipmmu_ds = on\n" + CLIENT);
        assertTrue(l.formatDiagnostics(), l.ok());
        assertEquals("t.dmascn:3:7: warning: &ipmmu_ds (/soc/iommu@e6740000) is switched on but no enabled device "
                + "refers to it in iommus, so nothing is translated; connect a master in the scenario (iommu ipmmu_ds = "
                + "on { attach = &LABEL utlb N..M }) or add an iommus property to the board file (as the series' "
                + "dropped DT patch did)\n", l.formatDiagnostics());

        // the opt-in with micro-TLBs does what the dropped patch did: dmac0 gets iommus, one per channel
        l = real(KOELSCH, "iommu ipmmu_ds = on { attach = &dmac0 utlb 0..14 }\n" + CLIENT);
        assertEquals("", l.formatDiagnostics());
        DtNode dmac0 = l.board().orElseThrow().nodeByLabel("dmac0").orElseThrow();
        List<PhandleSpecifier> specs = dmac0.specifiers("iommus", "#iommu-cells");
        assertEquals(15, specs.size());
        assertEquals("/soc/iommu@e6740000", specs.get(0).provider().path());
        assertEquals(14, specs.get(14).args()[0]);
        assertTrue(l.board().orElseThrow().node("/soc/iommu@e6740000").orElseThrow().isEnabled());
        // R-Car Gen2 needs no opt-in: the kernel itself attaches a master once the board connects it
        IommuPlan.Master m = l.iommuPlan().orElseThrow().units().stream()
                .filter(u -> u.devName().equals("e6740000.iommu")).findFirst().orElseThrow().masters().get(0);
        assertEquals(Verdict.ALLOWED_NO_OPT_IN, m.verdict());
        assertTrue(m.attached());
        assertEquals(Set.of(), l.iommuPlan().orElseThrow().optInDevices());
    }

    @Test
    public void theKernelsRuleOnRealGen3Boards() {
        LoadedScenario l = real(SALVATOR, "iommu ipmmu_ds1 = on\nclient c { device = &dmac1; memcpy bytes 4KiB }\n");
        assertTrue(l.formatDiagnostics(), l.ok());
        IommuPlan.Unit ds1 = l.iommuPlan().orElseThrow().units().stream()
                .filter(u -> u.devName().equals("e7740000.iommu")).findFirst().orElseThrow();
        // r8a77951.dtsi: sdhi0/2/3 (ee100000, ee140000, ee160000) and dmac1/dmac2 name ipmmu_ds1 first
        assertEquals(List.of("e7300000.dma-controller", "e7310000.dma-controller", "ee100000.mmc", "ee140000.mmc",
                "ee160000.mmc"), ds1.masters().stream().map(IommuPlan.Master::devName).toList());
        assertEquals(List.of("ee100000.mmc", "ee140000.mmc", "ee160000.mmc"),
                ds1.attachedMasters().stream().map(IommuPlan.Master::devName).toList());

        // H3 ES2.x is on soc_denylist[]: nothing is attached, and switching IPMMU-DS1 on says so
        l = real(SALVATOR, "soc.revision = ES2.0\niommu ipmmu_ds1 = on\n"
                + "client c { device = &dmac1; memcpy bytes 4KiB }\n");
        assertTrue(l.formatDiagnostics(), l.ok());
        assertEquals("t.dmascn:4:7: warning: &ipmmu_ds1 (/soc/iommu@e7740000) is switched on but the kernel's "
                + "ipmmu_device_is_allowed() attaches none of its masters on r8a7795 (e7300000.dma-controller: the SoC "
                + "is on the deny list, e7310000.dma-controller: the SoC is on the deny list, ee100000.mmc: the SoC is "
                + "on the deny list, ee140000.mmc: the SoC is on the deny list, ee160000.mmc: the SoC is on the deny "
                + "list); opt them in with iommu ipmmu_ds1 = on { attach = all } or name them (attach = &LABEL, ...)\n",
                l.formatDiagnostics());
    }
}
