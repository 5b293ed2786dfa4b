import Foundation
import Testing
@testable import Index

/// Filtered search: recall@10 against an exact scan of the matching set at 10 %, 1 % and 0.1 %
/// selectivity, and k hits whenever k match.
@Suite(.serialized) struct FilteredSearchTests {
    final class Fixture: @unchecked Sendable {
        let store: VectorStore
        let directory: String
        let queries: [[Float]]
        init(exactScanLimit: Int?) throws {
            directory = CrashRecoveryTests.temporaryDirectory("filtered")
            var configuration = CrashRecoveryTests.configuration()
            configuration.parameters = HNSWParameters(dimension: 16, m: 12, efConstruction: 64, efSearch: 64)
            configuration.exactScanLimit = exactScanLimit
            configuration.synchronousWrites = false
            store = try VectorStore.open(directory: directory, configuration: configuration)
            var gen = TestVectors(seed: 30)
            let vectors = gen.clustered(count: 4000, dimension: 16)
            // selector = i / 4000 exactly, so `selector < s` matches exactly s · 4000 materials.
            let entries = vectors.enumerated().map { i, v in
                VectorStore.Entry(record: MaterialRecord(id: MaterialID("f:\(i)"), properties: ["selector": (Double((i * 7919) % 4000) + 0.5) / 4000]),
                                  vector: v)
            }
            for start in stride(from: 0, to: entries.count, by: 500) {
                try store.upsert(Array(entries[start..<min(start + 500, entries.count)]))
            }
            queries = (0..<40).map { _ in gen.unit(dimension: 16) }
        }
        deinit { try? FileManager.default.removeItem(atPath: directory) }

        func check(selectivity: Double, ef: Int? = nil) throws -> Double {
            let filter = try Filter.parse("selector < \(selectivity)")
            let allowed = try store.labels(matching: filter)
            #expect(allowed.count == Int(selectivity * 4000))
            var found: [[SearchHit]] = [], truth: [[SearchHit]] = []
            for q in queries {
                let hits = try store.search(q, k: 10, filter: filter, ef: ef)
                #expect(hits.count == min(10, allowed.count))
                #expect(hits.allSatisfy { (filter.matches($0.record)) })
                found.append(hits.map { SearchHit(label: $0.label, score: $0.score) })
                truth.append(store.index.exactSearch(q, k: 10, allowed: allowed))
            }
            return recall(found, truth)
        }
    }

    /// Default settings: the cost model picks an exact scan for all three levels at this size.
    @Test func recallAtThreeSelectivities() throws {
        let fixture = try Fixture(exactScanLimit: nil)
        for s in [0.1, 0.01, 0.001] { #expect(try fixture.check(selectivity: s) >= 0.99, "selectivity \(s)") }
    }

    /// Forcing the filtered graph walk (exact scan only at ≤ 10 matches): recall@10 ≥ 0.99 at
    /// 10 % and 1 % selectivity with ef = 64; 0.1 % (4 matches) falls back to the exact scan.
    @Test func filteredGraphWalk() throws {
        let fixture = try Fixture(exactScanLimit: 10)
        for s in [0.1, 0.01, 0.001] { #expect(try fixture.check(selectivity: s) >= 0.99, "selectivity \(s)") }
    }
}
