package org.dmaworkbench.launch.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.dmaworkbench.launch.EmulationProcess;
import org.dmaworkbench.launch.ui.internal.EmulationLaunchShortcut;
import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.ui.DebugUITools;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialogWithToggle;
import org.eclipse.jface.text.IDocument;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * A launch never reads or changes what an editor holds unsaved: the scenario is read from the file on disk, and
 * the debug framework's save-before-launch step (preference Run/Debug &gt; Launching &gt; "Save required dirty
 * editors before launching") decides what reaches the disk first. With "prompt" (the default) the "Save and Launch"
 * dialog lists the dirty scenario and device-tree editors of the launch's project; Cancel launches nothing and
 * leaves both editors as typed, OK saves and the run reads the saved text; "never" runs the file as saved and
 * leaves the editor dirty; "always" saves without asking.
 */
public class SaveBeforeLaunchTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    /** org.eclipse.debug.internal.ui.IInternalDebugUIConstants.PREF_SAVE_DIRTY_EDITORS_BEFORE_LAUNCH */
    private static final String PREF_SAVE = "org.eclipse.debug.ui.save_dirty_editors_before_launch";
    private static final String SCENARIO_EDITOR = "org.dmaworkbench.emulation.ui.scenarioEditor";
    private static final String DTS_EDITOR = "org.dmaworkbench.devicetree.ui.editor";
    private static final String GREETING = "Hello from DMA Workbench\n";
    private static final String BOARD = "/dts-v1/;\n\n/ {\n\tmodel = \"unused\";\n};\n";

    private IProject project;
    private IFile scenario;
    private String onDisk;

    @Before
    public void setUp() throws Exception {
        Workbench.cleanUp();
        project = Workbench.project("save-test", "greeting.dmascn");
        scenario = Workbench.file(project, "greeting.dmascn");
        onDisk = text(scenario);
        Workbench.page().getWorkbenchWindow().getShell().setSize(1260, 860);
    }

    @After
    public void tearDown() throws Exception {
        DebugUITools.getPreferenceStore().setToDefault(PREF_SAVE);
        Workbench.cleanUp();
        project.delete(true, true, null);
    }

    private static String text(IFile f) throws Exception {
        return Files.readString(f.getLocation().toFile().toPath(), StandardCharsets.UTF_8);
    }

    private static IDocument document(IEditorPart editor) {
        ITextEditor t = editor.getAdapter(ITextEditor.class);
        assertNotNull(editor + " has no text editor", t);
        return t.getDocumentProvider().getDocument(t.getEditorInput());
    }

    /** Opens the scenario and changes its three greetings to five, unsaved. */
    private IEditorPart dirtyScenario() throws Exception {
        IEditorPart editor = IDE.openEditor(Workbench.page(), scenario, SCENARIO_EDITOR, true);
        IDocument doc = document(editor);
        int at = doc.get().indexOf("repeat 3");
        assertTrue(doc.get(), at > 0);
        doc.replace(at, "repeat 3".length(), "repeat 5");
        assertTrue(editor.isDirty());
        return editor;
    }

    private static String edited(String text) {
        return text.replace("repeat 3", "repeat 5");
    }

    /**
     * Answers the next window titled {@code title} with the button {@code label}, from inside the window's own event
     * loop (the prompt is modal: the test's code only runs again once it is closed); keeps what the window showed.
     */
    private static final class Answer implements AutoCloseable {
        String shown;
        boolean closed;

        Answer(String title, String label, String screenshot) {
            Display display = Display.getCurrent();
            Runnable[] poll = new Runnable[1];
            poll[0] = () -> {
                if (closed) {
                    return;
                }
                Shell s = UiTests.findShell(sh -> title.equals(sh.getText()));
                if (s == null) {
                    display.timerExec(20, poll[0]);
                    return;
                }
                shown = UiTests.textOf(s);
                try {
                    Workbench.shot(s, screenshot);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                Button b = button(s, label);
                assertNotNull("no button " + label + " in " + shown, b);
                closed = true;
                b.notifyListeners(SWT.Selection, new Event());
            };
            display.timerExec(20, poll[0]);
        }

        /** Stops watching for the window. */
        @Override
        public void close() {
            closed = true;
        }

        private static Button button(Control c, String label) {
            if (c instanceof Button b && label.equals(b.getText())) {
                return b;
            }
            if (c instanceof Composite comp) {
                for (Control child : comp.getChildren()) {
                    Button b = button(child, label);
                    if (b != null) {
                        return b;
                    }
                }
            }
            return null;
        }
    }

    private static void waitForLaunchJobs(ILaunchConfiguration c) {
        // DebugUITools.launch runs the launch in a job named for the configuration
        UiTests.waitUntil("the launch job of " + c.getName(), Workbench.TIMEOUT_MS, () -> {
            for (Job j : Job.getJobManager().find(null)) {
                if (j.getName().contains(c.getName())) {
                    return false;
                }
            }
            return true;
        });
    }

    private static int greetings(EmulationProcess p, int expected) {
        String want = GREETING.repeat(expected);
        Workbench.serialConsole(p, want);
        Workbench.waitTerminated(p);
        Workbench.processConsole(p, "dmawb: completed");
        String text = org.dmaworkbench.launch.ui.internal.LaunchUiPlugin.getDefault().serialConsoles().consoles(p).get(0)
                .getDocument().get();
        return text.split(GREETING, -1).length - 1;
    }

    @Test
    public void thePromptListsTheDirtyEditorsAndCancelLaunchesNothingAndKeepsTheirText() throws Exception {
        IFile board = project.getFile("board.dts");
        board.create(new java.io.ByteArrayInputStream(BOARD.getBytes(StandardCharsets.UTF_8)), true, null);
        IEditorPart dts = IDE.openEditor(Workbench.page(), board, DTS_EDITOR, true);
        IDocument dtsDoc = document(dts);
        dtsDoc.replace(dtsDoc.get().indexOf("unused"), "unused".length(), "typed, not saved");
        String dtsTyped = dtsDoc.get();
        assertTrue(dts.isDirty());
        IEditorPart editor = dirtyScenario();
        String typed = document(editor).get();
        List<ILaunch> before = Workbench.launches();

        ILaunchConfiguration c;
        Answer a = new Answer("Save and Launch", IDialogConstants.CANCEL_LABEL, "save-and-launch-prompt.png");
        try (a) {
            c = EmulationLaunchShortcut.launch(scenario, ILaunchManager.RUN_MODE);
            assertNotNull(c);
            UiTests.waitUntil("the Save and Launch prompt", Workbench.TIMEOUT_MS, () -> a.shown != null);
        }
        waitForLaunchJobs(c);
        assertTrue(a.shown, a.shown.contains("greeting.dmascn"));
        assertTrue(a.shown, a.shown.contains("board.dts"));
        assertEquals("Cancel launches nothing", before, Workbench.launches());
        assertTrue(editor.isDirty());
        assertEquals(typed, document(editor).get());
        assertEquals(onDisk, text(scenario));
        assertTrue(dts.isDirty());
        assertEquals(dtsTyped, dtsDoc.get());
        assertEquals(BOARD, text(board));
    }

    @Test
    public void okSavesAndTheRunReadsTheSavedText() throws Exception {
        IEditorPart editor = dirtyScenario();
        String typed = document(editor).get();
        List<ILaunch> before = Workbench.launches();
        EmulationProcess p;
        Answer a = new Answer("Save and Launch", IDialogConstants.OK_LABEL, "save-and-launch-ok.png");
        try (a) {
            ILaunchConfiguration c = EmulationLaunchShortcut.launch(scenario, ILaunchManager.RUN_MODE);
            p = Workbench.processOf(c, before);
        }
        assertNotNull("no Save and Launch prompt", a.shown);
        assertTrue(a.shown, a.shown.contains("greeting.dmascn"));
        // five greetings: what the editor held, saved before the run read the file
        assertEquals(5, greetings(p, 5));
        assertFalse(editor.isDirty());
        assertEquals(typed, document(editor).get());
        assertEquals(edited(onDisk), text(scenario));
    }

    @Test
    public void neverSavingRunsTheFileAsSavedAndLeavesTheEditorAsTyped() throws Exception {
        DebugUITools.getPreferenceStore().setValue(PREF_SAVE, MessageDialogWithToggle.NEVER);
        IEditorPart editor = dirtyScenario();
        String typed = document(editor).get();
        long stamp = scenario.getLocation().toFile().lastModified();
        List<ILaunch> before = Workbench.launches();
        EmulationProcess p;
        Answer a = new Answer("Save and Launch", IDialogConstants.CANCEL_LABEL, "save-and-launch-unexpected.png");
        try (a) {
            ILaunchConfiguration c = EmulationLaunchShortcut.launch(scenario, ILaunchManager.RUN_MODE);
            p = Workbench.processOf(c, before);
        }
        assertEquals("no prompt", null, a.shown);
        // three greetings: the file as saved (greeting.dmascn: repeat 3), not the editor's five
        assertEquals(3, greetings(p, 3));
        assertTrue(editor.isDirty());
        assertEquals(typed, document(editor).get());
        assertEquals(onDisk, text(scenario));
        assertEquals("the launch never writes the scenario", stamp, scenario.getLocation().toFile().lastModified());
    }

    @Test
    public void alwaysSavingSavesWithoutAPrompt() throws Exception {
        DebugUITools.getPreferenceStore().setValue(PREF_SAVE, MessageDialogWithToggle.ALWAYS);
        IEditorPart editor = dirtyScenario();
        String typed = document(editor).get();
        List<ILaunch> before = Workbench.launches();
        EmulationProcess p;
        Answer a = new Answer("Save and Launch", IDialogConstants.CANCEL_LABEL, "save-and-launch-unexpected.png");
        try (a) {
            ILaunchConfiguration c = EmulationLaunchShortcut.launch(scenario, ILaunchManager.RUN_MODE);
            p = Workbench.processOf(c, before);
        }
        assertEquals("no prompt", null, a.shown);
        assertEquals(5, greetings(p, 5));
        assertFalse(editor.isDirty());
        assertEquals(typed, document(editor).get());
        assertEquals(edited(onDisk), text(scenario));
    }
}
