import Foundation
import Testing
@testable import Server

@Suite struct CalibrationTests {
    /// The shipped model's calibration.json (written by `matlas eval`) loads, maps modalities to their
    /// evaluation tasks, and gives probabilities in (0, 1) that rise with the score.
    @Test func readsTheShippedModelsTaskCalibration() throws {
        let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Models/matlas-base").standardized
        let c = try Calibration.load(modelDirectory: model)
        #expect(c.isFitted)
        #expect(Set(c.perModality.keys).isSuperset(of: ["text", "composition", "spectrum"]))
        let text = c.model(for: ["text"])
        let low = text.probability(score: 0.2, margin: 0), high = text.probability(score: 0.9, margin: 0.2)
        #expect(low > 0 && high < 1 && high > low)
    }

    /// A micrograph with a pixel size is scored as cosine + 64 × lattice score (scores up to ~65),
    /// one without by the cosine alone: two fits, and each reads its own scale (a lattice-matched
    /// top hit scores ≈ 64 and is likely right; a bare cosine of 0.3 is not).
    @Test func micrographsWithAndWithoutPixelSizeHaveTheirOwnFits() throws {
        let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Models/matlas-base").standardized
        let c = try Calibration.load(modelDirectory: model)
        let served = try #require(c.perModality["micrograph"])
        let bare = try #require(c.perModality[Calibration.micrographWithoutPixelSize])
        #expect(served != bare)
        #expect(served.probability(score: 64.3, margin: 0.5) > 0.5)
        #expect(bare.probability(score: 0.3, margin: 0.01) < 0.5)
    }

    @Test func rejectsAFileWithoutUsableTasks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"tasks":{"x":{"a":1}}}"#.utf8).write(to: dir.appendingPathComponent("calibration.json"))
        #expect(throws: ProtocolError.self) { try Calibration.load(modelDirectory: dir) }
    }
}
