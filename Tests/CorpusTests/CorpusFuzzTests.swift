import Foundation
import Testing
@testable import Corpus

/// Seeded fuzzing of the line reader + decoder: random byte edits of a real record must either
/// decode or throw `CorpusError` for that line — never crash, never lose the following line.
struct CorpusFuzzTests {
    @Test func mutatedLinesFailCleanlyAndTheNextLineSurvives() throws {
        let plain = try String(contentsOfFile: FixturePaths.fixture("plain.jsonl"), encoding: .utf8)
        let lines = plain.split(separator: "\n").map { Array($0.utf8) }
        let sentinel = lines[0]
        var rng = SeededGenerator(seed: 20261201)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("corpus-fuzz-\(UInt32.random(in: 0...UInt32.max, using: &rng))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var decoded = 0
        var rejected = 0
        for round in 0..<60 {
            var bytes = lines[round % lines.count]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &rng)           // replace
                case 1: bytes.remove(at: i)                                          // delete
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: i)  // insert
                default: bytes.removeSubrange(i...)                                  // truncate
                }
                if bytes.isEmpty { bytes = [UInt8(ascii: "{")] }
            }
            bytes.removeAll { $0 == UInt8(ascii: "\n") }  // keep it one line
            let file = directory.appendingPathComponent("case\(round).jsonl")
            try Data(bytes + [UInt8(ascii: "\n")] + sentinel + [UInt8(ascii: "\n")]).write(to: file)

            let reader = try CorpusReader<MaterialRecord>(path: file.path, bufferSize: 1 + round % 97)
            do {
                _ = try reader.next()
                decoded += 1
            } catch {
                #expect(error.line == 1)
                #expect([.malformedRecord, .invalidUTF8].contains(error.kind))
                rejected += 1
            }
            let after = try reader.next()
            #expect(after?.amcsdCode == 3, "round \(round): the line after a bad one must still be read")
            #expect(try reader.next() == nil)
        }
        #expect(decoded + rejected == 60)
        #expect(rejected > 30)  // most random edits of JSON break it
    }

    @Test func damagedGzipStreamsEndCleanly() throws {
        // Cut or corrupt the compressed fixture at seeded random places: reading must end (no hang,
        // no crash), every error must name the file, and good records before the damage survive.
        let original = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.fixture("sample.jsonl.gz")))
        var rng = SeededGenerator(seed: 4_2026)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("corpus-gzfuzz-\(UInt32.random(in: 0...UInt32.max, using: &rng))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var sawDecompressionError = false
        for round in 0..<40 {
            var bytes = [UInt8](original)
            if round % 2 == 0 {
                bytes.removeSubrange(Int.random(in: 10..<bytes.count, using: &rng)...)
            } else {
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    bytes[Int.random(in: 10..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                }
            }
            let file = directory.appendingPathComponent("case\(round).jsonl.gz")
            try Data(bytes).write(to: file)
            let (records, errors) = try CorpusReaderTests.readAll(file.path, bufferSize: 1 + round * 37)
            #expect(records.count <= 3)
            #expect(errors.allSatisfy { $0.path == file.path })
            sawDecompressionError = sawDecompressionError || errors.contains { $0.kind == .decompression }
        }
        #expect(sawDecompressionError)
    }
}
