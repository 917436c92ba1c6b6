package org.dmaworkbench.hw.iommu.pgtable.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

/**
 * {@code dmawb pgtable}: expected lines are written by hand from the kernel's bit definitions (PTE values) and from
 * iommu_pgsize() (how a size is split into map_pages calls); tables come from RAM at 0x40000000 in order.
 */
public class PgtableCommandTest {
    private String out;
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = PgtableCommand.run(Arrays.asList(args), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return rc;
    }

    private void assertLine(String line) {
        List<String> lines = out.lines().toList();
        assertTrue("missing line:\n" + line + "\nin:\n" + out, lines.contains(line));
    }

    @Test
    public void ipmmuMmioPage() {
        assertEquals(0, run("--format", "lpae-s1-32", "--quirk", "arm-ns", "--map",
                "0xfffff000:0xe6e88000:4K:read,write,mmio", "--walk", "0xfffff00c", "0x1000"));
        assertLine("ARM_32_LPAE_S1: ias 32, oas 40, pgsize_bitmap 0x40201000 (4K 2M 1G), quirks arm-ns, non-coherent walk");
        assertLine("levels 1..3, granule 4K, pgd 0x40000000 (4 entries)");
        assertLine("ttbr 0x0000000040000000 tcr 0x200002020 (ips 2 tg 0 sh 2 orgn 0 irgn 0 tsz 32) mair 0x00000000f404ff44");
        assertLine("    L1[3] @0x40000018 (table 0x40000000): 0x0000000000000000 -> 0x8000000040001003  table -> 0x40001000 NSTable");
        assertLine("    L1[3] @0x40000018 (table 0x40000000): 0x8000000040001003 -> 0x8080000040001003  table -> 0x40001000 NSTable SW_SYNC");
        assertLine("    L3[511] @0x40002ff8 (table 0x40002000): 0x0000000000000000 -> 0x00000000e6e88e6b  page 4K -> 0xe6e88000 AttrIndx=2(device) AP=rw,unpriv SH=OS AF nG NS");
        assertLine("  = 0, mapped 4K");
        assertLine("  L3[511] @0x40002ff8 = 0x00000000e6e88e6b  page 4K -> 0xe6e88000 AttrIndx=2(device) AP=rw,unpriv SH=OS AF nG NS");
        assertLine("  -> pa 0xe6e8800c (4K at level 3, read,write,mmio, NS)");
        assertLine("walk iova 0x1000");
        assertLine("  -> translation fault at level 1");
        assertEquals("", err);
    }

    @Test
    public void sizeIsSplitAsIommuMapDoes() {
        assertEquals(0, run("--format", "lpae-s1-32", "--coherent-walk", "--map", "0x1ff000:0x1ff000:0x202000:read",
                "--unmap", "0x1ff000:0x202000"));
        // 0x1ff000 is only 4K aligned and 4K short of 2M: one 4K page, then a 2M block, then the last 4K page
        assertLine("  map_pages iova 0x1ff000 pa 0x1ff000 pgsize 4K pgcount 1");
        assertLine("  map_pages iova 0x200000 pa 0x200000 pgsize 2M pgcount 1");
        assertLine("  map_pages iova 0x400000 pa 0x400000 pgsize 4K pgcount 1");
        // the block: nG 0x800 | AF 0x400 | SH_OS 0x200 | AP_RDONLY 0x80 | UNPRIV 0x40 | block 1
        assertLine("    L2[1] @0x40001008 (table 0x40001000): 0x0000000000000000 -> 0x0000000000200ec1  block 2M -> 0x200000 AttrIndx=0(nc) AP=ro,unpriv SH=OS AF nG");
        assertLine("  = 0, mapped 2056K");
        assertLine("  unmap_pages iova 0x200000 pgsize 2M pgcount 1");
        assertLine("    tlb_add_page iova 0x200000 granule 2M");
        assertLine("  = unmapped 2056K");
    }

    @Test
    public void failedMapIsUndoneAndExitsOne() {
        assertEquals(1, run("--format", "lpae-s1-32", "--coherent-walk", "--map", "0x200000:0x0:4K:read",
                "0x1ff000:0x1ff000:8K:write"));
        // 8K from 0x1ff000: 4K fits at the end of one level-3 table, the second 4K hits the page mapped first
        assertLine("  = -EEXIST after mapping 4K");
        assertLine("  undoing the partial mapping, as iommu_map() does");
        assertLine("  unmap_pages iova 0x1ff000 pgsize 4K pgcount 1");
        assertTrue(out.contains("WARNING: map_pages: iova 0x200000 is already mapped"));
    }

    @Test
    public void unmapOfNothingExitsOne() {
        assertEquals(1, run("--format", "lpae-s1-64", "--map", "0:0:4K:read", "--unmap", "0x800000:4K"));
        assertLine("  = unmapped 0");
    }

    @Test
    public void v7sSection() {
        assertEquals(0, run("--format", "v7s", "--quirk", "arm-ns", "--coherent-walk", "--map",
                "0x02000000:0x02000000:1M:read,write,noexec,cache"));
        assertLine("ttbr 0x4000006a tcr 0x0 nmrr 0x40004000 prrr 0x800b8204");
        assertLine("    L1[32] @0x40000080 (table 0x40000000): 0x00000000 -> 0x020b1c1e  section 1M -> 0x2000000 TEX=1 C B AP=rw,unpriv AF S nG XN NS");
    }

    @Test
    public void granule64kStage2() {
        assertEquals(0, run("--format", "lpae-s2-64", "--granule", "64K", "--ias", "42", "--oas", "48", "--map",
                "0x20000000:0x80000000:512M:read,write"));
        // va_bits 26 with 13 bits per level: 2 levels (2 and 3), pgd of 13 bits; 512M is a level-2 block
        assertLine("levels 2..3, granule 64K, pgd 0x40000000 (8192 entries)");
        // HAP rw 0xc0 | MemAttr NC 5<<2 | SH_OS 0x200 | AF 0x400 | block 1 = 0x6d5
        assertLine("    L2[1] @0x40000008 (table 0x40000000): 0x0000000000000000 -> 0x00000000800006d5  block 512M -> 0x80000000 MemAttr=0x5(nc) S2AP=rw SH=OS AF");
    }

    @Test
    public void badArgumentsExitTwoAndNameTheArgument() {
        assertBad("--format 'lpae-s3': expected", "--format", "lpae-s3", "--map", "0:0:4K:read");
        assertBad("unknown protection flag 'rwx'", "--format", "v7s", "--map", "0:0:4K:rwx");
        assertBad("--map '0:0:4K': expected IOVA:PA:SIZE:PROT", "--format", "v7s", "--map", "0:0:4K");
        assertBad("SIZE '4Q' is not a size", "--format", "v7s", "--map", "0:0:4Q:read");
        assertBad("IOVA 'zz' is not a number", "--format", "v7s", "--map", "zz:0:4K:read");
        assertBad("--granule applies to the LPAE formats only", "--format", "v7s", "--granule", "16K", "--map", "0:0:4K:read");
        assertBad("--granule '8K': expected 4K, 16K or 64K", "--format", "lpae-s1-64", "--granule", "8K", "--map", "0:0:4K:read");
        assertBad("at least one --map", "--format", "v7s", "--walk", "0");
        assertBad("--format is required", "--map", "0:0:4K:read");
        assertBad("unknown option '--frobnicate'", "--format", "v7s", "--frobnicate");
        assertBad("--quirk 'arm-nx': expected", "--format", "v7s", "--quirk", "arm-nx", "--map", "0:0:4K:read");
        assertBad("the kernel would refuse this configuration: ARM_32_LPAE_S1 supports ias <= 32 and oas <= 40 (asked ias 33, oas 40)",
                "--format", "lpae-s1-32", "--ias", "33", "--map", "0:0:4K:read");
        assertBad("--map: unaligned: iova 0x1800 pa 0x0 size 0x1000 min_pagesz 0x1000", "--format", "lpae-s1-32",
                "--map", "0x1800:0:4K:read");
        assertBad("--unmap: unaligned: iova 0x0 size 0x800 min_pagesz 0x1000", "--format", "lpae-s1-32",
                "--map", "0:0:4K:read", "--unmap", "0:2K");
        assertEquals(2, run());
        assertTrue(err.startsWith("usage: dmawb pgtable"));
    }

    private void assertBad(String message, String... args) {
        assertEquals(String.join(" ", args), 2, run(args));
        assertTrue("stderr was: " + err, err.contains(message));
        assertEquals("nothing may run on bad arguments", "", out);
    }
}
