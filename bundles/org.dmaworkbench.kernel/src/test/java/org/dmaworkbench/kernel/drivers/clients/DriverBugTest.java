package org.dmaworkbench.kernel.drivers.clients;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.dmaworkbench.kernel.dma.debug.DmaDebugCheck;
import org.dmaworkbench.kernel.drivers.DriverBug;
import org.junit.Test;

/** The registry itself: names, lookup and which dma-debug check each bug is declared to reach. */
public class DriverBugTest {

    @Test
    public void namesAreTheIssuesKebabCaseNames() {
        List<String> names = DriverBug.names();
        for (String n : List.of("unmap-wrong-size", "unmap-wrong-direction", "forget-mapping-error",
                "unmap-resource-with-unmap-page", "unmap-page-with-unmap-resource", "sync-resource-mapping",
                "map-ram-with-map-resource", "leak-mapping-at-unbind", "double-unmap", "unmap-never-mapped",
                "free-coherent-wrong-size", "map-stack-buffer", "map-vmalloc-buffer", "map-kernel-text",
                "sync-wrong-direction", "sync-out-of-range", "sync-after-unmap", "sg-unmap-wrong-nents",
                "overlapping-mappings", "wrong-cpu-address-on-free")) {
            assertTrue(n, names.contains(n));
        }
        assertEquals(28, names.size());
        for (String n : names) {
            assertTrue(n, n.matches("[a-z0-9]+(-[a-z0-9]+)*"));
        }
    }

    @Test
    public void lookupByKebabOrConstantName() {
        assertSame(DriverBug.UNMAP_WRONG_SIZE, DriverBug.byName("unmap-wrong-size"));
        assertSame(DriverBug.SG_UNMAP_WRONG_NENTS, DriverBug.byName("SG_UNMAP_WRONG_NENTS"));
        try {
            DriverBug.byName("unmap-twice");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("unknown driver bug \"unmap-twice\"; known: "
                    + "unmap-wrong-size, unmap-wrong-direction, "));
        }
    }

    @Test
    public void declaredChecksCoverEveryCheckExceptTheDocumentedOnes() {
        Set<DmaDebugCheck> covered = EnumSet.noneOf(DmaDebugCheck.class);
        for (DriverBug b : DriverBug.values()) {
            if (b.check() != null) {
                covered.add(b.check());
            } else {
                assertTrue(b + " needs another report", b.otherReport() != null && !b.otherReport().isEmpty());
            }
            covered.addAll(b.alsoReported());
        }
        Set<DmaDebugCheck> missing = EnumSet.complementOf(EnumSet.copyOf(covered));
        assertEquals(EnumSet.of(DmaDebugCheck.MAP_FROM_VMALLOC, DmaDebugCheck.SG_SEGMENT_ACROSS_BOUNDARY,
                DmaDebugCheck.DRIVER_FILTER_CHANGED), missing);
        assertEquals(missing, DriverBug.UNREACHABLE_FROM_A_CLIENT);
    }

    @Test
    public void checksOfTheSeriesBugs() {
        assertEquals(DmaDebugCheck.FREE_WRONG_FUNCTION, DriverBug.UNMAP_RESOURCE_WITH_UNMAP_PAGE.check());
        assertEquals(DmaDebugCheck.FREE_WRONG_FUNCTION, DriverBug.UNMAP_PAGE_WITH_UNMAP_RESOURCE.check());
        assertNull(DriverBug.MAP_RAM_WITH_MAP_RESOURCE.check());
        assertTrue(DriverBug.MAP_RAM_WITH_MAP_RESOURCE.otherReport().contains("BUG_ON(pfn_valid"));
        assertEquals(List.of(DriverBug.DOUBLE_UNMAP, DriverBug.UNMAP_NEVER_MAPPED),
                DriverBug.reaching(DmaDebugCheck.FREE_NOT_ALLOCATED));
        assertEquals(List.of(DriverBug.SYNC_WRONG_DIRECTION, DriverBug.SYNC_FOR_CPU_DEVICE_READ_ONLY,
                DriverBug.SYNC_FOR_DEVICE_DEVICE_WRITE_ONLY), DriverBug.reaching(DmaDebugCheck.SYNC_DIFFERENT_DIRECTION));
    }
}
