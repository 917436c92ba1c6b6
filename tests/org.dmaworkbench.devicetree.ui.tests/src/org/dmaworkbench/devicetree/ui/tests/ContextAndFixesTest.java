package org.dmaworkbench.devicetree.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dmaworkbench.devicetree.lang.Analysis;
import org.dmaworkbench.devicetree.ui.DtsUi;
import org.dmaworkbench.devicetree.ui.internal.context.Contexts;
import org.dmaworkbench.devicetree.ui.internal.editor.DtsEditor;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ProjectScope;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.eclipse.ui.ide.IDE;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

/** The project's Device Tree property page, and a quick fix of a problem marker. */
public class ContextAndFixesTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();


    @After
    public void tearDown() throws Exception {
        Dts.page().closeAllEditors(false);
        Dts.settle();
    }

    @Test
    public void aKernelTreeSetOnThePropertyPageIsTheIncludePath() throws Exception {
        Dts.page().closeAllEditors(false);
        Dts.sizeWindow();
        // Koelsch copied out of its tree: its <dt-bindings/...> headers are not found
        IProject p = Dts.freshProject("properties");
        IFile board = Dts.copyKernelFile(p, "arm/renesas/r8a7791-koelsch.dts", "r8a7791-koelsch.dts");
        Dts.copyKernelFile(p, "arm/renesas/r8a7791.dtsi", "r8a7791.dtsi");
        DtsEditor e = Dts.open(board);
        Analysis before = Dts.analysed(e);
        assertTrue(before.result().formatDiagnostics(), before.hasErrors());
        assertTrue(before.diagnostics().get(0).message().contains("No such file or directory"));
        PreferenceDialog d = PreferencesUtil.createPropertyDialogOn(Dts.shell(), p,
                "org.dmaworkbench.devicetree.ui.projectPage", null, null);
        d.setBlockOnOpen(false);
        d.open();
        try {
            Control page = ((org.eclipse.jface.preference.IPreferencePage) d.getSelectedPage()).getControl();
            Text tree = Dts.find(page, Text.class, t -> (t.getStyle() & SWT.MULTI) == 0);
            tree.setText(Dts.includePrefixes().toString());
            UiTests.drainEvents();
            UiTests.screenshot(d.getShell(), "15-project-device-tree-properties.png");
            Button ok = Dts.find(d.getShell(), Button.class,
                    b -> b.getText().replace("&", "").startsWith("Apply and Close"));
            ok.notifyListeners(SWT.Selection, null);
        } finally {
            if (d.getShell() != null && !d.getShell().isDisposed()) {
                d.close();
            }
        }
        assertEquals(Dts.includePrefixes().toString(), new ProjectScope(p).getNode(DtsUi.PLUGIN_ID)
                .get(Contexts.PREF_KERNEL_TREE, ""));
        // the open editor compiles again with the kernel tree's include path: clean
        Dts.waitFor("a clean compile", () -> e.analysis().current() != null && !e.analysis().current().hasErrors());
        assertEquals(List.of(Dts.includePrefixes()), e.analysis().current().context().includeDirs());
    }

    @Test
    public void aUnitAddressThatDoesNotMatchRegIsFixedFromItsMarker() throws Exception {
        Dts.page().closeAllEditors(false);
        IProject p = Dts.freshProject("fixes");
        // W=1 checks: dtc's simple_bus_reg
        ProjectScope s = new ProjectScope(p);
        s.getNode(DtsUi.PLUGIN_ID).put(Contexts.PREF_CHECKS, Contexts.CHECKS_W1);
        s.getNode(DtsUi.PLUGIN_ID).flush();
        IFile f = p.getFile("sb.dts");
        String text = "/dts-v1/;\n\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n\n\tsoc {\n"
                + "\t\tcompatible = \"simple-bus\";\n\t\t#address-cells = <1>;\n\t\t#size-cells = <1>;\n\t\tranges;\n\n"
                + "\t\tdev@1000 {\n\t\t\treg = <0x2000 4>;\n\t\t};\n\t};\n};\n";
        f.create(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, null);
        DtsEditor e = Dts.open(f);
        Dts.analysed(e);
        // dtc 1.6.1: "Warning (simple_bus_reg): /soc/dev@1000: simple-bus unit address format error, expected "2000""
        Dts.waitFor("the marker", () -> DtsEditorTest.markerLines(f).equals(List.of(13)));
        IMarker m = Dts.markers(f).get(0);
        assertEquals(IMarker.SEVERITY_WARNING, m.getAttribute(IMarker.SEVERITY, -1));
        IMarkerResolution[] r = IDE.getMarkerHelpRegistry().getResolutions(m);
        assertEquals(1, r.length);
        assertEquals("Change the unit address to @2000", r[0].getLabel());
        Dts.shot("16-marker-with-a-quick-fix.png");
        r[0].run(m);
        assertEquals(text.replace("dev@1000", "dev@2000"), e.analysis().document().get());
        Dts.analysed(e);
        Dts.waitFor("the marker to go", () -> DtsEditorTest.markerLines(f).isEmpty());
    }
}
