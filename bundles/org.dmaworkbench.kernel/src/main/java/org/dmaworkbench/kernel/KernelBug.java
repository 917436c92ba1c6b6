package org.dmaworkbench.kernel;

import java.util.List;

import org.dmaworkbench.kernel.dma.debug.KernelCallStack;

/**
 * A {@code BUG()} / {@code BUG_ON()} the emulated kernel hit: the run stops here, as the real kernel would
 * oops. The message names the source file and function the check sits in, e.g.
 * {@code kernel BUG at include/linux/dma-mapping.h (dma_map_resource): BUG_ON(pfn_valid(PHYS_PFN(phys_addr)))};
 * {@link #line()} is the line of the check in Linux 6.12's source (0 where the source is not 6.12's, as for the
 * 4.9 profile's inline wrappers), which the oops prints as {@code kernel BUG at FILE:LINE!}. The emulated call
 * stack of the thread is taken when the BUG is made ({@link #callTrace()}), before Java unwinds it.
 */
public class KernelBug extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final String function;
    private final String condition;
    private final transient List<String> callTrace;

    public KernelBug(String file, String function, String condition) {
        this(file, 0, function, condition);
    }

    public KernelBug(String file, int line, String function, String condition) {
        super("kernel BUG at " + file + " (" + function + "): " + condition);
        this.file = file;
        this.line = line;
        this.function = function;
        this.condition = condition;
        this.callTrace = KernelCallStack.currentSnapshot();
    }

    public String file() {
        return file;
    }

    /** The line of the BUG_ON in the 6.12 source, 0 when not known. */
    public int line() {
        return line;
    }

    public String function() {
        return function;
    }

    public String condition() {
        return condition;
    }

    private String comm;
    private int pid = -1;
    private int cpu;

    /** Records the task the BUG fired in (the innermost task switch it passes through); later calls do nothing. */
    public void inTask(String comm, int pid, int cpu) {
        if (this.comm == null) {
            this.comm = comm;
            this.pid = pid;
            this.cpu = cpu;
        }
    }

    /** The task's comm, or null when no task switch saw the BUG. */
    public String taskComm() {
        return comm;
    }

    public int taskPid() {
        return pid;
    }

    public int taskCpu() {
        return cpu;
    }

    /** The emulated call stack where the BUG fired, innermost first (without {@link #function()}); may be empty. */
    public List<String> callTrace() {
        return callTrace;
    }
}
