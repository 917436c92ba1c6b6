package org.dmaworkbench.devicetree;

import java.util.Arrays;

/**
 * One entry of a phandle-with-arguments list such as dmas = &lt;&amp;dmac1 0x21&gt;: the provider node and its
 * argument cells (as many as the provider's #…-cells says).
 */
public record PhandleSpecifier(DtNode provider, int[] args, SourcePosition position) {
    @Override
    public boolean equals(Object o) {
        return o instanceof PhandleSpecifier p && p.provider == provider && Arrays.equals(p.args, args)
                && java.util.Objects.equals(p.position, position);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(provider) * 31 + Arrays.hashCode(args);
    }

    @Override
    public String toString() {
        return "PhandleSpecifier[" + provider.path() + " " + Arrays.toString(args) + "]";
    }
}
