package org.dmaworkbench.ui.tests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dmaworkbench.tests.ui.common.UiHealth;
import org.dmaworkbench.tests.ui.common.UiTests;
import org.dmaworkbench.ui.DmaWorkbenchUi;
import org.eclipse.help.HelpSystem;
import org.eclipse.help.IContext;
import org.eclipse.help.IHelpResource;
import org.eclipse.help.IToc;
import org.eclipse.help.ITopic;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.forms.widgets.AbstractHyperlink;
import org.junit.Rule;
import org.junit.Test;

/**
 * The user guide in the help system: its table of contents, every page it links (each opens, with its title), the
 * F1 contexts of the editor, the wizard and the DMA-API view, and the Help view showing a context and the contents.
 */
public class HelpTest {
    /** UI-thread stalls in our code and anything logged fail the test (see UiHealth). */
    @Rule(order = Integer.MIN_VALUE)
    public final UiHealth health = new UiHealth();

    private static final String BOOK = "DMA Workbench User Guide";

    private static IToc book() {
        for (IToc t : HelpSystem.getTocs()) {
            if (BOOK.equals(t.getLabel())) {
                return t;
            }
        }
        throw new AssertionError("no '" + BOOK + "' in the help system's tables of contents");
    }

    private static String content(String href) throws Exception {
        try (InputStream in = HelpSystem.getHelpContent(href)) {
            assertNotNull("the help system serves nothing for " + href, in);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String h1(String html) {
        Matcher m = Pattern.compile("<h1[^>]*>(.*?)</h1>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        return m.group(1).replaceAll("<[^>]+>", "");
    }

    @Test
    public void tableOfContentsHasTheGuidesChapters() {
        List<String> chapters = new ArrayList<>();
        for (ITopic t : book().getTopics()) {
            chapters.add(t.getLabel());
        }
        assertEquals(List.of("Getting started", "Scenario files (.dmascn)", "The scenario editor",
                "New DMA Workbench Project wizard", "The DMA Workbench perspective", "Views", "Running an emulation"),
                chapters);
        List<String> tabs = new ArrayList<>();
        for (ITopic t : book().getTopics()[6].getSubtopics()) {
            tabs.add(t.getLabel());
        }
        assertEquals(List.of("Main tab", "Hardware tab", "dma-debug tab", "Exports tab"), tabs);
    }

    private static void allTopics(ITopic[] topics, List<ITopic> out) {
        for (ITopic t : topics) {
            out.add(t);
            allTopics(t.getSubtopics(), out);
        }
    }

    @Test
    public void everyTopicOpensWithItsTitleAndAnchor() throws Exception {
        List<ITopic> topics = new ArrayList<>();
        allTopics(book().getTopics(), topics);
        assertTrue(topics.size() >= 15);
        for (ITopic t : topics) {
            String href = t.getHref();
            String page = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
            String html = content(page);
            if (href.contains("#")) {
                String anchor = href.substring(href.indexOf('#') + 1);
                assertTrue(href + " has no anchor " + anchor, html.contains("id=\"" + anchor + "\""));
            } else {
                // the scenario reference's title is FORMAT.md's: "Scenario files (.dmascn)"
                assertEquals(href, t.getLabel(), h1(html).replace("\u00a0", " "));
            }
        }
        // the scenario reference carries FORMAT.md's bug table (its first and last bugs)
        String reference = content("/org.dmaworkbench.doc/html/scenario-reference.html");
        assertTrue(reference.contains("<code>unmap-wrong-size</code>"));
        assertTrue(reference.contains("<code>leak-mapping-per-transfer</code>"));
    }

    @Test
    public void contextHelpOfTheEditorTheWizardAndTheDmaApiView() throws Exception {
        for (String id : List.of("org.dmaworkbench.emulation.ui.scenario_editor",
                DmaWorkbenchUi.NEW_PROJECT_WIZARD_HELP_CONTEXT, DmaWorkbenchUi.DMA_API_VIEW_HELP_CONTEXT)) {
            IContext c = HelpSystem.getContext(id);
            assertNotNull("no F1 help context " + id, c);
            assertTrue(id, c.getText().length() > 40);
            assertTrue(id, c.getRelatedTopics().length >= 2);
            for (IHelpResource r : c.getRelatedTopics()) {
                String href = r.getHref();
                content(href.contains("#") ? href.substring(0, href.indexOf('#')) : href);
            }
        }
    }

    private static String get(java.net.URL url, int[] status) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(java.net.http.HttpRequest.newBuilder(url.toURI()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        status[0] = response.statusCode();
        return response.body();
    }

    @Test
    public void theHelpServerServesTheGuideAsHelpContentsShowsIt() throws Exception {
        // what Help > Help Contents and the Help view's topic links start: the help web application
        assertTrue("the help server did not start", org.eclipse.help.internal.base.BaseHelpSystem.ensureWebappRunning());
        int[] status = new int[1];
        java.net.URL topic = org.eclipse.help.internal.base.BaseHelpSystem.resolve(
                "/org.dmaworkbench.doc/html/getting-started.html", "/help/topic");
        assertEquals("127.0.0.1", topic.getHost());
        String page = get(topic, status);
        assertEquals(topic + "\n" + page, 200, status[0]);
        assertEquals("Getting started", h1(page));
        // the help window itself: the JSP frameset, compiled by Jasper with ecj
        String index = get(new java.net.URL(topic, "/help/index.jsp"), status);
        assertEquals(index, 200, status[0]);
        assertTrue(index, index.contains("<html") || index.contains("<HTML"));
    }

    private static org.eclipse.swt.browser.Browser browser(Control in) {
        if (in instanceof org.eclipse.swt.browser.Browser b) {
            return b;
        }
        if (in instanceof org.eclipse.swt.widgets.Composite c) {
            for (Control child : c.getChildren()) {
                org.eclipse.swt.browser.Browser b = browser(child);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    /** Whether the page of any frame of {@code b} has the heading {@code h1} (the help window nests frames). */
    private static boolean showsHeading(org.eclipse.swt.browser.Browser b, String h1) {
        Object found = b.evaluate("function find(w) { try { var h = w.document.getElementsByTagName('h1');"
                + " for (var i = 0; i < h.length; i++) { if (h[i].textContent == '" + h1 + "') return true; }"
                + " for (var j = 0; j < w.frames.length; j++) { if (find(w.frames[j])) return true; } } catch (e) {}"
                + " return false; } return find(window);");
        return Boolean.TRUE.equals(found);
    }

    @Test
    public void helpContentsShowsAGuidePageInTheHelpWindow() throws Exception {
        // Help > Help Contents on a topic: the help window, an SWT browser (WebKitGTK; releng/run-tests installs it)
        org.eclipse.swt.widgets.Shell workbench = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        PlatformUI.getWorkbench().getHelpSystem().displayHelpResource("/org.dmaworkbench.doc/html/getting-started.html");
        org.eclipse.swt.widgets.Shell[] window = new org.eclipse.swt.widgets.Shell[1];
        UiTests.waitUntil("the help window (an SWT browser needs libwebkit2gtk-4.1-0)", 60_000,
                () -> (window[0] = UiTests.findShell(s -> s != workbench && browser(s) != null)) != null);
        try {
            window[0].setSize(1200, 800);
            org.eclipse.swt.browser.Browser b = browser(window[0]);
            UiTests.waitUntil("the guide's page in the help window", 60_000, () -> showsHeading(b, "Getting started"));
            // the browser paints in its own process: wait until the page is on screen
            UiTests.waitUntil("the help window to paint the page", 60_000, () -> UiTests.showsContent(b));
            assertTrue(window[0].getText(), window[0].getText().startsWith("Help"));
            UiTests.screenshot(window[0], "help-window.png");
        } finally {
            window[0].close();
        }
    }

    private static AbstractHyperlink link(Control in, String text) {
        if (in instanceof AbstractHyperlink h && text.equals(h.getText())) {
            return h;
        }
        if (in instanceof org.eclipse.swt.widgets.Composite c) {
            for (Control child : c.getChildren()) {
                AbstractHyperlink h = link(child, text);
                if (h != null) {
                    return h;
                }
            }
        }
        return null;
    }

    private static org.eclipse.swt.widgets.Tree tree(Control in) {
        if (in instanceof org.eclipse.swt.widgets.Tree t && t.isVisible()) {
            return t;
        }
        if (in instanceof org.eclipse.swt.widgets.Composite c) {
            for (Control child : c.getChildren()) {
                org.eclipse.swt.widgets.Tree t = tree(child);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    @Test
    public void helpViewShowsTheContextAndTheContents() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.getWorkbenchWindow().getShell().setSize(1280, 800);
        page.showView(DmaWorkbenchUi.DMA_API_VIEW_ID);
        // what F1 does in the DMA-API view: the Help view shows the view's context help
        PlatformUI.getWorkbench().getHelpSystem().displayHelp(DmaWorkbenchUi.DMA_API_VIEW_HELP_CONTEXT);
        UiTests.waitUntil("the Help view", 20_000, () -> page.findView("org.eclipse.help.ui.HelpView") != null);
        IViewPart help = page.findView("org.eclipse.help.ui.HelpView");
        Control helpControl = (Control) help.getSite().getService(
                org.eclipse.e4.ui.model.application.ui.basic.MPart.class).getWidget();
        UiTests.waitUntil("the context's related topics in the Help view", 20_000,
                () -> UiTests.textOf(helpControl).contains("DMA-API view"));
        UiTests.screenshot(page.getWorkbenchWindow().getShell(), "help-view-context.png");

        AbstractHyperlink contents = link(helpControl, "Contents");
        assertNotNull("no Contents link in the Help view: " + UiTests.textOf(helpControl), contents);
        Event down = new Event();
        down.button = 1;
        down.x = 2;
        down.y = 2;
        contents.notifyListeners(SWT.MouseDown, down);
        Event up = new Event();
        up.button = 1;
        up.x = 2;
        up.y = 2;
        contents.notifyListeners(SWT.MouseUp, up);
        UiTests.waitUntil("the guide in the Help view's contents", 20_000,
                () -> UiTests.textOf(helpControl).contains(BOOK));
        // open the book as a user does, to see its chapters
        org.eclipse.swt.widgets.Tree tree = tree(helpControl);
        assertNotNull(tree);
        org.eclipse.swt.widgets.TreeItem book = tree.getItem(0);
        Event expand = new Event();
        expand.item = book;
        tree.notifyListeners(SWT.Expand, expand);
        book.setExpanded(true);
        UiTests.waitUntil("the guide's chapters", 20_000,
                () -> UiTests.textOf(helpControl).contains("New DMA Workbench Project wizard"));
        UiTests.screenshot(page.getWorkbenchWindow().getShell(), "help-view-contents.png");
    }
}
