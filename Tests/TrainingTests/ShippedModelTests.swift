import Chemistry
import Encoders
import Foundation
import Testing
@testable import Training

/// The shipped bundle `Models/matlas-base` against the fixture written by
/// `matlas eval --model Models/matlas-base --split validation --write-fixture Tests/TrainingTests/Fixtures/shipped-model`.
@Suite struct ShippedModelTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let modelURL = here.appendingPathComponent("../../Models/matlas-base").standardizedFileURL
    static let fixtureURL = here.appendingPathComponent("Fixtures/shipped-model/fixture.json")

    static func fixture() throws -> ShippedModelFixture {
        try JSONDecoder().decode(ShippedModelFixture.self, from: Data(contentsOf: fixtureURL))
    }

    @Test func reproducesCommittedVectors() throws {
        let bundle = try ModelBundle.load(from: Self.modelURL)
        let fixture = try Self.fixture()
        #expect(fixture.model == bundle.config.name)
        for (i, expected) in fixture.crystalVectors.enumerated() {
            let m = fixture.materials[i]
            let crystal = try bundle.embed(.crystal(try Crystal(cif: m.cif)))
            let composition = try bundle.embed(.composition(try Composition(parsing: m.formula)))
            // Tolerance 1e-4 per component (the contract): float32 BLAS results may differ in
            // the last bits between builds and thread counts.
            #expect(zip(crystal, expected).allSatisfy { abs($0 - $1) <= 1e-4 }, "crystal vector of \(m.id)")
            #expect(zip(composition, fixture.compositionVectors[i]).allSatisfy { abs($0 - $1) <= 1e-4 },
                    "composition vector of \(m.id)")
        }
    }

    @Test func formulaQueriesRankTheirMaterialInTheTopFiveOfOneHundred() throws {
        let bundle = try ModelBundle.load(from: Self.modelURL)
        let fixture = try Self.fixture()
        #expect(fixture.materials.count == ShippedModelFixture.materialCount)
        let gallery = try bundle.embed(batch: fixture.materials.map { .crystal(try Crystal(cif: $0.cif)) })
        for (i, m) in fixture.materials.prefix(ShippedModelFixture.vectorCount).enumerated() {
            let q = try bundle.embed(.composition(try Composition(parsing: m.formula)))
            let scores = gallery.map { g in zip(q, g).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
            let order = scores.indices.sorted { scores[$0] > scores[$1] }
            // A hit: the same material or the same reduced formula (as in `matlas eval`).
            let rank = order.firstIndex { j in
                fixture.materials[j].identity == m.identity || fixture.materials[j].reducedFormula == m.reducedFormula
            }.map { $0 + 1 }
            #expect((rank ?? .max) <= 5, "\(m.formula) (\(m.id)) ranked \(rank ?? -1) of \(gallery.count)")
            _ = i
        }
    }
}
