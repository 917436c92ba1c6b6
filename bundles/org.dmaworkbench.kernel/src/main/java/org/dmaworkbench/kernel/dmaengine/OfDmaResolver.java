package org.dmaworkbench.kernel.dmaengine;

import java.util.List;

import org.dmaworkbench.kernel.device.Device;

/** Where the dmaengine core reads a client's device tree node ({@code dev->of_node}): its dmas/dma-names. */
public interface OfDmaResolver {
    /**
     * The node's {@code dmas} entries in order, each with its {@code dma-names} string (null names when the node
     * has {@code dmas} but no {@code dma-names}); null when the node has no {@code dmas} property or the device
     * has no node.
     */
    List<OfDmaSpec> dmas(Device dev);

    /** {@code %pOF}: the full path of the device's node, for messages. */
    default String nodePath(Device dev) {
        return dev.name();
    }
}
