package org.dmaworkbench.kernel.mm;

/**
 * {@code gfp_t} allocation flags of include/linux/gfp_types.h (Linux 6.12, without KASAN_HW_TAGS, LOCKDEP and
 * SLAB_OBJ_EXT, whose bits then do not exist) and {@code show_gfp_flags()} of include/trace/events/mmflags.h, which
 * the {@code dma_alloc*} trace events print. Only the bits matter to the emulated kernel: callers pass what the
 * driver passes ({@link #GFP_KERNEL} for sh-sci's receive buffers, {@link #GFP_NOWAIT} for rcar-dmac's hardware
 * descriptors), and {@code dma_alloc_coherent()} turns {@link #__GFP_NOWARN} into {@code DMA_ATTR_NO_WARN}.
 */
public final class Gfp {
    // the ___GFP_*_BIT enum of gfp_types.h, in order
    public static final int __GFP_DMA = 1 << 0;
    public static final int __GFP_HIGHMEM = 1 << 1;
    public static final int __GFP_DMA32 = 1 << 2;
    public static final int __GFP_MOVABLE = 1 << 3;
    public static final int __GFP_RECLAIMABLE = 1 << 4;
    public static final int __GFP_HIGH = 1 << 5;
    public static final int __GFP_IO = 1 << 6;
    public static final int __GFP_FS = 1 << 7;
    public static final int __GFP_ZERO = 1 << 8;
    // bit 9 is unused
    public static final int __GFP_DIRECT_RECLAIM = 1 << 10;
    public static final int __GFP_KSWAPD_RECLAIM = 1 << 11;
    public static final int __GFP_WRITE = 1 << 12;
    public static final int __GFP_NOWARN = 1 << 13;
    public static final int __GFP_RETRY_MAYFAIL = 1 << 14;
    public static final int __GFP_NOFAIL = 1 << 15;
    public static final int __GFP_NORETRY = 1 << 16;
    public static final int __GFP_MEMALLOC = 1 << 17;
    public static final int __GFP_COMP = 1 << 18;
    public static final int __GFP_NOMEMALLOC = 1 << 19;
    public static final int __GFP_HARDWALL = 1 << 20;
    public static final int __GFP_THISNODE = 1 << 21;
    public static final int __GFP_ACCOUNT = 1 << 22;
    public static final int __GFP_ZEROTAGS = 1 << 23;

    public static final int __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;
    // gfp_types.h:377-390
    public static final int GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM;
    public static final int GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;
    public static final int GFP_KERNEL_ACCOUNT = GFP_KERNEL | __GFP_ACCOUNT;
    public static final int GFP_NOWAIT = __GFP_KSWAPD_RECLAIM | __GFP_NOWARN;
    public static final int GFP_NOIO = __GFP_RECLAIM;
    public static final int GFP_NOFS = __GFP_RECLAIM | __GFP_IO;
    public static final int GFP_USER = __GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL;
    public static final int GFP_DMA = __GFP_DMA;
    public static final int GFP_DMA32 = __GFP_DMA32;
    public static final int GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
    public static final int GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE;
    public static final int GFP_TRANSHUGE_LIGHT = (GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC
            | __GFP_NOWARN) & ~__GFP_RECLAIM;
    public static final int GFP_TRANSHUGE = GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM;

    /** {@code __def_gfpflag_names}, in the table's order (mmflags.h:81-115) */
    private static final int[] MASKS = { GFP_TRANSHUGE, GFP_TRANSHUGE_LIGHT, GFP_HIGHUSER_MOVABLE, GFP_HIGHUSER,
        GFP_USER, GFP_KERNEL_ACCOUNT, GFP_KERNEL, GFP_NOFS, GFP_ATOMIC, GFP_NOIO, GFP_NOWAIT, GFP_DMA, __GFP_HIGHMEM,
        GFP_DMA32, __GFP_HIGH, __GFP_IO, __GFP_FS, __GFP_NOWARN, __GFP_RETRY_MAYFAIL, __GFP_NOFAIL, __GFP_NORETRY,
        __GFP_COMP, __GFP_ZERO, __GFP_NOMEMALLOC, __GFP_MEMALLOC, __GFP_HARDWALL, __GFP_THISNODE, __GFP_RECLAIMABLE,
        __GFP_MOVABLE, __GFP_ACCOUNT, __GFP_WRITE, __GFP_RECLAIM, __GFP_DIRECT_RECLAIM, __GFP_KSWAPD_RECLAIM,
        __GFP_ZEROTAGS };
    private static final String[] NAMES = { "GFP_TRANSHUGE", "GFP_TRANSHUGE_LIGHT", "GFP_HIGHUSER_MOVABLE",
        "GFP_HIGHUSER", "GFP_USER", "GFP_KERNEL_ACCOUNT", "GFP_KERNEL", "GFP_NOFS", "GFP_ATOMIC", "GFP_NOIO",
        "GFP_NOWAIT", "GFP_DMA", "__GFP_HIGHMEM", "GFP_DMA32", "__GFP_HIGH", "__GFP_IO", "__GFP_FS", "__GFP_NOWARN",
        "__GFP_RETRY_MAYFAIL", "__GFP_NOFAIL", "__GFP_NORETRY", "__GFP_COMP", "__GFP_ZERO", "__GFP_NOMEMALLOC",
        "__GFP_MEMALLOC", "__GFP_HARDWALL", "__GFP_THISNODE", "__GFP_RECLAIMABLE", "__GFP_MOVABLE", "__GFP_ACCOUNT",
        "__GFP_WRITE", "__GFP_RECLAIM", "__GFP_DIRECT_RECLAIM", "__GFP_KSWAPD_RECLAIM", "__GFP_ZEROTAGS" };

    private Gfp() {
    }

    /**
     * {@code show_gfp_flags()}: "none" for 0, else {@code __print_flags()}: each table entry whose bits are all
     * still set is printed and its bits cleared, '|' between names, leftover bits as {@code 0x..}.
     */
    public static String show(int flags) {
        if (flags == 0) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        int left = flags;
        for (int i = 0; i < MASKS.length && left != 0; i++) {
            if ((left & MASKS[i]) == MASKS[i]) {
                left &= ~MASKS[i];
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(NAMES[i]);
            }
        }
        if (left != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append("0x").append(Integer.toHexString(left));
        }
        return sb.toString();
    }
}
