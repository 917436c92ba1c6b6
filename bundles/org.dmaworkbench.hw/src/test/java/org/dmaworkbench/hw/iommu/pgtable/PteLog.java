package org.dmaworkbench.hw.iommu.pgtable;

import java.util.ArrayList;
import java.util.List;

/** Records PTE stores as "L<level>[<index>]@0x<table> 0x<old> -> 0x<new>" lines, and warnings. */
final class PteLog implements IoPgtableObserver {
    final List<String> writes = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> tables = new ArrayList<>();

    @Override
    public void pteWritten(IoPgtable pgtable, int level, int index, long tablePa, long oldPte, long newPte) {
        writes.add(String.format("L%d[%d]@0x%x 0x%x -> 0x%x", level, index, tablePa, oldPte, newPte));
    }

    @Override
    public void tableAllocated(IoPgtable pgtable, int level, long tablePa, int size) {
        tables.add(String.format("alloc L%d 0x%x 0x%x", level, tablePa, size));
    }

    @Override
    public void tableFreed(IoPgtable pgtable, int level, long tablePa, int size) {
        tables.add(String.format("free L%d 0x%x 0x%x", level, tablePa, size));
    }

    @Override
    public void warning(IoPgtable pgtable, String message) {
        warnings.add(message);
    }
}
