package org.dmaworkbench.kernel;

/**
 * A {@code BUG()} / {@code BUG_ON()} the emulated kernel hit: the run stops here, as the real kernel would
 * oops. The message names the source file and function the check sits in, e.g.
 * {@code kernel BUG at include/linux/dma-mapping.h (dma_map_resource): BUG_ON(pfn_valid(PHYS_PFN(phys_addr)))}.
 */
public class KernelBug extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String function;
    private final String condition;

    public KernelBug(String file, String function, String condition) {
        super("kernel BUG at " + file + " (" + function + "): " + condition);
        this.file = file;
        this.function = function;
        this.condition = condition;
    }

    public String file() {
        return file;
    }

    public String function() {
        return function;
    }

    public String condition() {
        return condition;
    }
}
