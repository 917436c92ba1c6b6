package org.dmaworkbench.emulation.live;

/**
 * A snapshot and the delta that leads to it from an earlier version, taken together ({@link LiveStateModel#update}):
 * {@code delta.toVersion() == snapshot.version()}, so a view applying the delta reads every row it needs from this
 * snapshot.
 */
public record LiveStateUpdate(LiveStateSnapshot snapshot, MappingDelta delta) {
}
