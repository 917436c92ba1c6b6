package org.dmaworkbench.emulation.ui.editor;

import java.util.List;

import org.dmaworkbench.emulation.scenario.ScenarioOutline.Item;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;

/**
 * The Outline of a scenario: board (with includes), iommu switches, clients with device and workloads, bugs, as
 * the editor's reconciler last found them; selecting an item selects its statement in the editor.
 */
public final class ScenarioOutlinePage extends ContentOutlinePage {
    private final ScenarioEditor editor;
    private final ScenarioModel.Listener listener = this::reconciled;

    ScenarioOutlinePage(ScenarioEditor editor) {
        this.editor = editor;
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer viewer = getTreeViewer();
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ((List<?>) input).toArray();
            }

            @Override
            public Object[] getChildren(Object parentElement) {
                return ((Item) parentElement).children().toArray();
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return !((Item) element).children().isEmpty();
            }
        });
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                return ((Item) element).label().replace("\n", "\\n");
            }

            @Override
            public Image getImage(Object element) {
                ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
                return switch (((Item) element).kind()) {
                    case BOARD -> images.getImage(IDE.SharedImages.IMG_OBJ_PROJECT);
                    case INCLUDE -> images.getImage(ISharedImages.IMG_OBJ_FOLDER);
                    case CLIENT -> images.getImage(ISharedImages.IMG_OBJ_FOLDER);
                    case BUG -> images.getImage(ISharedImages.IMG_OBJS_WARN_TSK);
                    default -> images.getImage(ISharedImages.IMG_OBJ_ELEMENT);
                };
            }
        });
        viewer.setInput(editor.model().outline());
        viewer.expandAll();
        editor.model().addListener(listener);
    }

    private void reconciled(ScenarioModel model) {
        Control c = getControl();
        if (c == null || c.isDisposed()) {
            return;
        }
        List<Item> items = model.outline();
        c.getDisplay().asyncExec(() -> {
            if (!c.isDisposed() && !items.equals(getTreeViewer().getInput())) {
                getTreeViewer().setInput(items);
                getTreeViewer().expandAll();
            }
        });
    }

    @Override
    public void selectionChanged(SelectionChangedEvent event) {
        super.selectionChanged(event);
        Object first = ((IStructuredSelection) event.getSelection()).getFirstElement();
        if (first instanceof Item item) {
            editor.selectAndReveal(item.offset(), item.length());
        }
    }

    /** The items shown at the top level, for tests. */
    public List<Item> shownItems() {
        @SuppressWarnings("unchecked")
        List<Item> in = (List<Item>) getTreeViewer().getInput();
        return in;
    }

    @Override
    public void dispose() {
        editor.model().removeListener(listener);
        super.dispose();
    }
}
