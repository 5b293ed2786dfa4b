import Foundation
import Synchronization

/// The index and catalog behind the server: one data directory holding `catalog.sqlite`
/// (SQLite, WAL), `index.snapshot` (the HNSW graph and vectors) and `wal.log` (the write-ahead
/// log of changes since the snapshot).
///
/// **Durability.** A write is acknowledged (the call returns) only after its log record is on
/// disk (write + fdatasync); the record is the commit point and holds everything needed to redo
/// the change. Then the catalog applies it in one SQLite transaction that also stores the
/// record's sequence number, then the in-memory graph applies it. After a crash, `open` loads the
/// snapshot, replays log records newer than the snapshot into the graph and records newer than
/// the catalog's sequence number into the catalog, so both agree again. A torn last record (from
/// a crash mid-append, never acknowledged) is truncated with a log line.
///
/// **Thread safety.** Any number of threads may search concurrently with writes. Writes
/// (`upsert`, `delete`, `snapshot`) are serialised by `writer`, a mutex that guards the log, the
/// id → label map, the sequence counter and every graph mutation; searches never take it. A
/// search walks the graph lock-free (see `HNSWIndex`) and takes a pooled SQLite read connection
/// (a mutex held only to pop/push the pool) to evaluate filters and fetch records.
public final class VectorStore: @unchecked Sendable {
    /// Store settings.
    public struct Configuration: Sendable {
        /// Graph parameters (used when the directory is new; an existing snapshot's win).
        public var parameters: HNSWParameters
        /// Compact when tombstones exceed this fraction of live vectors.
        public var compactionFraction: Double = 0.1
        /// …and at least this many.
        public var compactionMinimum: Int = 64
        /// Filtered searches scan exactly when at most this many materials match; nil (the
        /// default) decides by estimated cost (see `HNSWIndex.search`).
        public var exactScanLimit: Int? = nil
        /// fdatasync each write before acknowledging it (turn off only for bulk loads followed by `snapshot()`).
        public var synchronousWrites: Bool = true
        /// Take a snapshot automatically once the log exceeds this many bytes.
        public var snapshotLogBytes: Int = 256 << 20
        /// Receives recovery and maintenance messages (default: standard error).
        public var log: @Sendable (String) -> Void = { message in
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }

        public init(parameters: HNSWParameters) { self.parameters = parameters }
    }

    /// One material to upsert: its catalog record and its vector (normalised on the way in).
    public struct Entry: Sendable {
        public var record: MaterialRecord
        public var vector: [Float]
        public init(record: MaterialRecord, vector: [Float]) {
            self.record = record
            self.vector = vector
        }
    }

    /// A search hit with its catalog record.
    public struct Hit: Sendable {
        public var id: MaterialID
        public var label: VectorLabel
        /// Inner product with the query, −1…1.
        public var score: Float
        public var record: MaterialRecord
    }

    /// State owned by the writer.
    struct WriterState {
        var log: WriteAheadLog
        var sequence: UInt64
        var nextLabel: UInt64
        var labels: [MaterialID: VectorLabel]
    }

    public let directory: String
    public let configuration: Configuration
    /// The graph. Mutated only under `writer`.
    let index: HNSWIndex
    let catalog: Catalog
    /// The writer lock: serialises every mutation (log, catalog writes, graph). Never taken by searches.
    let writer: Mutex<WriterState>

    var snapshotPath: String { directory + "/index.snapshot" }
    var logPath: String { directory + "/wal.log" }
    static func catalogPath(_ directory: String) -> String { directory + "/catalog.sqlite" }

    init(directory: String, configuration: Configuration, index: HNSWIndex, catalog: Catalog, state: sending WriterState) {
        self.directory = directory
        self.configuration = configuration
        self.index = index
        self.catalog = catalog
        self.writer = Mutex(state)
    }

    /// The vector dimension.
    public var dimension: Int { index.dimension }

    /// Number of live materials (reads the writer state; briefly takes the writer lock).
    public var count: Int { writer.withLock { $0.labels.count } }

    // MARK: Writes

    /// Inserts or replaces materials (matched by id), durably, in one log record and one
    /// catalog transaction.
    /// - Returns: the label of each entry, in order.
    /// - Throws: `IndexError.dimensionMismatch` / `.invalidVector` (naming `entries[i].vector`)
    ///   before anything is written; I/O or SQLite errors otherwise.
    @discardableResult
    public func upsert(_ batch: [Entry]) throws -> [VectorLabel] {
        guard !batch.isEmpty else { return [] }
        var vectors: [[Float]] = []
        for (i, entry) in batch.enumerated() {
            guard entry.vector.count == dimension else {
                throw IndexError.dimensionMismatch(field: "entries[\(i)].vector", expected: dimension, actual: entry.vector.count)
            }
            var v = entry.vector
            guard v.allSatisfy(\.isFinite), VectorKernels.normalize(&v) else {
                throw IndexError.invalidVector(field: "entries[\(i)].vector")
            }
            vectors.append(v)
        }
        return try writer.withLock { state in
            var operations: [StoreOperation] = []
            var labels: [VectorLabel] = []
            var assigned = state.labels
            var next = state.nextLabel
            for (entry, vector) in zip(batch, vectors) {
                let label = assigned[entry.record.id] ?? { defer { next += 1 }; return VectorLabel(next) }()
                assigned[entry.record.id] = label
                labels.append(label)
                operations.append(.upsert(label: label, record: entry.record, vector: vector))
            }
            try commit(operations, state: &state)
            state.labels = assigned
            state.nextLabel = next
            return labels
        }
    }

    /// Deletes materials by id; unknown ids are ignored. Durable when it returns.
    /// - Returns: the number of materials deleted.
    @discardableResult
    public func delete(_ ids: [MaterialID]) throws -> Int {
        try writer.withLock { state in
            var operations: [StoreOperation] = []
            var seen = Set<MaterialID>()
            for id in ids where seen.insert(id).inserted {
                if let label = state.labels[id] { operations.append(.delete(label: label, id: id)) }
            }
            guard !operations.isEmpty else { return 0 }
            try commit(operations, state: &state)
            for id in seen { state.labels[id] = nil }
            return operations.count
        }
    }

    /// Log, then catalog, then graph (see the type's documentation). Writer lock held.
    private func commit(_ operations: [StoreOperation], state: inout WriterState) throws {
        let sequence = state.sequence + 1
        try state.log.append(sequence: sequence, payload: try StoreOperation.encode(operations),
                             sync: configuration.synchronousWrites)
        state.sequence = sequence
        try catalog.apply(operations, sequence: sequence)
        apply(operations)
        if state.log.byteCount > configuration.snapshotLogBytes {
            try takeSnapshot(state: &state)
        }
    }

    /// Applies operations to the graph. Writer lock held (or during open).
    func apply(_ operations: [StoreOperation]) {
        for op in operations {
            switch op {
            case let .upsert(label, _, vector):
                index.remove(label)
                index.insert(vector, label: label)
            case let .delete(label, _):
                index.remove(label)
            }
        }
        index.compactIfNeeded(fraction: configuration.compactionFraction, minimum: configuration.compactionMinimum)
    }

    /// Writes a snapshot of the graph (temporary file, fsync, rename), then empties the log.
    public func snapshot() throws {
        try writer.withLock { state in try takeSnapshot(state: &state) }
    }

    private func takeSnapshot(state: inout WriterState) throws {
        var extra = ByteWriter()
        extra.append(state.nextLabel)
        try index.writeSnapshot(to: snapshotPath, directory: directory, sequence: state.sequence, extra: extra.bytes)
        try state.log.reset()
        try catalog.checkpoint()
    }

    // MARK: Reads

    /// The `k` materials nearest to `query` (normalised here), optionally restricted by a filter.
    ///
    /// A filtered search returns `k` hits whenever at least `k` materials match: small match
    /// sets are scanned exactly, larger ones walk the graph with the filter and fall back to an
    /// exact scan if the walk comes up short.
    /// - Parameters:
    ///   - ef: candidate-list size (default: the graph's `efSearch`).
    ///   - modalities: the per-modality payloads to read into each hit's record (nil: all).
    ///   - parts: the related rows to read (elements, properties, references; default all).
    public func search(_ query: [Float], k: Int, filter: Filter? = nil, ef: Int? = nil,
                       modalities: Set<String>? = nil, parts: RecordParts = .all) throws -> [Hit] {
        let q = try normalizedQuery(query, k: k)
        let allowed = try filter.map { try catalog.labels(matching: $0) }
        // A few spare hits: a material deleted between the graph search and the record fetch
        // drops out, and the spares keep the page full.
        let wanted = k + Self.spareHits(k)
        let found = index.search(q, k: wanted, ef: ef.map { max($0, wanted) }, allowed: allowed,
                                 exactScanLimit: configuration.exactScanLimit)
        let records = try catalog.records(for: found.map(\.label), modalities: modalities, parts: parts)
        return Array(found.compactMap { hit in
            records[hit.label].map { Hit(id: $0.id, label: hit.label, score: hit.score, record: $0) }
        }.prefix(k))
    }

    static func spareHits(_ k: Int) -> Int { max(4, k / 4) }

    /// `query` checked (dimension, finite, non-zero; `k` ≥ 1) and scaled to unit length.
    func normalizedQuery(_ query: [Float], k: Int) throws -> [Float] {
        guard query.count == dimension else {
            throw IndexError.dimensionMismatch(field: "query", expected: dimension, actual: query.count)
        }
        guard k >= 1 else { throw IndexError.invalidArgument(field: "k", reason: "must be at least 1") }
        var q = query
        guard q.allSatisfy(\.isFinite), VectorKernels.normalize(&q) else { throw IndexError.invalidVector(field: "query") }
        return q
    }

    /// A two-stage search: the `candidates` nearest materials by the vector, re-scored by `rescore`
    /// from one modality's payload of each (only that payload is read for them), then the best `k`
    /// by the new score with their records (`modalities` as in `search`).
    /// - Parameter rescore: `(label, payload or nil, cosine) → ranking score`.
    /// - Returns: hits in ranking order, each with its ranking score.
    public func search(_ query: [Float], k: Int, candidates: Int, filter: Filter? = nil, ef: Int? = nil,
                       modalities: Set<String>? = nil, rescoring modality: String,
                       by rescore: (VectorLabel, String?, Float) -> Float) throws -> [(hit: Hit, ranking: Float)] {
        try search(query, k: k, candidates: candidates, filter: filter, ef: ef, modalities: modalities, rescoring: modality,
                   batch: { items in items.map { rescore($0.label, $0.payload, $0.cosine) } })
    }

    /// One candidate of a two-stage search as its re-scoring sees it.
    public typealias Candidate = (label: VectorLabel, payload: String?, cosine: Float)

    /// The two-stage search with every candidate re-scored in one call (so the caller may score
    /// them in parallel): `rescore` returns one ranking score per candidate, in their order.
    public func search(_ query: [Float], k: Int, candidates: Int, filter: Filter? = nil, ef: Int? = nil,
                       modalities: Set<String>? = nil, rescoring modality: String,
                       batch rescore: ([Candidate]) -> [Float]) throws -> [(hit: Hit, ranking: Float)] {
        let q = try normalizedQuery(query, k: k)
        let allowed = try filter.map { try catalog.labels(matching: $0) }
        let pool = max(k, candidates)
        let found = index.search(q, k: pool, ef: ef.map { max($0, pool) }, allowed: allowed,
                                 exactScanLimit: configuration.exactScanLimit)
        let payloads = try catalog.payloads(for: found.map(\.label), modality: modality)
        let scores = rescore(found.map { ($0.label, payloads[$0.label], $0.score) })
        precondition(scores.count == found.count, "one ranking score per candidate")
        let ranked = zip(found, scores).sorted { $0.1 > $1.1 }
        let chosen = Array(ranked.prefix(k + Self.spareHits(k)))
        // The rescoring payload was read above: the records read the others only.
        var records = try catalog.records(for: chosen.map(\.0.label), modalities: modalities.map { $0.subtracting([modality]) })
        if modalities?.contains(modality) ?? true {
            for (hit, _) in chosen { if let p = payloads[hit.label] { records[hit.label]?.modalities[modality] = p } }
        }
        return Array(chosen.compactMap { hit, ranking in
            records[hit.label].map { (Hit(id: $0.id, label: hit.label, score: hit.score, record: $0), ranking) }
        }.prefix(k))
    }

    /// Many queries with one filter evaluation and one catalog read, spread over `threads`
    /// threads. Results are in query order. `modalities` as for the single search.
    public func search(batch queries: [[Float]], k: Int, filter: Filter? = nil, ef: Int? = nil, threads: Int = 1,
                       modalities: Set<String>? = nil) throws -> [[Hit]] {
        guard k >= 1 else { throw IndexError.invalidArgument(field: "k", reason: "must be at least 1") }
        var normalised: [[Float]] = []
        for (i, query) in queries.enumerated() {
            guard query.count == dimension else {
                throw IndexError.dimensionMismatch(field: "queries[\(i)]", expected: dimension, actual: query.count)
            }
            var q = query
            guard q.allSatisfy(\.isFinite), VectorKernels.normalize(&q) else { throw IndexError.invalidVector(field: "queries[\(i)]") }
            normalised.append(q)
        }
        let allowed = try filter.map { try catalog.labels(matching: $0) }
        let wanted = k + Self.spareHits(k)
        let found = index.search(batch: normalised, k: wanted, ef: ef.map { max($0, wanted) }, allowed: allowed,
                                 exactScanLimit: configuration.exactScanLimit, threads: threads)
        let records = try catalog.records(for: Array(Set(found.flatMap { $0.map(\.label) })), modalities: modalities)
        return found.map { hits in
            Array(hits.compactMap { hit in records[hit.label].map { Hit(id: $0.id, label: hit.label, score: hit.score, record: $0) } }.prefix(k))
        }
    }

    /// Counts and sizes for `info`/`stats`.
    public struct Statistics: Sendable {
        /// Live materials.
        public var count: Int
        /// Deleted vectors awaiting compaction.
        public var tombstones: Int
        /// Node slots (live + tombstoned + free).
        public var slots: Int
        /// Approximate bytes of vector and graph storage.
        public var approximateBytes: Int
        /// Graph parameters.
        public var parameters: HNSWParameters
        /// Last durable log sequence number.
        public var sequence: UInt64
    }

    /// Current statistics (takes the writer lock briefly).
    public var statistics: Statistics {
        writer.withLock { state in
            Statistics(count: state.labels.count, tombstones: index.tombstoneCount, slots: index.slotsInUse,
                       approximateBytes: index.approximateByteCount, parameters: index.parameters, sequence: state.sequence)
        }
    }

    /// The catalog record of `id`.
    public func record(for id: MaterialID) throws -> MaterialRecord? {
        guard let label = try catalog.label(for: id) else { return nil }
        return try catalog.records(for: [label])[label]
    }

    /// The stored (normalised) vector of `id`, if any. Takes the writer lock briefly.
    public func vector(for id: MaterialID) -> [Float]? {
        writer.withLock { state in state.labels[id].flatMap { index.vector(for: $0) } }
    }

    /// Labels of the materials matching `filter`.
    public func labels(matching filter: Filter) throws -> LabelSet { try catalog.labels(matching: filter) }
}
