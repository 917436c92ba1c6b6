package org.dmaworkbench.emulation.live;

import java.util.List;

/**
 * What changed in the live mappings between two versions: the mappings made (and still live), the ones unmapped
 * (that were live at {@link #fromVersion()}), and the ones whose map-error state changed, plus the errors
 * recorded in between. A mapping made and unmapped in between appears in neither list. Computed in time
 * proportional to the number of changes, not to the number of live mappings.
 * <p>
 * When the changes since {@code fromVersion} are no longer all known (more happened than the change log keeps,
 * or mappings unmapped since then were already dropped from the history), {@link #isReset()} is true and the lists
 * are empty: the view takes a new {@link LiveStateModel#snapshot()} instead.
 */
public record MappingDelta(long fromVersion, long toVersion, boolean isReset, List<Mapping> added,
        List<Mapping> removed, List<Mapping> changed, List<DmaErrorRecord> errors) {

    public MappingDelta {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        errors = List.copyOf(errors);
    }

    static MappingDelta reset(long from, long to) {
        return new MappingDelta(from, to, true, List.of(), List.of(), List.of(), List.of());
    }

    /** Nothing changed (and no reset is needed). */
    public boolean isEmpty() {
        return !isReset && added.isEmpty() && removed.isEmpty() && changed.isEmpty() && errors.isEmpty();
    }

    /** Number of mapping changes the delta carries. */
    public int changeCount() {
        return added.size() + removed.size() + changed.size();
    }
}
