package org.dmaworkbench.hw.iommu.pgtable;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel self-tests' dummy_tlb_ops: every flush_walk/add_page size must be one of the page sizes
 * (WARN_ON(!(size & cfg_cookie->pgsize_bitmap))). Records calls so tests can also check them exactly.
 */
final class RecordingFlushOps implements IommuFlushOps {
    long pgsizeBitmap;
    final List<String> calls = new ArrayList<>();
    final List<String> violations = new ArrayList<>();

    RecordingFlushOps(long pgsizeBitmap) {
        this.pgsizeBitmap = pgsizeBitmap;
    }

    @Override
    public void tlbFlushAll() {
        calls.add("flush_all");
    }

    @Override
    public void tlbFlushWalk(long iova, long size, long granule) {
        calls.add(String.format("flush_walk 0x%x 0x%x 0x%x", iova, size, granule));
        check(size);
    }

    @Override
    public void tlbAddPage(IommuIotlbGather gather, long iova, long granule) {
        calls.add(String.format("add_page 0x%x 0x%x", iova, granule));
        check(granule);
    }

    private void check(long size) {
        if ((size & pgsizeBitmap) == 0) {
            violations.add(String.format("flush size 0x%x not in pgsize_bitmap 0x%x", size, pgsizeBitmap));
        }
    }
}
