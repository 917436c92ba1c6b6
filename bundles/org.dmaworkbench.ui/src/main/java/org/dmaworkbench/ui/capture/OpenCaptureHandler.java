package org.dmaworkbench.ui.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dmaworkbench.ui.views.dmaapi.Messages;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.handlers.HandlerUtil;

/** File › Open DMA Trace Capture…: picks ftrace text and dma-api/dump files and imports them as one capture. */
public class OpenCaptureHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) {
        FileDialog d = new FileDialog(HandlerUtil.getActiveShell(event), SWT.OPEN | SWT.MULTI);
        d.setText(Messages.Open_title);
        d.setFilterNames(new String[] { Messages.Open_filterCaptures, Messages.Open_filterAll });
        d.setFilterExtensions(new String[] { "*.txt;*.trace;*.dump;*.log", "*" });
        if (d.open() == null) {
            return null;
        }
        List<Path> files = new ArrayList<>();
        for (String n : d.getFileNames()) {
            files.add(Path.of(d.getFilterPath(), n));
        }
        CaptureImportJob.start(files, Map.of());
        return null;
    }
}
