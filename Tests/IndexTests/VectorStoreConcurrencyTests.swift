import Foundation
import Testing
@testable import Index

@Suite struct VectorStoreConcurrencyTests {
    /// Searches (filtered and not) on another thread while the writer upserts and deletes:
    /// every hit is a live-at-some-point id that satisfies the filter, and a full page of k hits
    /// comes back whenever k materials match.
    @Test func searchesDuringWrites() async throws {
        let directory = CrashRecoveryTests.temporaryDirectory("concurrent")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = CrashRecoveryTests.configuration()
        configuration.synchronousWrites = false
        let store = try VectorStore.open(directory: directory, configuration: configuration)
        var gen = TestVectors(seed: 40)
        let initial = (0..<400).map { i in
            VectorStore.Entry(record: MaterialRecord(id: MaterialID("c:\(i)"), elements: i % 2 == 0 ? ["Fe", "O"] : ["Si", "O"]),
                              vector: gen.unit(dimension: 16))
        }
        try store.upsert(initial)
        let queries = (0..<10).map { _ in gen.unit(dimension: 16) }
        let filter = try Filter.parse(#"elements HAS "Fe""#)
        let reader = Task.detached { () throws -> Int in
            var pages = 0
            for _ in 0..<20 {
                for q in queries {
                    let hits = try store.search(q, k: 5, filter: filter)
                    if hits.count == 5 && hits.allSatisfy({ $0.record.elements.contains("Fe") }) { pages += 1 }
                }
            }
            return pages
        }
        for i in 400..<700 {
            try store.upsert([.init(record: MaterialRecord(id: MaterialID("c:\(i)"), elements: ["Fe"]), vector: gen.unit(dimension: 16))])
            try store.delete([MaterialID("c:\(i - 400)")])
        }
        let pages = try await reader.value
        #expect(pages == 200)
        let stats = store.statistics
        #expect(stats.count == 400)
        // Bounded: peak live 401 plus at most max(compactionMinimum 8, 10 % of 400) = 40 tombstones.
        #expect(stats.slots <= 401 + 40)
        // Batch search with one filter evaluation matches single searches.
        let batch = try store.search(batch: queries, k: 5, filter: filter, threads: 2)
        let single = try queries.map { try store.search($0, k: 5, filter: filter) }
        #expect(batch.map { $0.map(\.id) } == single.map { $0.map(\.id) })
    }
}
