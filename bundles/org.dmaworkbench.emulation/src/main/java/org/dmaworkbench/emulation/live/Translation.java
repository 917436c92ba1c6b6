package org.dmaworkbench.emulation.live;

import java.util.List;

/**
 * A table walk of one IOVA through a domain's page table as the IOMMU's walker does it, step by step: each
 * descriptor read (table, index, entry address, raw value, decode) and either the output address or the fault with
 * the level where the walk stopped and why ({@link PageTable#translate}).
 *
 * @param iova          the input address
 * @param steps         the descriptors read, first level first
 * @param translated    whether the walk reached a leaf that translates
 * @param outputAddress the physical address the IOVA translates to (0 on a fault)
 * @param leafSize      bytes the leaf covers (page, block, section...), 0 on a fault
 * @param fault         {@code NONE}, {@code TRANSLATION}, {@code ADDRESS_SIZE} or {@code EXTERNAL_ABORT}
 * @param faultLevel    the level of the descriptor that faulted (or of the leaf when translated)
 * @param reason        one sentence: what the walk ended on
 */
public record Translation(long iova, List<Step> steps, boolean translated, long outputAddress, long leafSize,
        String fault, int faultLevel, String reason) {

    public Translation {
        steps = List.copyOf(steps);
    }

    /**
     * One descriptor read by the walk.
     *
     * @param level        the kernel's level number (LPAE 0..3, v7s 1..2)
     * @param index        the index into that level's table the IOVA selects
     * @param tableAddress physical address of the table
     * @param entryAddress physical address of the descriptor
     * @param raw          its raw value
     * @param kind         what it is
     * @param description  its decode (as {@code dmawb pgtable} prints it)
     */
    public record Step(int level, int index, long tableAddress, long entryAddress, long raw, PageTableEntry.Kind kind,
            String description) {
    }
}
