package org.dmaworkbench.ui.views.iommu;

import java.util.List;

import org.dmaworkbench.emulation.inspect.Field;
import org.dmaworkbench.emulation.inspect.LeafRuns;
import org.dmaworkbench.emulation.live.PageTableEntry;

/** The elements of the IOMMU view's tree: values, so a refresh keeps what was expanded. */
final class PtNodes {
    private PtNodes() {
    }

    /** A heading: devices and micro-TLBs, context registers, page table. */
    record Group(String name, String detail) {
    }

    /** A line of information with optional children. */
    record Info(String name, String detail, List<Object> children) {
        Info {
            children = List.copyOf(children);
        }
    }

    /** A register: raw value, one-line decode, fields as children. */
    record Register(String name, long value, String decoded, List<Field> fields) {
        Register {
            fields = List.copyOf(fields);
        }
    }

    /** An entry, or a run of contiguous leaves with its members. */
    record Entry(LeafRuns.Run run, List<PageTableEntry> members) {
        Entry {
            members = List.copyOf(members);
        }

        PageTableEntry first() {
            return run.first();
        }

        boolean isRange() {
            return run.isRange();
        }
    }
}
