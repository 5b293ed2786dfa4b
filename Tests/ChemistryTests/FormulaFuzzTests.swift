import Testing
@testable import Chemistry

/// Seeded fuzzing of the formula parser: 12,000 random insert/delete/replace mutations of real
/// formulas (the pymatgen fixture's inputs). Each must parse to finite positive amounts or throw a
/// `FormulaError` whose offset lies inside the input. (Typed throws make "only FormulaError" a
/// compile-time fact; this checks no trap, no infinite loop, sane results.)
struct FormulaFuzzTests {
    @Test func mutatedFormulasParseOrThrowLocatedErrors() throws {
        let seeds = try CompositionPymatgenTests.load().map(\.input) + ["CuSO4·5H2O", "K4[Fe(CN)6]", "Fe3+ O2-"]
        let alphabet: [Unicode.Scalar] = Array("()[]{}.·*•+-0123456789 AaBbCcFeHOlSi\t$".unicodeScalars)
        var rng = SeededGenerator(seed: 0x5EED_F0F0)
        var parsed = 0, failed = 0
        for _ in 0..<12_000 {
            var s = Array(seeds[Int.random(in: 0..<seeds.count, using: &rng)].unicodeScalars)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let op = Int.random(in: 0..<3, using: &rng)
                let pos = Int.random(in: 0...s.count, using: &rng)
                let ch = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                switch op {
                case 0: s.insert(ch, at: pos)
                case 1: if pos < s.count { s.remove(at: pos) }
                default: if pos < s.count { s[pos] = ch } else { s.append(ch) }
                }
            }
            let text = String(String.UnicodeScalarView(s))
            do throws(FormulaError) {
                let amounts = try FormulaParser.parse(text)
                #expect(amounts.values.allSatisfy { $0.isFinite && $0 >= 0 }, "\(text)")
                #expect(amounts.values.reduce(0, +) > 0, "\(text)")
                parsed += 1
            } catch {
                #expect(error.offset >= 0 && error.offset <= s.count, "\(text): \(error)")
                #expect(!error.message.isEmpty)
                failed += 1
            }
        }
        // Both outcomes must occur, or the mutations are not exercising the parser.
        #expect(parsed > 1000 && failed > 1000, "parsed \(parsed), failed \(failed)")
    }
}
