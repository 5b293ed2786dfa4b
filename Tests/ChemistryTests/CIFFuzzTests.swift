import Foundation
import Testing
@testable import Chemistry

/// Seeded fuzzing of the CIF reader: 12,000 mutations (byte flips, CIF-significant characters
/// inserted, truncations, line deletions and duplications) of the smallest real fixture CIFs.
/// Every mutant must either parse into sane crystals or throw a `CIFError`: no crash, no hang, no
/// other error type. Seed fixed, so a failure reproduces.
struct CIFFuzzTests {
    static let seeds: [String] = {
        let directory = ChemistryFixtures.url("cif")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let texts = names.filter { $0.hasSuffix(".cif") }.compactMap { try? ChemistryFixtures.text("cif/" + $0) }
        // The smallest files keep 12k parses quick in a debug build.
        return Array(texts.sorted { $0.utf8.count < $1.utf8.count }.prefix(8))
    }()

    static let significant: [String] = [";", "'", "\"", "#", "_", "loop_", "data_", "save_", "?", ".", "(", "\n", "\n;",
                                        " ", "1/2", ",", "-", "9e999", "0"]

    static func mutate(_ text: String, using rng: inout SeededGenerator) -> String {
        var bytes = Array(text.utf8)
        let mutations = Int.random(in: 1...3, using: &rng)
        for _ in 0..<mutations {
            guard !bytes.isEmpty else { break }
            switch Int.random(in: 0..<6, using: &rng) {
            case 0:  // flip a byte to any value
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            case 1:  // insert a CIF-significant token
                let token = Array(significant.randomElement(using: &rng)!.utf8)
                bytes.insert(contentsOf: token, at: Int.random(in: 0...bytes.count, using: &rng))
            case 2:  // truncate
                bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &rng)...)
            default:  // delete or duplicate a line
                var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                let i = Int.random(in: 0..<lines.count, using: &rng)
                if Bool.random(using: &rng) { lines.remove(at: i) } else { lines.insert(lines[i], at: i) }
                bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func mutantsNeverCrash() throws {
        try #require(Self.seeds.count >= 4)
        var rng = SeededGenerator(seed: 0xC1F_2026)
        var parsed = 0, refused = 0
        for n in 0..<12_000 {
            let seed = Self.seeds[n % Self.seeds.count]
            let mutant = Self.mutate(seed, using: &rng)
            do {
                let crystals = try Crystal.parseCIF(mutant)
                parsed += 1
                for crystal in crystals {
                    #expect(!crystal.sites.isEmpty)
                    #expect(crystal.lattice.volume > 0 && crystal.lattice.volume.isFinite)
                    #expect(crystal.sites.allSatisfy { $0.totalOccupancy <= 1 + 1e-9 && $0.totalOccupancy > 0 })
                    #expect(crystal.sites.allSatisfy { s in (0..<3).allSatisfy { s.fracCoords[$0] >= 0 && s.fracCoords[$0] < 1 } })
                }
            } catch is CIFError {
                refused += 1
            } catch {
                Issue.record("mutant \(n) threw \(type(of: error)): \(error)")
            }
        }
        // Both outcomes occur: the mutations are neither all harmless nor all fatal.
        #expect(parsed > 1_000)
        #expect(refused > 1_000)
    }
}
