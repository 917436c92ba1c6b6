package org.dmaworkbench.devicetree.fuzz;

import org.dmaworkbench.devicetree.DeviceTree;
import org.dmaworkbench.devicetree.Dtb;
import org.dmaworkbench.devicetree.DtbFormatException;
import org.dmaworkbench.devicetree.DtsWriter;
import org.dmaworkbench.tests.common.fuzz.Budget;

/**
 * Fuzz target: the DTB reader. A blob is either a tree (which must then print as DTS and write as a DTB that reads
 * back) or a {@link DtbFormatException}; anything else thrown, a hang or an allocation over the budget is a finding.
 * Run it long with {@code releng/scripts/fuzz dtb}.
 */
public final class DtbFuzzTarget {
    private DtbFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        Budget budget = Budget.start();
        DeviceTree t;
        try {
            t = Dtb.read(data);
        } catch (DtbFormatException e) {
            budget.check("reading " + data.length + " bytes");
            return;
        }
        DtsWriter.write(t);
        try {
            Dtb.read(Dtb.write(t));
        } catch (DtbFormatException e) {
            throw new AssertionError("a tree read from a DTB does not read back after writing: " + e.getMessage(), e);
        }
        budget.check("reading " + data.length + " bytes");
    }
}
