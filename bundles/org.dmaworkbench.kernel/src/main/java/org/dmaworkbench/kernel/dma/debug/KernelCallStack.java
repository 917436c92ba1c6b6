package org.dmaworkbench.kernel.dma.debug;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulated kernel call stack of the (single) emulated task: the DMA-API and the drivers {@link #push(String)}
 * the kernel function they stand for on entry and {@link #pop()} on exit. dma-debug saves the innermost frames in
 * every mapping entry, as {@code dma_entry_alloc()} does with {@code stack_trace_save()}, and prints them after
 * "Mapped at:" the way {@code stack_trace_print()} prints {@code %pS}: one space, then
 * {@code function+0xOFFSET/0xSIZE}, and {@code " [module]"} for functions pushed with a module name.
 * <p>
 * There is no machine code behind the emulated functions, so OFFSET and SIZE are synthesized, stably, from the
 * function name: with {@code h = name.hashCode()}, SIZE = {@code 0x40 + 4 * floorMod(h, 0xf0)} and OFFSET =
 * {@code 4 + 4 * floorMod(h >>> 16, (SIZE - 4) / 4)}, so the same function always prints the same text, OFFSET is
 * 4-byte aligned like an arm64 return address and lies inside the function. A name that already contains '+'
 * (e.g. {@code "foo+0x10/0x40"}) is printed verbatim.
 * <p>
 * Pushing and saving frames does not allocate once a function name has been seen. Not thread-safe: one instance
 * per emulated task.
 */
public final class KernelCallStack {

    /** the stack of the machine whose emulation last ran on this thread (for {@link #currentSnapshot()}) */
    private static final ThreadLocal<KernelCallStack> CURRENT = new ThreadLocal<>();

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> lines = new ArrayList<>();
    private int[] frames = new int[32];
    private int depth;
    /**
     * The ids of the {@link #INNERMOST} innermost frames, 16 bits each, the innermost in the low bits (0 where the
     * stack is shallower): kept up to date on push and pop, so that saving them (as dma-debug does for every
     * mapping) is one load.
     */
    private long innermost;
    /** how many frames {@link #innermostPacked()} holds at most */
    static final int INNERMOST = 4;
    private static final int MAX_FRAME_IDS = 0xffff;

    /** Makes this the stack {@link #currentSnapshot()} reads on this thread (a machine does when it runs a task). */
    public void makeCurrent() {
        CURRENT.set(this);
    }

    /**
     * The call stack of the emulation running on this thread, innermost first, as {@link #snapshot()}; empty when
     * none ran. A kernel {@code BUG()} reads it where it fires, before Java unwinds the frames.
     */
    public static List<String> currentSnapshot() {
        KernelCallStack s = CURRENT.get();
        return s == null ? List.of() : s.snapshot();
    }

    /** Enters {@code function}. */
    public void push(String function) {
        pushId(intern(function, null));
    }

    /** Enters {@code function} of loadable module {@code module} (printed with a {@code " [module]"} suffix). */
    public void push(String function, String module) {
        pushId(intern(function, module));
    }

    /**
     * The id of {@code function} (a frame pushed with no module), for {@link #pushFrame(int)}: callers that enter
     * the same function on every call intern it once.
     */
    public int frameId(String function) {
        if (function == null) {
            throw new IllegalArgumentException("no function name");
        }
        return internSlow(function, null);
    }

    /** Enters the function of {@code id}, an id this stack's {@link #frameId(String)} returned. */
    public void pushFrame(int id) {
        if (id < 0 || id >= lines.size()) {
            throw new IllegalArgumentException("frame id " + id + " was not interned on this stack");
        }
        pushId(id);
    }

    /** Leaves the innermost function. */
    public void pop() {
        if (depth == 0) {
            throw new IllegalStateException("emulated call stack underflow");
        }
        depth--;
        innermost = depth >= INNERMOST ? innermost >>> 16 | (long) frames[depth - INNERMOST] << 48 : innermost >>> 16;
    }

    /** Number of frames currently on the stack. */
    public int depth() {
        return depth;
    }

    /** Unwinds to {@code newDepth} frames (for exception paths). */
    public void popTo(int newDepth) {
        if (newDepth < 0 || newDepth > depth) {
            throw new IllegalArgumentException("cannot unwind from depth " + depth + " to " + newDepth);
        }
        if (newDepth == depth) {
            return;
        }
        if (newDepth == depth - 1) {
            pop();
            return;
        }
        depth = newDepth;
        long p = 0;
        for (int i = Math.max(0, newDepth - INNERMOST); i < newDepth; i++) {
            p = p << 16 | frames[i];
        }
        innermost = p;
    }

    /**
     * Switches away from the current task: returns its frames (outermost first) and leaves the stack empty for the
     * next task; {@link #resume(int[])} switches back. The emulated tasks run one at a time on one Java stack, so a
     * task switch is a save and a restore of the frames.
     */
    public int[] suspend() {
        int[] saved = Arrays.copyOf(frames, depth);
        depth = 0;
        innermost = 0;
        return saved;
    }

    /** Switches back to a task {@link #suspend()} saved: its frames replace whatever the stack holds. */
    public void resume(int[] saved) {
        depth = 0;
        innermost = 0;
        for (int id : saved) {
            pushId(id);
        }
    }

    /** The whole stack as {@code stack_trace_print()} lines, innermost first. */
    public List<String> snapshot() {
        List<String> out = new ArrayList<>(depth);
        for (int i = depth - 1; i >= 0; i--) {
            out.add(lines.get(frames[i]));
        }
        return out;
    }

    /** The printed line (" func+0x../0x..") for {@code function}. */
    public String lineFor(String function) {
        return lines.get(intern(function, null));
    }

    // ---- package-private, allocation-free access for DmaDebug ----

    /**
     * Direct-mapped cache in front of {@link #ids}, matched by identity of the function name: callers push
     * string constants, so the same name object comes back every time and costs one compare instead of a map
     * lookup.
     */
    private static final int RECENT = 16;
    private final String[] recentName = new String[RECENT];
    private final int[] recentId = new int[RECENT];

    int intern(String function, String module) {
        if (module == null && function != null) {
            int slot = function.hashCode() & (RECENT - 1);
            if (recentName[slot] == function) {
                return recentId[slot];
            }
            int id = internSlow(function, null);
            recentName[slot] = function;
            recentId[slot] = id;
            return id;
        }
        return internSlow(function, module);
    }

    private int internSlow(String function, String module) {
        String key = module == null ? function : function + "\u0000" + module;
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        int n = lines.size();
        if (n >= MAX_FRAME_IDS) {
            throw new IllegalStateException("more than " + MAX_FRAME_IDS + " distinct kernel functions on one call stack");
        }
        lines.add(format(function, module));
        ids.put(key, n);
        return n;
    }

    void pushId(int id) {
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, depth * 2);
        }
        frames[depth++] = id;
        innermost = innermost << 16 | id;
    }

    /** The innermost {@link #INNERMOST} frame ids, packed (see {@link #innermostFrame}). */
    long innermostPacked() {
        return innermost;
    }

    /** Frame {@code i} (0 = innermost) of a value {@link #innermostPacked()} returned. */
    static int innermostFrame(long packed, int i) {
        return (int) (packed >>> (16 * i)) & 0xffff;
    }

    String line(int id) {
        return lines.get(id);
    }

    /** The printed line (" func+0x../0x..") of frame id {@code id}, as saved in dma-debug entries. */
    public String frameLine(int id) {
        return lines.get(id);
    }

    /** How many distinct frames have ids so far (ids are 0 .. count - 1, never reused). */
    public int frameCount() {
        return lines.size();
    }

    /** The {@code stack_trace_print()} line of {@code function} (of {@code module}, or null for built-in code). */
    public static String format(String function, String module) {
        String sym;
        if (function.indexOf('+') >= 0) {
            sym = function;
        } else {
            int h = function.hashCode();
            int size = 0x40 + 4 * Math.floorMod(h, 0xf0);
            int offset = 4 + 4 * Math.floorMod(h >>> 16, (size - 4) / 4);
            sym = function + "+0x" + Integer.toHexString(offset) + "/0x" + Integer.toHexString(size);
        }
        return module == null ? " " + sym : " " + sym + " [" + module + "]";
    }
}
