package org.dmaworkbench.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.emulation.capture.CaptureImport;
import org.dmaworkbench.emulation.compare.LiveComparison;
import org.dmaworkbench.emulation.live.Mapping;
import org.dmaworkbench.emulation.live.MappingHistory;
import org.dmaworkbench.launch.EmulationLaunch;
import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.EmulationContext;
import org.dmaworkbench.launch.ui.LiveSource;
import org.dmaworkbench.tests.ui.common.TestProject;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.capture.CaptureImportJob;
import org.dmaworkbench.ui.views.DmaApiView;
import org.dmaworkbench.ui.views.compare.CompareView;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.debug.ui.IDebugUIConstants;
import org.eclipse.jface.action.IContributionItem;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.wizards.IWizardCategory;
import org.eclipse.ui.wizards.IWizardDescriptor;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * Real captures in the IDE (imported in a Job with progress and cancel, the same rows as the run that exported them,
 * File › Open and Import › DMA Workbench registered) and the comparison of two launches (IOMMU on against off).
 */
public class CaptureAndCompareTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    @Rule
    public TestProject project = new TestProject("captures");

    @Before
    public void setUp() throws Exception {
        DmaViews.cleanUp();
        DmaViews.consolesStayBehind(true);
        DmaViews.shell().setSize(1280, 1000);
        DebugUITools.getPreferenceStore().setValue(IDebugUIConstants.PREF_AUTO_REMOVE_OLD_LAUNCHES, false);
    }

    @After
    public void tearDown() throws Exception {
        DmaViews.consolesStayBehind(false);
        DebugUITools.getPreferenceStore().setToDefault(IDebugUIConstants.PREF_AUTO_REMOVE_OLD_LAUNCHES);
        DmaViews.cleanUp();
    }

    private static String rowKey(Mapping m) {
        // a trace has a coherent buffer's virt_addr, not its physical address (trace/events/dma.h dma_alloc)
        String p = m.typeName().equals("coherent") ? "" : " P=" + Long.toHexString(m.cpuPhys());
        return m.device() + " " + m.typeName() + " D=" + Long.toHexString(m.dmaAddr()) + p + " L=" + m.size() + " "
                + m.directionName() + (m.isLive() ? " live" : "");
    }

    @Test
    public void aLaunchsExportImportedBackShowsTheSameRows() throws Exception {
        IFile scn = DmaViews.copy(project.project(), "leak.dmascn");
        Path dir = project.project().getLocation().toFile().toPath();
        DmaApiView view = DmaViews.view();
        EmulationProcess p = DmaViews.launch(DmaViews.config("exported", scn, EmulationLaunch.CONFIG_EXPORT_TRACE,
                dir.resolve("run.trace").toString(), EmulationLaunch.CONFIG_EXPORT_DUMP, dir.resolve("run.dump").toString()));
        DmaViews.waitTerminated(p);
        LiveSource launch = DmaViews.sourceOf(p);
        UiTests.waitUntil("the launch as the context's source", DmaViews.TIMEOUT_MS,
                () -> EmulationContext.getDefault().source() == launch);
        DmaViews.waitShowing(view, launch);
        List<String> launchRows = cells(view);
        MappingHistory ran = launch.model().snapshot().history();

        project.project().refreshLocal(IResource.DEPTH_ONE, null);
        IFile trace = project.project().getFile("run.trace");
        assertTrue(trace.exists());
        CaptureImportJob job = new CaptureImportJob(List.of(trace.getLocation().toFile().toPath()), Map.of());
        job.schedule();
        UiTests.joinFamily(CaptureImportJob.FAMILY, DmaViews.TIMEOUT_MS);
        assertTrue(job.getResult().toString(), job.getResult().isOK());
        UiTests.waitUntil("the capture as the context's source", DmaViews.TIMEOUT_MS, () -> job.source() != null);
        LiveSource capture = job.source();
        assertEquals(capture, EmulationContext.getDefault().source());
        assertEquals("run.trace", capture.name());
        DmaViews.waitShowing(view, capture);
        // the live rows as the table paints them: the leaked TX buffer, the same on both sides
        assertEquals(launchRows, cells(view));
        assertEquals(1, view.rows().size());
        // every mapping the run made, in order
        MappingHistory back = capture.model().snapshot().history();
        assertEquals(ran.size(), back.size());
        for (int i = 0; i < ran.size(); i++) {
            assertEquals(rowKey(ran.row(i)), rowKey(back.row(i)));
        }
        // the leak, found again at the end of the capture, opens the capture at the line that made the mapping
        assertEquals(1, view.errorsTab().errors().size());
        LiveSource.Location where = capture.locate(view.errorsTab().errors().get(0)).orElseThrow();
        String line = Files.readAllLines(where.file()).get(where.line() - 1);
        assertTrue(line, line.contains("dma_map_page: e6700000.dma-controller"));
        assertTrue(view.statusText(), view.statusText().startsWith("run.trace: capture, "));
        DmaViews.shot("dma-api-capture.png");

        // the dump exported by the launch, imported alone: the same live row
        IFile dump = project.project().getFile("run.dump");
        CaptureImportJob j2 = new CaptureImportJob(List.of(dump.getLocation().toFile().toPath()), Map.of());
        j2.schedule();
        UiTests.joinFamily(CaptureImportJob.FAMILY, DmaViews.TIMEOUT_MS);
        UiTests.waitUntil("the dump as the source", DmaViews.TIMEOUT_MS, () -> j2.source() != null);
        DmaViews.waitShowing(view, j2.source());
        assertEquals(launchRows, cells(view));
    }

    /** Device, type, CPU, DMA, size and direction of each row, as the table shows them. */
    private static List<String> cells(DmaApiView view) {
        var rows = view.rows();
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            Mapping m = rows.mapping(r);
            out.add(String.join("\t", m.device(), m.typeName(), String.format("0x%08x", m.cpuPhys()),
                    String.format("0x%08x", m.dmaAddr()), Long.toString(m.size()), m.directionName()));
        }
        return out;
    }

    /** A capture of {@code lines} lines of dma_map_page events (include/trace/events/dma.h, 6.12). */
    private static Path bigCapture(Path file, int lines) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# tracer: nop\n#\n");
            for (int i = 0; i < lines - 2; i++) {
                long t = 100_000_000L + 1000L * i;
                w.write(String.format("     kworker/0:1-23      [000] .....   %d.%06d: dma_map_page: ee100000.mmc "
                        + "dir=TO_DEVICE dma_addr=%x size=4096 phys_addr=%x attrs=%n", t / 1_000_000_000L,
                        t / 1000 % 1_000_000, 0x1000_0000L + 4096L * i, 0x4000_0000L + 4096L * i));
            }
        }
        return file;
    }

    @Test
    public void anImportShowsItsProgressAndCanBeCanceled() throws Exception {
        DmaViews.view();
        Path big = bigCapture(project.project().getLocation().toFile().toPath().resolve("big.trace"), 400_000);
        // canceled: no source, status CANCEL
        CaptureImportJob canceled = new CaptureImportJob(List.of(big), Map.of(), new CaptureImport.Monitor() {
            @Override
            public boolean isCanceled() {
                return false;
            }

            @Override
            public void progress(long done, long total, Path file) {
                // the first report
            }
        });
        canceled.schedule();
        UiTests.waitUntil("the import to start", DmaViews.TIMEOUT_MS, () -> canceled.getState() == Job.RUNNING);
        canceled.cancel();
        UiTests.joinFamily(CaptureImportJob.FAMILY, DmaViews.TIMEOUT_MS);
        assertEquals(org.eclipse.core.runtime.IStatus.CANCEL, canceled.getResult().getSeverity());
        assertNull(canceled.source());
        assertTrue(EmulationContext.getDefault().sources().stream().noneMatch(s -> s.capture() != null));

        // halfway, held by the test until the progress dialog is on the screenshot
        CountDownLatch half = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        CaptureImportJob held = new CaptureImportJob(List.of(big), Map.of(), new CaptureImport.Monitor() {
            @Override
            public boolean isCanceled() {
                return false;
            }

            @Override
            public void progress(long done, long total, Path file) {
                if (done * 2 >= total && half.getCount() > 0) {
                    half.countDown();
                    try {
                        go.await(DmaViews.TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        held.schedule();
        // "Always run in background" is the workbench's default: the progress is in the Progress view
        var progress = DmaViews.page().showView("org.eclipse.ui.views.ProgressView");
        UiTests.waitUntil("halfway", DmaViews.TIMEOUT_MS, () -> half.getCount() == 0);
        var control = progress.getSite().getService(org.eclipse.e4.ui.model.application.ui.basic.MPart.class);
        org.eclipse.swt.widgets.Control c = (org.eclipse.swt.widgets.Control) control.getWidget();
        UiTests.waitUntil("the import in the Progress view", DmaViews.TIMEOUT_MS,
                () -> UiTests.textOf(c).contains("big.trace"));
        DmaViews.shot("dma-api-import-progress.png");
        go.countDown();
        UiTests.joinFamily(CaptureImportJob.FAMILY, DmaViews.TIMEOUT_MS);
        assertTrue(held.getResult().isOK());
        UiTests.waitUntil("the capture as a source", DmaViews.TIMEOUT_MS, () -> held.source() != null);
        assertEquals(400_000 - 2, held.source().model().snapshot().mappings().size());
    }

    @Test
    public void fileOpenAndTheImportWizardAreThere() {
        var cmd = PlatformUI.getWorkbench().getService(org.eclipse.ui.commands.ICommandService.class)
                .getCommand("org.dmaworkbench.ui.commands.openCapture");
        assertTrue(cmd.isDefined());
        assertTrue(cmd.isHandled());
        IMenuManager file = findMenu(((org.eclipse.ui.internal.WorkbenchWindow) PlatformUI.getWorkbench()
                .getActiveWorkbenchWindow()).getMenuBarManager(), "file");
        assertNotNull(file);
        file.updateAll(true);
        boolean found = false;
        for (IContributionItem i : file.getItems()) {
            found |= "org.dmaworkbench.ui.commands.openCapture".equals(i.getId())
                    || i instanceof org.eclipse.ui.menus.CommandContributionItem c
                            && "org.dmaworkbench.ui.commands.openCapture".equals(c.getCommand().getId());
        }
        assertTrue("File > Open DMA Trace Capture... is missing", found);
        IWizardCategory cat = PlatformUI.getWorkbench().getImportWizardRegistry().getRootCategory()
                .findCategory(new org.eclipse.core.runtime.Path("org.dmaworkbench.ui.importWizards"));
        assertNotNull(cat);
        assertEquals("DMA Workbench", cat.getLabel());
        IWizardDescriptor w = PlatformUI.getWorkbench().getImportWizardRegistry()
                .findWizard("org.dmaworkbench.ui.wizards.importCapture");
        assertEquals("Kernel DMA trace", w.getLabel());
        // what a drop of files or workspace resources on the view imports
        assertEquals(List.of(Path.of("/tmp/a.txt"), Path.of("/tmp/b.dump")),
                DmaApiView.droppedFiles(new String[] { "/tmp/a.txt", "/tmp/b.dump" }));
    }

    private static IMenuManager findMenu(IMenuManager bar, String id) {
        IContributionItem i = bar.find(id);
        return i instanceof IMenuManager m ? m : null;
    }

    @Test
    public void iommuOnAgainstOffChangesTheDmaAddressesAndNothingElse() throws Exception {
        IFile on = DmaViews.copy(project.project(), "iommu-on.dmascn");
        IFile off = DmaViews.copy(project.project(), "iommu-off.dmascn");
        EmulationProcess pOn = DmaViews.launch(DmaViews.config("iommu-on", on));
        DmaViews.waitTerminated(pOn);
        EmulationProcess pOff = DmaViews.launch(DmaViews.config("iommu-off", off));
        DmaViews.waitTerminated(pOff);
        LiveSource a = DmaViews.sourceOf(pOn);
        LiveSource b = DmaViews.sourceOf(pOff);
        CompareView v = (CompareView) DmaViews.page().showView(CompareView.ID);
        v.setSources(a, b);
        Job job = v.run();
        assertNotNull(job);
        job.join();
        UiTests.waitUntil("the comparison", DmaViews.TIMEOUT_MS, () -> v.result() != null);
        LiveComparison.Result r = v.result();
        // the same 13 mappings (sh-sci TX buffer and RX coherent buffer, two 4-segment SD scatterlists, the two
        // FIFOs and a descriptor page): only their DMA addresses differ (IOVAs against physical addresses)
        assertEquals(13, r.matched());
        assertEquals(13, r.changed().size());
        assertTrue(r.onlyInA().isEmpty() && r.onlyInB().isEmpty());
        assertTrue(r.findingsOnlyInA().isEmpty() && r.findingsOnlyInB().isEmpty());
        for (LiveComparison.Change c : r.changed()) {
            assertEquals(Set.of(LiveComparison.Field.DMA_ADDRESS), c.fields());
        }
        assertEquals("13 of 13 matched mappings differ in DMA address", r.devices().get(0).verdict());
        assertTrue(v.summaryText(), v.summaryText().startsWith("A = iommu-on, B = iommu-off: 13 mappings matched"));
        DmaViews.shot("dma-compare.png");
    }
}
