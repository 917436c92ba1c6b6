/**
 * The live state every IDE view reads: immutable snapshots of an emulation session (or of a replayed capture) and
 * the deltas between them. Views render these; they never touch the hardware or kernel model.
 * <h2>What there is</h2>
 * {@link org.dmaworkbench.emulation.live.LiveStateModel} (one per session, {@code EmulationSession.liveState()};
 * one per replay, {@code ReplayResult.liveState()}) hands out {@link org.dmaworkbench.emulation.live.LiveStateSnapshot}s:
 * the live mappings straight from dma-debug's entries ({@link org.dmaworkbench.emulation.live.MappingTable}), every
 * mapping kept with its lifetime ({@link org.dmaworkbench.emulation.live.MappingHistory}), dma-debug's errors as
 * typed records linked to their mappings ({@link org.dmaworkbench.emulation.live.DmaErrorRecord}), the IOMMU domains
 * with registers, micro-TLBs, IOTLB and lazily read page tables, the DMA channels with registers and descriptors,
 * and the transfer timeline ({@link org.dmaworkbench.emulation.live.TransferTimeline}). A source that lacks a part
 * says so ({@link org.dmaworkbench.emulation.live.LiveStateSnapshot#missing()}).
 * <h2>Versions and deltas</h2>
 * The model keeps one counter, the version, that grows by one with every change it records (a mapping made,
 * unmapped or checked with {@code dma_mapping_error()}, an error, a transfer starting or ending). Every snapshot
 * carries the version it was taken at. Mapping changes also go into a change log, a ring of (version, mapping id,
 * kind) entries ({@link org.dmaworkbench.emulation.live.LiveStateConfig#changeLog()} of them). {@code delta(v)} finds
 * the first change after {@code v} by binary search, sorts the k changes since by mapping id and classifies each
 * mapping: made and still live (added), live at {@code v} and now unmapped (removed), live at both with a changed
 * map-error state (changed); made and unmapped in between (neither). That is O(k log k), whatever the number of
 * live mappings. When the ring no longer reaches back to {@code v}, or a mapping unmapped after {@code v} has since
 * been dropped from the history, the delta is a reset and the view takes a new snapshot.
 * <h2>Storage and memory policy</h2>
 * Mappings are rows of a column store: one row per mapping ever made, appended in map order, never moved, its row
 * number the mapping's id. Per row: DMA address, CPU physical address, size, map time, unmap time and the packed
 * stack frame ids (six longs), device, type/direction/map-error/stack-head and attrs (three ints): 60 bytes, plus
 * two bits in the chunk's live and checked bitmaps. Device names, drivers and stack frame texts are interned. Rows
 * are grouped in chunks of 4096. All live mappings are kept. Of the unmapped ones, the most recent
 * {@link org.dmaworkbench.emulation.live.LiveStateConfig#mappingHistory()} (default 1,000,000) are kept: beyond that
 * the oldest chunk holding unmapped rows is dropped, or, when some of its mappings are still live (a leak pins them
 * for ever), replaced by a compacted chunk of only those rows with their sorted offsets, so ids never change and a
 * leak costs its own row, not its chunk. Transfers are kept the same way, the newest
 * {@link org.dmaworkbench.emulation.live.LiveStateConfig#transferHistory()} of them, and errors up to
 * {@link org.dmaworkbench.emulation.live.LiveStateConfig#errorHistory()} (the oldest half is dropped when full).
 * At the defaults a session's live state stays under about 160 MB plus about 80 bytes per live mapping (82
 * measured with 1,000,000 live mappings: the 60-byte row, the dma-debug entry to row table, the bitmaps and the
 * change log).
 * <h2>Snapshots without copying</h2>
 * A row changes at most twice after it is made, once each: its unmap time and its map-error state. Everything else
 * is written before the row's version is published. A snapshot therefore copies only the chunk table and, for the
 * chunks that changed since the previous snapshot, their live and checked bitmaps (1 KiB per 4096 rows); it reads
 * the unmap time only of rows that were already unmapped when it was taken. A chunk replaced by compaction is
 * never written again. So a snapshot stays the same for ever, costs O(chunks) under the lock, and builds its dense
 * row index (an int per row) lazily on the reader's thread.
 * <h2>Thread-safety</h2>
 * The emulation thread is the only writer, and records under the session's state lock (between two steps).
 * {@code snapshot()} and {@code delta()} take that lock briefly; snapshots, deltas and the values in them are
 * immutable and may be read from any thread without locking (the lock hand-over publishes what the writer wrote
 * before). Page tables are read lazily: each read takes the lock for its own duration and reports whether the table
 * changed since the snapshot ({@link org.dmaworkbench.emulation.live.PageTableLevel#stale()}).
 * <h2>Cost to the emulation</h2>
 * dma-debug calls its observer from {@code add_dma_entry()}, {@code check_unmap()} and
 * {@code debug_dma_mapping_error()}; without an observer that is one null test per hook. With the recorder attached
 * a map or unmap also appends or updates a row and a change-log entry.
 */
package org.dmaworkbench.emulation.live;
