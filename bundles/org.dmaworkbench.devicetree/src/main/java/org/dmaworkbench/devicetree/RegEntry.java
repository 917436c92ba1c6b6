package org.dmaworkbench.devicetree;

/** One (address, size) pair of a node's reg property; see {@link DtNode#reg()}. */
public record RegEntry(long address, long size) {
    @Override
    public String toString() {
        return "RegEntry[0x" + Long.toHexString(address) + ", 0x" + Long.toHexString(size) + "]";
    }
}
