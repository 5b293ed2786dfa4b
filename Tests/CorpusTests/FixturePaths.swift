import Foundation

/// Paths of committed fixtures and of the real corpus, found from this file's location.
enum FixturePaths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures/corpus")
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static var materials: String { repositoryRoot.appendingPathComponent("Corpora/amcsd/materials.jsonl.gz").path }
    static var splitSummary: URL { repositoryRoot.appendingPathComponent("Corpora/amcsd/split.json") }
    static var arxiv: String { repositoryRoot.appendingPathComponent("Corpora/text/arxiv-condmat.jsonl.gz").path }
}

/// SplitMix64: a small seeded generator so fuzz runs are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
