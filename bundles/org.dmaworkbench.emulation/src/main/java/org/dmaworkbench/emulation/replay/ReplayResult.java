package org.dmaworkbench.emulation.replay;

import java.util.List;
import java.util.function.Supplier;

import org.dmaworkbench.emulation.live.LiveStateSnapshot;

/** What a replay found: the findings, the capture's own problems, the mappings live at the end, and the limits. */
public final class ReplayResult {
    private final List<String> files;
    private final List<Finding> findings;
    private final List<Diagnostic> diagnostics;
    private final Supplier<List<LiveMapping>> liveMappingsOf;
    private volatile List<LiveMapping> liveMappings;
    private final List<String> limitations;
    private final ReplayStats stats;
    private final LiveStateSnapshot liveState;

    ReplayResult(List<String> files, List<Finding> findings, List<Diagnostic> diagnostics,
            Supplier<List<LiveMapping>> liveMappings, List<String> limitations, ReplayStats stats,
            LiveStateSnapshot liveState) {
        this.files = List.copyOf(files);
        this.findings = List.copyOf(findings);
        this.diagnostics = List.copyOf(diagnostics);
        this.liveMappingsOf = liveMappings;
        this.limitations = List.copyOf(limitations);
        this.stats = stats;
        this.liveState = liveState;
    }

    /**
     * The capture as the IDE's views show an emulation: the mappings live at the end, every mapping's lifetime
     * (capture timestamps), and the findings as typed records linked to their mappings. What a capture cannot
     * show (stacks, page tables, channels, transfers, dma_mapping_error() calls) is in
     * {@link LiveStateSnapshot#missing()}.
     */
    public LiveStateSnapshot liveState() {
        return liveState;
    }

    /** The dump (if any) and capture files, in the order they were read. */
    public List<String> files() {
        return files;
    }

    /** In the order they were found. */
    public List<Finding> findings() {
        return findings;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** dma-debug's entries at the end of the capture, in dump order (hash bucket, then insertion). */
    public List<LiveMapping> liveMappings() {
        // made on first use: a million-mapping capture shown in the IDE never needs them as objects
        List<LiveMapping> l = liveMappings;
        if (l == null) {
            synchronized (this) {
                l = liveMappings;
                if (l == null) {
                    l = List.copyOf(liveMappingsOf.get());
                    liveMappings = l;
                }
            }
        }
        return l;
    }

    /** What could not be checked or known from this capture, one sentence each. */
    public List<String> limitations() {
        return limitations;
    }

    public ReplayStats stats() {
        return stats;
    }
}
