import Testing
@testable import Text

/// Seeded fuzzing of the whole text path: random bytes (mostly ill-formed UTF-8), mutated real
/// texts and random Unicode. Properties: no crash or hang, ill-formed bytes are reported at the
/// offset the standard library's decoder agrees with, ids stay in the vocabulary, and decoding an
/// encoding gives the canonical text back.
@Suite struct FuzzTests {
    static let alphabet: [UInt8] = Array("()[]·.,+-_/0123456789 xyzδLiCoOPbSFeH2°Åμ".utf8)

    static func input(_ k: Int, seeds: [[UInt8]], rng: inout SplitMix64) -> [UInt8] {
        switch k % 4 {
        case 0:  // random bytes
            return (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        case 1:  // a real text with bytes flipped, inserted and deleted
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: at)
                default: bytes.remove(at: at)
                }
            }
            return bytes
        case 2:  // chemistry-flavoured characters
            return (0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
        default:  // random scalars from all planes
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...24, using: &rng) {
                if let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &rng)) { text.append(scalar) }
            }
            return Array(String(text).utf8)
        }
    }

    @Test func tenThousandInputs() throws {
        let seeds = try (TextFixtures.robocrys().prefix(10) + TextFixtures.titles().prefix(30)).map { Array($0.utf8) }
        let tokenizer = BPETokenizer.train(texts: seeds.map { String(decoding: $0, as: UTF8.self) }, vocabularySize: 400)
        let index = TFIDFIndex(documents: seeds.map { String(decoding: $0, as: UTF8.self) })
        var rng = SplitMix64(seed: 0x6D61_746C_6173)
        var invalid = 0
        for k in 0..<10_000 {
            let bytes = Self.input(k, seeds: seeds, rng: &rng)
            let lenient = String(decoding: bytes, as: UTF8.self)
            let wellFormed = Array(lenient.utf8) == bytes
            switch Result(catching: { () throws(TextError) -> String in try TextNormalizer.nfkc(utf8: bytes) }) {
            case .success(let strict):
                #expect(wellFormed && strict == TextNormalizer.nfkc(lenient))
            case .failure(.invalidUTF8(let offset)):
                invalid += 1
                #expect(!wellFormed && offset >= 0 && offset < bytes.count)
                // The bytes before the offset are well formed.
                let prefix = Array(bytes[..<offset])
                #expect(Array(String(decoding: prefix, as: UTF8.self).utf8) == prefix)
            case .failure(let error):
                Issue.record("unexpected \(error)")
            }
            let ids = tokenizer.encode(lenient)
            #expect(ids.allSatisfy { $0 >= BPETokenizer.firstByteID && Int($0) < tokenizer.vocabularySize })
            #expect(tokenizer.decode(ids) == tokenizer.canonicalText(lenient))
            #expect(tokenizer.encode(lenient, maxLength: 16).ids.count == 16)
            _ = index.search(lenient, k: 3)
        }
        #expect(invalid > 2_000)  // about a quarter of the inputs are random bytes, nearly all ill formed
    }

    @Test func longAdversarialInputsStayLinear() {
        // Formula and symbol look-ahead is bounded: these 100k-scalar texts would take minutes if
        // scanning were quadratic (no timing here; a hang would show as a stuck test).
        let pre = PreTokenizer()
        let inputs = [
            String(repeating: "H2", count: 50_000),
            String(repeating: "(", count: 100_000),
            String(repeating: "(Cu,", count: 25_000),
            String(repeating: "C2 ", count: 33_000) + "space group",
            String(repeating: "1", count: 100_000) + " GPa",
            String(repeating: "Fe3-x", count: 20_000),
        ]
        for text in inputs {
            let tokens = pre.pretokenize(text)
            #expect(!tokens.isEmpty)
            #expect(tokens.allSatisfy { $0.text.unicodeScalars.count <= 100_000 })
        }
        #expect(pre.pretokenize(String(repeating: "H2", count: 50_000)).allSatisfy { $0.text.count <= 81 })
    }
}
