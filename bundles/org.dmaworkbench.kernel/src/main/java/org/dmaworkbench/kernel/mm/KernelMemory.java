package org.dmaworkbench.kernel.mm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.dmaworkbench.hw.mem.PhysicalMemory;
import org.dmaworkbench.kernel.dma.debug.KernelMemoryLayout;

/**
 * The emulated kernel's memory: the page allocator over the RAM regions, kmalloc caches, the linear map
 * ({@code __pa()} / {@code __va()} / {@code page_address()}), the kernel image (text, rodata), a vmalloc area
 * and per-task stacks, laid out as the Linux 6.12 kernel lays them out on arm64 (48-bit VA, 4 KiB pages) or
 * 32-bit ARM (3G/1G split, 240 MiB vmalloc, lowmem/highmem split), so that the DMA layer's and dma-debug's
 * address checks see the addresses a real kernel would hand them.
 * <p>
 * Buffers live in emulated RAM ({@link PhysicalMemory}); virtual addresses are plain numbers.
 */
public final class KernelMemory implements KernelMemoryLayout {
    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final long PAGE_MASK = ~(long) (PAGE_SIZE - 1);

    // arm64, VA_BITS = 48 (arch/arm64/include/asm/memory.h)
    /** {@code PAGE_OFFSET = -(1 << VA_BITS)} */
    public static final long ARM64_PAGE_OFFSET = 0xffff000000000000L;
    /** {@code PAGE_END = _PAGE_END(VA_BITS_MIN)}: end of the linear map. */
    public static final long ARM64_PAGE_END = 0xffff800000000000L;
    /** {@code KIMAGE_VADDR = MODULES_END}, also {@code VMALLOC_START}. */
    public static final long ARM64_KIMAGE_VADDR = 0xffff800080000000L;
    /** {@code VMALLOC_END = VMEMMAP_START - SZ_8M} with a 64-byte struct page. */
    public static final long ARM64_VMALLOC_END = 0xfffffdffbf800000L;
    /** {@code ARM64_MEMSTART_ALIGN}: PUD_SIZE with 4 KiB pages. */
    public static final long ARM64_MEMSTART_ALIGN = 1L << 30;

    // 32-bit ARM (arch/arm/include/asm/memory.h, pgtable.h, mm/mmu.c)
    public static final long ARM32_PAGE_OFFSET = 0xc0000000L;
    public static final long ARM32_VMALLOC_END = 0xff800000L;
    public static final long ARM32_VMALLOC_OFFSET = 8L << 20;
    /** Default {@code vmalloc=} size: 240 MiB. */
    public static final long ARM32_VMALLOC_SIZE = 240L << 20;
    /** {@code TEXT_OFFSET}: the kernel image starts 32 KiB into the linear map. */
    public static final long ARM32_TEXT_OFFSET = 0x8000L;

    private final KernelArch arch;
    private final PhysicalMemory memory;
    private final List<MemoryRegion> regions;
    private final PageFrameAllocator pages;
    private final long physOffset;
    private final long pageOffset;
    /** Linear map covers physical [physOffset, lowmemLimit). */
    private final long lowmemLimit;
    private final long vmallocStart;
    private final long vmallocEnd;
    private final long threadSize;

    private final long textStart; // _stext
    private final long textEnd; // _etext
    private final long rodataStart; // __start_rodata
    private final long rodataEnd; // __end_rodata
    private final long imageVirt; // _text
    private final long imageEnd; // _end
    private final long imagePhys;

    private final Kmalloc kmalloc;
    private final TreeMap<Long, VmArea> vmAreas = new TreeMap<>();
    private long vmallocCursor;
    private boolean vmapStack = true;
    private final Map<String, TaskStack> stacks = new HashMap<>();
    private final TreeMap<Long, TaskStack> stacksByVirt = new TreeMap<>();
    private final HashMap<Long, TaskStack> stackByPage = new HashMap<>();
    private String currentTask = "swapper/0";
    /** RAM banks as arrays, for pfn_valid() on the DMA-API hot path. */
    private final long[] ramBase;
    private final long[] ramSize;
    /** Bumped whenever a stack or a vmalloc area comes or goes; the current-task cache below checks it. */
    private int layoutGeneration;
    private int cachedGeneration = -1;
    private String cachedTask;
    private TaskStack cachedStack;
    private boolean cachedStackVmapped;

    /** A vmalloc'ed area: {@code pages[i]} backs {@code start + i * PAGE_SIZE}. */
    public record VmArea(long start, long size, long[] pages, String caller) {
        public long end() {
            return start + size;
        }
    }

    /** A task's kernel stack: {@code THREAD_SIZE} bytes at {@code base}, backed by {@code pages}. */
    public record TaskStack(String task, long base, long size, long[] pages) {
        public long top() {
            return base + size;
        }
    }

    /**
     * @param regions RAM banks in ascending address order; the kernel image is placed at the start of the first
     *                one and reserved
     */
    public KernelMemory(KernelArch arch, PhysicalMemory memory, List<MemoryRegion> regions) {
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("no RAM regions");
        }
        this.arch = arch;
        this.memory = memory;
        this.regions = List.copyOf(regions);
        this.ramBase = new long[this.regions.size()];
        this.ramSize = new long[this.regions.size()];
        for (int i = 0; i < ramBase.length; i++) {
            ramBase[i] = this.regions.get(i).base();
            ramSize[i] = this.regions.get(i).size();
        }
        this.pages = new PageFrameAllocator(memory, this.regions);
        long firstRam = this.regions.get(0).base();
        if (arch == KernelArch.ARM64) {
            physOffset = firstRam & -ARM64_MEMSTART_ALIGN;
            pageOffset = ARM64_PAGE_OFFSET;
            lowmemLimit = physOffset + (ARM64_PAGE_END - ARM64_PAGE_OFFSET);
            vmallocStart = ARM64_KIMAGE_VADDR;
            vmallocEnd = ARM64_VMALLOC_END;
            threadSize = 16 * 1024;
            // a representative arm64 Image: text, then rodata, 64 KiB (SEGMENT_ALIGN) aligned, 32 MiB in all
            imagePhys = (firstRam + (2 << 20) - 1) & -(2L << 20);
            imageVirt = ARM64_KIMAGE_VADDR;
            textStart = imageVirt + 0x10000;
            textEnd = imageVirt + 0x01000000;
            rodataStart = textEnd;
            rodataEnd = imageVirt + 0x01800000;
            imageEnd = imageVirt + 0x02000000;
            vmallocCursor = imageEnd;
        } else {
            physOffset = firstRam;
            pageOffset = ARM32_PAGE_OFFSET;
            // arm_lowmem_limit = __pa(VMALLOC_END - vmalloc_size - VMALLOC_OFFSET)
            long vmallocMin = ARM32_VMALLOC_END - ARM32_VMALLOC_SIZE - ARM32_VMALLOC_OFFSET;
            long limit = physOffset + (vmallocMin - ARM32_PAGE_OFFSET);
            // lowmem ends where the first bank does if that comes first
            long lowEnd = this.regions.get(0).end();
            for (MemoryRegion r : this.regions) {
                if (r.base() == lowEnd) {
                    lowEnd = r.end();
                }
            }
            lowmemLimit = Math.min(limit, lowEnd);
            long highMemory = lowmemLimit - physOffset + ARM32_PAGE_OFFSET;
            vmallocStart = (highMemory + ARM32_VMALLOC_OFFSET) & ~(ARM32_VMALLOC_OFFSET - 1);
            vmallocEnd = ARM32_VMALLOC_END;
            threadSize = 8 * 1024;
            imagePhys = firstRam;
            imageVirt = ARM32_PAGE_OFFSET + ARM32_TEXT_OFFSET;
            textStart = ARM32_PAGE_OFFSET + 0x00100000;
            textEnd = ARM32_PAGE_OFFSET + 0x00800000;
            rodataStart = textEnd;
            rodataEnd = ARM32_PAGE_OFFSET + 0x00a00000;
            imageEnd = ARM32_PAGE_OFFSET + 0x01000000;
            vmallocCursor = vmallocStart;
        }
        pages.reserve(imagePhys, imageEnd - imageVirt + (arch == KernelArch.ARM32 ? ARM32_TEXT_OFFSET : 0));
        kmalloc = new Kmalloc(this, arch == KernelArch.ARM32 ? Kmalloc.KMALLOC_MIN_SIZE_ARM32 : 8);
    }

    public KernelArch arch() {
        return arch;
    }

    @Override
    public int pointerBytes() {
        return arch == KernelArch.ARM32 ? 4 : 8;
    }

    public PhysicalMemory physicalMemory() {
        return memory;
    }

    public List<MemoryRegion> regions() {
        return regions;
    }

    public PageFrameAllocator pageAllocator() {
        return pages;
    }

    /** {@code PHYS_OFFSET}: physical address of {@code PAGE_OFFSET}. */
    public long physOffset() {
        return physOffset;
    }

    public long pageOffset() {
        return pageOffset;
    }

    /** Physical end (exclusive) of memory with a linear-map address ({@code arm_lowmem_limit} on ARM32). */
    public long lowmemLimit() {
        return lowmemLimit;
    }

    public long vmallocStart() {
        return vmallocStart;
    }

    public long vmallocEnd() {
        return vmallocEnd;
    }

    /** {@code THREAD_SIZE} */
    public long threadSize() {
        return threadSize;
    }

    // ---- the interface dma-debug reads (KernelMemoryLayout) ----

    /** {@code page_address(phys_to_page(phys))}: linear-map address of the page, 0 for highmem or non-RAM. */
    @Override
    public long pageAddress(long phys) {
        if (!isRam(phys) || !isLowmem(phys)) {
            return 0;
        }
        return physToVirt(phys & PAGE_MASK);
    }

    /**
     * The task the emulated CPU runs now ({@code current}); its stack is the one dma-debug checks. Stacks are
     * created by {@link #taskStack(String)}; the layout queries never allocate one.
     */
    public void setCurrentTask(String task) {
        if (task == null ? currentTask != null : !task.equals(currentTask)) {
            layoutGeneration++;
        }
        this.currentTask = task;
    }

    /**
     * Changes whenever the task, a stack, a vmalloc area or the stack mode changes: the RAM, the linear map and the
     * kernel image are fixed, so the answers of the layout queries stay the same until it does.
     */
    @Override
    public long checkGeneration() {
        return layoutGeneration & 0xffff_ffffL;
    }

    public String currentTask() {
        return currentTask;
    }

    /**
     * {@code object_is_on_stack()}: whether {@code virt} lies in the current task's stack, by its own address
     * or, for a vmapped stack, by the linear alias of one of its pages.
     */
    @Override
    public boolean isStackAddress(long virt) {
        TaskStack s = currentStack();
        if (s == null) {
            return false;
        }
        if (virt - s.base() >= 0 && virt - s.base() < s.size()) {
            return true;
        }
        if (vmapStack && isLinear(virt)) {
            return stackByPage.get(virtToPhys(virt) & PAGE_MASK) == s;
        }
        return false;
    }

    /** Whether {@code virt} lies in any task's stack. */
    public boolean isAnyStackAddress(long virt) {
        Map.Entry<Long, TaskStack> e = stacksByVirt.floorEntry(virt);
        return e != null && virt - e.getValue().base() >= 0 && virt - e.getValue().base() < e.getValue().size();
    }

    /** The current task's stack (null if it has none yet), remembered until the task or the layout changes. */
    private TaskStack currentStack() {
        if (cachedTask != currentTask || cachedGeneration != layoutGeneration) {
            cachedStack = stacks.get(currentTask);
            cachedStackVmapped = cachedStack != null && vmAreas.containsKey(cachedStack.base());
            cachedTask = currentTask;
            cachedGeneration = layoutGeneration;
        }
        return cachedStack;
    }

    @Override
    public boolean isStackVmapped() {
        TaskStack s = currentStack();
        return s == null ? vmapStack : cachedStackVmapped;
    }

    @Override
    public long stackPageAddress(long pagePhys) {
        TaskStack s = currentStack();
        if (s == null) {
            return 0;
        }
        long[] p = s.pages();
        for (int i = 0; i < p.length; i++) {
            if (p[i] == (pagePhys & PAGE_MASK)) {
                return s.base() + ((long) i << PAGE_SHIFT);
            }
        }
        return 0;
    }

    /** {@code virt_addr_valid()}: a linear-map address with RAM behind it (kernel image addresses are not, on arm64). */
    @Override
    public boolean virtAddrValid(long virt) {
        return isLinear(virt) && isRam(linearToPhys(virt)); // virtToPhys() of a linear address
    }

    /** {@code is_vmalloc_addr()}: {@code VMALLOC_START <= virt < VMALLOC_END}. */
    @Override
    public boolean isVmallocAddress(long virt) {
        return Long.compareUnsigned(virt, vmallocStart) >= 0 && Long.compareUnsigned(virt, vmallocEnd) < 0;
    }

    /** {@code _stext} */
    @Override
    public long textStart() {
        return textStart;
    }

    /** {@code _etext} */
    @Override
    public long textEnd() {
        return textEnd;
    }

    /** {@code __start_rodata} */
    @Override
    public long rodataStart() {
        return rodataStart;
    }

    /** {@code __end_rodata} */
    @Override
    public long rodataEnd() {
        return rodataEnd;
    }

    /** {@code pfn_valid()}: the address is RAM with a {@code struct page}. */
    @Override
    public boolean isRam(long phys) {
        for (int i = 0; i < ramBase.length; i++) {
            if (phys - ramBase[i] >= 0 && phys - ramBase[i] < ramSize[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The physical address behind a kernel virtual address: the linear map ({@code __pa()}), the kernel image
     * ({@code __pa_symbol()}), or a vmalloc/stack page ({@code vmalloc_to_page()}); -1 if nothing is mapped there.
     */
    @Override
    public long virtToPhys(long virt) {
        if (isLinear(virt)) {
            return linearToPhys(virt);
        }
        if (arch == KernelArch.ARM64 && Long.compareUnsigned(virt, imageVirt) >= 0
                && Long.compareUnsigned(virt, imageEnd) < 0) {
            return virt - imageVirt + imagePhys;
        }
        if (isVmallocAddress(virt)) {
            Map.Entry<Long, VmArea> e = vmAreas.floorEntry(virt);
            if (e != null && virt - e.getKey() < e.getValue().size()) {
                VmArea a = e.getValue();
                int i = (int) ((virt - a.start()) >>> PAGE_SHIFT);
                return a.pages()[i] + (virt & (PAGE_SIZE - 1));
            }
        }
        return -1;
    }

    // ---- linear map ----

    /** {@code virt_addr_valid()} without the pfn check: the address lies in the linear map. */
    public boolean isLinear(long virt) {
        if (arch == KernelArch.ARM64) {
            return Long.compareUnsigned(virt, ARM64_PAGE_OFFSET) >= 0 && Long.compareUnsigned(virt, ARM64_PAGE_END) < 0
                    && linearToPhys(virt) < lowmemLimit;
        }
        return virt >= ARM32_PAGE_OFFSET && virt < ARM32_PAGE_OFFSET + (lowmemLimit - physOffset);
    }

    /** Physical memory with a linear-map address (all RAM on arm64; below {@code arm_lowmem_limit} on ARM32). */
    public boolean isLowmem(long phys) {
        return phys >= physOffset && phys < lowmemLimit;
    }

    /** {@code __va()} / {@code phys_to_virt()}; -1 for highmem on ARM32. */
    public long physToVirt(long phys) {
        if (!isLowmem(phys)) {
            return -1;
        }
        if (arch == KernelArch.ARM64) {
            return (phys - physOffset) | ARM64_PAGE_OFFSET;
        }
        return phys - physOffset + ARM32_PAGE_OFFSET;
    }

    private long linearToPhys(long virt) {
        if (arch == KernelArch.ARM64) {
            return (virt & ~ARM64_PAGE_OFFSET) + physOffset;
        }
        return virt - ARM32_PAGE_OFFSET + physOffset;
    }

    // ---- allocations ----

    /** {@code kmalloc(size, GFP_KERNEL)}: a linear-map address, or 0 when memory is exhausted. */
    public long kmalloc(long size) {
        return kmalloc.alloc(size);
    }

    /** {@code kzalloc()} */
    public long kzalloc(long size) {
        long v = kmalloc.alloc(size);
        if (v != 0) {
            byte[] zero = new byte[(int) Math.min(size, Integer.MAX_VALUE)];
            memory.write(virtToPhys(v), zero, 0, zero.length);
        }
        return v;
    }

    /** {@code kfree()} */
    public void kfree(long virt) {
        kmalloc.free(virt);
    }

    /** {@code ksize()}: the usable size of a kmalloc'ed object. */
    public long ksize(long virt) {
        return kmalloc.ksize(virt);
    }

    /** {@code __get_free_pages(GFP_KERNEL, order)}: the linear address of a lowmem block, 0 if none. */
    public long getFreePages(int order) {
        long pa = pages.allocPages(order, arch == KernelArch.ARM32 ? lowmemLimit : Long.MAX_VALUE);
        return pa < 0 ? 0 : physToVirt(pa);
    }

    /** {@code free_pages()} */
    public void freePages(long virt, int order) {
        pages.freePages(virtToPhys(virt), order);
    }

    /**
     * {@code vmalloc(size)}: page-by-page backing mapped contiguously in the vmalloc area, followed by a guard
     * page; 0 when memory or address space runs out.
     */
    public long vmalloc(long size, String caller) {
        long n = (size + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        long span = (n + 1) << PAGE_SHIFT;
        if (n <= 0 || Long.compareUnsigned(vmallocCursor + span, vmallocEnd) > 0) {
            return 0;
        }
        long[] backing = new long[(int) n];
        for (int i = 0; i < n; i++) {
            backing[i] = pages.allocPages(0);
            if (backing[i] < 0) {
                for (int j = 0; j < i; j++) {
                    pages.freePages(backing[j], 0);
                }
                return 0;
            }
        }
        long start = vmallocCursor;
        vmallocCursor += span;
        vmAreas.put(start, new VmArea(start, n << PAGE_SHIFT, backing, caller));
        layoutGeneration++;
        return start;
    }

    /** {@code vfree()} */
    public void vfree(long virt) {
        VmArea a = vmAreas.remove(virt);
        layoutGeneration++;
        if (a == null) {
            throw new IllegalArgumentException(String.format("vfree(0x%x): not a vmalloc area", virt));
        }
        for (long p : a.pages()) {
            pages.freePages(p, 0);
        }
    }

    /**
     * {@code vmap()}: maps the given pages contiguously in the vmalloc area (plus a guard page) without taking
     * ownership of them. @return the virtual address, 0 when the area is exhausted
     */
    public long vmap(long[] backing, String caller) {
        long span = ((long) backing.length + 1) << PAGE_SHIFT;
        if (backing.length == 0 || Long.compareUnsigned(vmallocCursor + span, vmallocEnd) > 0) {
            return 0;
        }
        long start = vmallocCursor;
        vmallocCursor += span;
        vmAreas.put(start, new VmArea(start, (long) backing.length << PAGE_SHIFT, backing.clone(), caller));
        layoutGeneration++;
        return start;
    }

    /** {@code vunmap()}: removes a {@link #vmap} mapping; the pages stay allocated. */
    public void vunmap(long virt) {
        layoutGeneration++;
        if (vmAreas.remove(virt) == null) {
            throw new IllegalArgumentException(String.format("vunmap(0x%x): not a vmap area", virt));
        }
    }

    /** The vmalloc area holding {@code virt}, or null. */
    public VmArea vmArea(long virt) {
        Map.Entry<Long, VmArea> e = vmAreas.floorEntry(virt);
        return e != null && virt - e.getKey() < e.getValue().size() ? e.getValue() : null;
    }

    /** Whether task stacks are vmapped ({@code CONFIG_VMAP_STACK}, default on in 6.12; off for 4.9 on ARM). */
    public void setVmapStack(boolean vmapStack) {
        if (vmapStack != this.vmapStack) {
            layoutGeneration++;
        }
        this.vmapStack = vmapStack;
    }

    public boolean vmapStack() {
        return vmapStack;
    }

    /**
     * The kernel stack of {@code task}, created on first use: {@code THREAD_SIZE} bytes in the vmalloc area
     * ({@code CONFIG_VMAP_STACK}) or a {@code THREAD_SIZE}-aligned lowmem block.
     */
    public TaskStack taskStack(String task) {
        TaskStack s = stacks.get(task);
        if (s != null) {
            return s;
        }
        int n = (int) (threadSize >>> PAGE_SHIFT);
        long[] backing = new long[n];
        long base;
        if (vmapStack) {
            // THREAD_ALIGN is 2 * THREAD_SIZE with VMAP_STACK on arm64, so overflows hit the guard
            long align = arch == KernelArch.ARM64 ? 2 * threadSize : threadSize;
            base = (vmallocCursor + align - 1) & -align;
            if (Long.compareUnsigned(base + threadSize + PAGE_SIZE, vmallocEnd) > 0) {
                throw new IllegalStateException("vmalloc area exhausted");
            }
            for (int i = 0; i < n; i++) {
                backing[i] = pages.allocPages(0);
                if (backing[i] < 0) {
                    throw new IllegalStateException("out of memory for the stack of " + task);
                }
            }
            vmallocCursor = base + threadSize + PAGE_SIZE;
            vmAreas.put(base, new VmArea(base, threadSize, backing, "alloc_thread_stack_node"));
        } else {
            long pa = pages.allocPages(Integer.numberOfTrailingZeros(n), lowmemLimit);
            if (pa < 0) {
                throw new IllegalStateException("out of memory for the stack of " + task);
            }
            for (int i = 0; i < n; i++) {
                backing[i] = pa + ((long) i << PAGE_SHIFT);
            }
            base = physToVirt(pa);
        }
        s = new TaskStack(task, base, threadSize, backing);
        layoutGeneration++;
        stacks.put(task, s);
        stacksByVirt.put(base, s);
        for (long p : backing) {
            stackByPage.put(p, s);
        }
        return s;
    }

    public List<TaskStack> taskStacks() {
        return new ArrayList<>(stacksByVirt.values());
    }

    /** The physical address of the kernel image ({@code _text}). */
    public long imagePhys() {
        return imagePhys;
    }

    /** {@code _text}: the virtual address the kernel image starts at. */
    public long imageVirt() {
        return imageVirt;
    }

    /** {@code get_order(size)} of include/asm-generic/getorder.h. */
    public static int getOrder(long size) {
        if (size <= PAGE_SIZE) {
            return 0;
        }
        return 64 - Long.numberOfLeadingZeros((size - 1) >>> PAGE_SHIFT);
    }

    /** {@code PAGE_ALIGN()} */
    public static long pageAlign(long size) {
        return (size + PAGE_SIZE - 1) & PAGE_MASK;
    }
}
