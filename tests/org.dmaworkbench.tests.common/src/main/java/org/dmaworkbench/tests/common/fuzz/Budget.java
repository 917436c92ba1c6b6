package org.dmaworkbench.tests.common.fuzz;

import java.lang.management.ManagementFactory;

/**
 * The memory budget of one fuzz input: the bytes the running thread allocates while the target handles it
 * (HotSpot's per-thread allocation counter, so the figure does not depend on when the collector runs). Every target
 * works on one thread, so this bounds what an input of at most a few hundred KiB may make the code allocate.
 */
public final class Budget {
    /** What one input may make a target allocate: 256 MiB (a Renesas board with its includes takes 10 to 30). */
    public static final long BYTES_PER_INPUT = 256L << 20;

    /**
     * Under Jazzer the instrumentation's hooks (string and comparison tracing) allocate on the same thread: an input
     * that allocates 18 MiB plain showed 549 MiB instrumented. There the budget is this many times larger, and
     * {@code releng/scripts/fuzz} replays the whole corpus it grew without instrumentation at the end, where the real
     * budget applies.
     */
    static final int INSTRUMENTED_FACTOR = 32;
    private static final boolean INSTRUMENTED = instrumented();

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long start = allocated();
    private final long budget;

    private Budget(long budget) {
        this.budget = budget;
    }

    /** Starts counting on the current thread. */
    public static Budget start() {
        return new Budget(INSTRUMENTED ? BYTES_PER_INPUT * INSTRUMENTED_FACTOR : BYTES_PER_INPUT);
    }

    private static boolean instrumented() {
        try {
            Class.forName("com.code_intelligence.jazzer.api.Jazzer", false, Budget.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Bytes allocated by the current thread since the JVM started (-1 when the JVM cannot tell). */
    public static long allocated() {
        return THREADS.isThreadAllocatedMemorySupported() ? THREADS.getCurrentThreadAllocatedBytes() : -1;
    }

    /** Bytes this thread allocated since {@link #start()}. */
    public long used() {
        return allocated() - start;
    }

    /** @throws FuzzFinding when the input made the target allocate more than the budget */
    public void check(String what) {
        long used = used();
        if (start >= 0 && used > budget) {
            throw new FuzzFinding(what + " allocated " + (used >> 20) + " MiB, over the budget of " + (budget >> 20)
                    + " MiB per input");
        }
    }
}
