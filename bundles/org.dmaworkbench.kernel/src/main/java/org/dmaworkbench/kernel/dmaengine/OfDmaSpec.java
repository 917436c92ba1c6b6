package org.dmaworkbench.kernel.dmaengine;

import java.util.Arrays;

/**
 * One entry of a client node's {@code dmas} property with its {@code dma-names} string
 * ({@code struct of_phandle_args} plus the name): the controller's node path (the identity
 * {@code of_dma_find_controller()} matches on, present even when the controller is disabled) and the
 * specifier cells, e.g. {@code <&dmac0 0x29>} gives args {@code {0x29}}. {@code name} is null when the node has
 * no {@code dma-names}.
 */
public record OfDmaSpec(String name, String controllerPath, int[] args) {
    @Override
    public boolean equals(Object o) {
        return o instanceof OfDmaSpec s && java.util.Objects.equals(name, s.name)
                && controllerPath.equals(s.controllerPath) && Arrays.equals(args, s.args);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, controllerPath, Arrays.hashCode(args));
    }

    @Override
    public String toString() {
        return (name == null ? "" : name + ": ") + controllerPath + " " + Arrays.toString(args);
    }
}
