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

    @Test func rejectsAFileWithoutUsableTasks() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"tasks":{"x":{"a":1}}}"#.utf8).write(to: dir.appendingPathComponent("calibration.json"))
        #expect(throws: ProtocolError.self) { try Calibration.load(modelDirectory: dir) }
    }
}
