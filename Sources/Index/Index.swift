// Index — the vector index and catalog of Matlas (DESIGN §2, §5, §6).
//
// Layers, each in its own files:
//   VectorKernels            SIMD distance kernels: f32 dot, int8 quantisation and int8 dot.
//   NodeStorage              node slots in fixed chunks that never move (links, vectors, codes,
//                            labels, levels, states).
//   HNSWIndex (+Insert, +Search, +Delete, +Snapshot)
//                            the graph: insertion with the neighbour heuristic, beam search with
//                            optional label filter and int8 traversal + f32 re-ranking, tombstones
//                            and batch compaction with neighbour repair, checksummed snapshots.
//   WriteAheadLog            checksummed append-only records; torn tails truncated on open.
//   Catalog, SQLite          the SQLite catalog (WAL mode) with typed filter columns.
//   Filter, FilterParser, Filter+SQL
//                            the OPTIMADE subset: parse with error offsets, translate to SQL.
//   VectorStore (+Open)      the façade the server calls: upsert / delete / search / snapshot /
//                            open, with the durability protocol and crash recovery.
//
// Every lock and synchronisation point, and what it guards:
//   VectorStore.writer (Mutex)    the write-ahead log, the sequence counter, the id → label map
//                                 and every graph mutation. Held by upsert/delete/snapshot/
//                                 statistics/vector(for:); never by searches.
//   Catalog.readers (Mutex)       the array of idle read-only SQLite connections; held only to
//                                 pop or push one, never during a query.
//   HNSWIndex.entry (Atomic)      the entry node and top level; release store by the writer,
//                                 acquire load by searches.
//   NodeStorage link words and node states (Atomic<UInt32>/Atomic<UInt8>)
//                                 written by the writer with release ordering, read by searches
//                                 with acquire ordering; everything else in a slot is written
//                                 before the slot is linked, so it is immutable while reachable.
//   ReaderEpochs (two atomic counters + an epoch)
//                                 grace periods: the writer recycles unlinked slots only after
//                                 every search that started before the unlink has finished.
//   VisitedPool (Atomic<Bool> per slot)
//                                 claims a visited set by compare-and-swap; no waiting.
// So the search path takes no lock in the graph; a filtered or record-returning search takes the
// reader-pool mutex twice for a few instructions.
