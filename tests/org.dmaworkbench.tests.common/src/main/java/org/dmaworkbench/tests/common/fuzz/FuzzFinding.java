package org.dmaworkbench.tests.common.fuzz;

/**
 * An outcome a fuzz target counts as a bug although nothing was thrown: an "internal error" diagnostic (an
 * exception the code under test caught and turned into text), an allocation over the budget, a result that breaks
 * the API's own contract. Thrown by the targets so that Jazzer and the corpus replay both see it.
 */
public final class FuzzFinding extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FuzzFinding(String message) {
        super(message);
    }
}
