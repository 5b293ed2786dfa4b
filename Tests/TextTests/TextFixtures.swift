import Foundation

/// Committed real texts (see Scripts/text/make_fixtures.py): robocrys descriptions and AMCSD titles.
enum TextFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/text")

    /// The JSON objects of a JSON Lines fixture.
    static func records(_ name: String) throws -> [[String: Any]] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw CocoaError(.fileReadCorruptFile)
            }
            return object
        }
    }

    /// 40 robocrys descriptions of AMCSD structures.
    static func robocrys() throws -> [String] {
        try records("robocrys.jsonl").compactMap { $0["text"] as? String }
    }

    /// 120 AMCSD paper titles (with the database's sample notes).
    static func titles() throws -> [String] {
        try records("titles.jsonl").compactMap { $0["title"] as? String }
    }
}

/// SplitMix64: a small seeded generator, so fuzz inputs are the same on every run.
struct SplitMix64: RandomNumberGenerator {
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
