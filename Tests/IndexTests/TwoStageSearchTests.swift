import Foundation
import Testing
@testable import Index

/// The two-stage search (the XRD and micrograph re-ranks): the vector picks candidates, a payload
/// re-scores them, the best k come back with their records in ranking order.
@Suite struct TwoStageSearchTests {
    /// 300 materials whose `spectrum` payload is their index as text, with a `text` payload too.
    static func store() throws -> (VectorStore, String) {
        let directory = CrashRecoveryTests.temporaryDirectory("two-stage")
        var configuration = CrashRecoveryTests.configuration()
        configuration.synchronousWrites = false
        let store = try VectorStore.open(directory: directory, configuration: configuration)
        var gen = TestVectors(seed: 41)
        try store.upsert((0..<300).map { i in
            VectorStore.Entry(record: MaterialRecord(id: MaterialID("t:\(i)"), modalities: ["spectrum": "\(i)", "text": "text \(i)"]),
                              vector: gen.unit(dimension: 16))
        })
        return (store, directory)
    }

    @Test func rescoringDecidesTheOrderAmongTheCandidates() throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var gen = TestVectors(seed: 5)
        let q = gen.unit(dimension: 16)
        var seen: [VectorStore.Candidate] = []
        // Re-score by the payload's number: the highest index among the 50 candidates wins.
        let ranked = try store.search(q, k: 5, candidates: 50, modalities: ["text"], rescoring: "spectrum") { candidates in
            seen = candidates
            return candidates.map { Float(Int($0.payload ?? "") ?? -1) }
        }
        #expect(seen.count == 50 && seen.allSatisfy { $0.payload != nil })
        // The candidates are the vector's 50 nearest (reference: the exact scan; HNSW recall ≥ 0.96).
        let exact = store.index.exactSearch(q, k: 50, allowed: nil)
        #expect(Set(seen.map(\.label)).intersection(exact.map(\.label)).count >= 48)
        let expected = seen.map { Int($0.payload!)! }.sorted(by: >).prefix(5)
        #expect(ranked.map { Int($0.hit.id.rawValue.dropFirst(2))! } == Array(expected))
        #expect(ranked.map(\.ranking) == expected.map(Float.init))
        // Each hit keeps its cosine as `score` and carries the records asked for (not the rescoring payload).
        for (hit, _) in ranked {
            let cosine = try #require(seen.first { $0.label == hit.label }?.cosine)
            #expect(abs(hit.score - cosine) < 1e-5)
            #expect(hit.record.modalities["text"] != nil && hit.record.modalities["spectrum"] == nil)
        }
    }

    @Test func thePerCandidateFormAgreesAndPayloadsComeBackWhenAsked() throws {
        let (store, directory) = try Self.store()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var gen = TestVectors(seed: 6)
        let q = gen.unit(dimension: 16)
        let batch = try store.search(q, k: 7, candidates: 40, rescoring: "spectrum") { c in c.map { -$0.cosine } }
        let single = try store.search(q, k: 7, candidates: 40, rescoring: "spectrum") { _, _, cosine in -cosine }
        #expect(batch.map(\.hit.label) == single.map(\.hit.label))
        // Ranked by −cosine: the 7 farthest of the 40 nearest, and every modality (nil = all) is back.
        #expect(zip(batch, batch.dropFirst()).allSatisfy { $0.hit.score <= $1.hit.score })
        #expect(batch.allSatisfy { $0.hit.record.modalities["spectrum"] != nil && $0.hit.record.modalities["text"] != nil })
        // k larger than the pool: all candidates come back.
        #expect(try store.search(q, k: 20, candidates: 10, rescoring: "spectrum") { c in c.map(\.cosine) }.count == 20)
    }
}
