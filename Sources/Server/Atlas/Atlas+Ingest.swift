import Foundation
import Index

extension Atlas {
    /// What a bulk ingest did.
    public struct IngestSummary: Sendable {
        public var indexed = 0
        /// Drafts that could not be indexed, with why.
        public var failures: [(id: String, reason: String)] = []
    }

    /// Indexes drafts in batches of `batchSize` (featurised on `threads` threads, embedded batched), one
    /// store write per batch. `progress(done, total)` is called after each batch.
    public func ingest(_ drafts: [MaterialDraft], batchSize: Int = 128, threads: Int = 2,
                       progress: (Int, Int) -> Void = { _, _ in }) throws -> IngestSummary {
        var summary = IngestSummary()
        var start = 0
        while start < drafts.count {
            let end = min(drafts.count, start + batchSize)
            let results = prepare(Array(drafts[start..<end]), threads: threads, strict: false)
            var entries: [VectorStore.Entry] = []
            for (draft, result) in zip(drafts[start..<end], results) {
                switch result {
                case .success(let p): entries.append(p.entry)
                case .failure(let e): summary.failures.append((draft.id, e.message))
                }
            }
            try store.upsert(entries)
            summary.indexed += entries.count
            start = end
            progress(end, drafts.count)
        }
        return summary
    }
}
