import Foundation
import Testing
@testable import Text

@Suite struct BPETokenizerTests {
    static func corpus() throws -> [String] { try TextFixtures.robocrys() + TextFixtures.titles() }

    /// Byte id of an ASCII character.
    func byte(_ c: Character) -> Int32 { BPETokenizer.firstByteID + Int32(c.asciiValue!) }

    @Test func mergesOnATinyCorpusByHand() {
        // Pre-tokens: "ab", " ab", " ab", "abc". Pair counts: (a,b) 4, (space,a) 2, (b,c) 1.
        // Merge 1: a+b → 261. Then (space,261) 2 and (261,c) 1. Merge 2: space+261 → 262.
        // (261,c) occurs once: below minFrequency 2, so training stops at 263 ids.
        let tokenizer = BPETokenizer.train(texts: ["ab ab ab", "abc"], vocabularySize: 300, minFrequency: 2)
        #expect(tokenizer.merges == [.init(left: byte("a"), right: byte("b")), .init(left: byte(" "), right: 261)])
        #expect(tokenizer.vocabularySize == 263)
        let all = BPETokenizer.train(texts: ["ab ab ab", "abc"], vocabularySize: 300, minFrequency: 1)
        #expect(all.merges.count == 3 && all.merges[2] == .init(left: 261, right: byte("c")))
        // "ab abc" → pre-tokens "ab", " abc" → [261], [262, c].
        #expect(tokenizer.encode("ab abc") == [261, 262, byte("c")])
    }

    /// Reference trainer: recounts every pair of every word before each merge (slow, obviously right).
    static func naiveMerges(_ texts: [String], vocabularySize: Int, minFrequency: Int) -> [BPETokenizer.Merge] {
        var frequencies: [[Int32]: Int] = [:]
        for text in texts {
            for token in PreTokenizer().pretokenize(text) {
                frequencies[BPETokenizer.bytes(of: token).map { BPETokenizer.firstByteID + Int32($0) }, default: 0] += 1
            }
        }
        var words = Array(frequencies)
        var merges: [BPETokenizer.Merge] = []
        while Int(BPETokenizer.firstMergeID) + merges.count < vocabularySize {
            var counts: [UInt64: Int] = [:]
            for (word, count) in words where word.count > 1 {
                for k in 0..<(word.count - 1) { counts[BPETokenizer.key(word[k], word[k + 1]), default: 0] += count }
            }
            guard let best = counts.min(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }),
                  best.value >= minFrequency else { break }
            let left = Int32(best.key >> 32), right = Int32(best.key & 0xFFFF_FFFF)
            let id = BPETokenizer.firstMergeID + Int32(merges.count)
            merges.append(.init(left: left, right: right))
            words = words.map { word, count in
                var merged: [Int32] = []
                var k = 0
                while k < word.count {
                    if k + 1 < word.count, word[k] == left, word[k + 1] == right {
                        merged.append(id)
                        k += 2
                    } else {
                        merged.append(word[k])
                        k += 1
                    }
                }
                return (merged, count)
            }
        }
        return merges
    }

    @Test(arguments: [1, 2, 5])
    func incrementalTrainingMatchesTheNaiveReference(minFrequency: Int) throws {
        let texts = Array(try Self.corpus().prefix(60))
        let fast = BPETokenizer.train(texts: texts, vocabularySize: 450, minFrequency: minFrequency)
        #expect(fast.merges == Self.naiveMerges(texts, vocabularySize: 450, minFrequency: minFrequency))
    }

    @Test func tiesGoToTheSmallerPair() {
        // (a,b) and (c,d) both occur once; (a,b) has the smaller ids.
        let tokenizer = BPETokenizer.train(texts: ["cd", "ab"], vocabularySize: 262, minFrequency: 1)
        #expect(tokenizer.merges == [.init(left: byte("a"), right: byte("b"))])
    }

    @Test func trainingIsDeterministicAndHonoursTheVocabularySize() throws {
        let texts = try Self.corpus()
        let a = BPETokenizer.train(texts: texts, vocabularySize: 700, minFrequency: 2)
        let b = BPETokenizer.train(texts: texts.reversed(), vocabularySize: 700, minFrequency: 2)
        #expect(a.vocabularySize == 700)
        #expect(a.merges == b.merges)
        // Every merged token is a substring of some pre-token (merges never cross pre-tokens).
        let spellings = Set(texts.flatMap { PreTokenizer().pretokenize($0) }.map { BPETokenizer.bytes(of: $0) })
        for id in Int32(600)..<Int32(610) {
            let token = a.bytes(of: id)
            #expect(spellings.contains { $0.count >= token.count && $0.firstRange(of: token) != nil })
        }
    }

    @Test func encodeDecodeRoundTripOnRealTexts() throws {
        let texts = try Self.corpus()
        let tokenizer = BPETokenizer.train(texts: texts, vocabularySize: 800)
        for text in texts {
            let ids = tokenizer.encode(text)
            #expect(ids.allSatisfy { $0 >= BPETokenizer.firstByteID && Int($0) < tokenizer.vocabularySize })
            #expect(tokenizer.decode(ids) == tokenizer.canonicalText(text))
        }
        // Frequent units are single tokens after training on robocrys text.
        #expect(tokenizer.encode("x crystallizes").count == 2)
        #expect(tokenizer.decode(tokenizer.encode("PbS crystallizes in the cubic Fm-3m space group.")) ==
                "PbS crystallizes in the cubic Fm-3m space group.")
    }

    @Test func unknownCharactersFallBackToBytes() {
        let tokenizer = BPETokenizer.train(texts: ["plain ascii text"], vocabularySize: 280)
        let text = "漢字 🙂 Ω"
        let ids = tokenizer.encode(text)
        #expect(!ids.contains(BPETokenizer.SpecialToken.unknown.id))
        #expect(tokenizer.decode(ids) == "漢字 🙂 ω")   // words fold: Ω → ω
    }

    @Test func fixedLengthEncodingWithMask() throws {
        let tokenizer = BPETokenizer.train(texts: try Self.corpus(), vocabularySize: 500)
        let text = "LiCoO2 crystallizes in the trigonal R-3m space group."
        let body = tokenizer.encode(text)
        let padded = tokenizer.encode(text, maxLength: body.count + 5)
        #expect(padded.ids.count == body.count + 5)
        #expect(padded.ids.first == BPETokenizer.SpecialToken.classification.id)
        #expect(Array(padded.ids[1...body.count]) == body)
        #expect(padded.ids[body.count + 1] == BPETokenizer.SpecialToken.separator.id)
        #expect(Array(padded.ids.suffix(3)) == [0, 0, 0])
        #expect(padded.attentionMask == Array(repeating: 1, count: body.count + 2) + [0, 0, 0])
        #expect(!padded.isTruncated && padded.count == body.count + 2)

        let cut = tokenizer.encode(text, maxLength: 6)
        #expect(cut.ids == [2] + body.prefix(4) + [3])
        #expect(cut.attentionMask == [1, 1, 1, 1, 1, 1] && cut.isTruncated)
        #expect(tokenizer.encode("", maxLength: 4).ids == [2, 3, 0, 0])
    }

    @Test func batchEncodingMatchesOneByOne() throws {
        let texts = try Self.corpus()
        let tokenizer = BPETokenizer.train(texts: texts, vocabularySize: 500)
        let expected = texts.map { tokenizer.encode($0, maxLength: 48) }
        #expect(tokenizer.encode(batch: texts, maxLength: 48, threads: 2) == expected)
        #expect(tokenizer.encode(batch: texts, maxLength: 48, threads: 1) == expected)
        #expect(tokenizer.encode(batch: [], maxLength: 8, threads: 2).isEmpty)
    }

    @Test func saveAndLoadRoundTrip() throws {
        let texts = try Self.corpus()
        let tokenizer = BPETokenizer.train(texts: texts, vocabularySize: 600)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("matlas-text-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try tokenizer.save(to: url)
        let loaded = try BPETokenizer.load(from: url)
        #expect(loaded.merges == tokenizer.merges)
        #expect(loaded.vocabularySize == 600)
        for text in texts.prefix(30) { #expect(loaded.encode(text) == tokenizer.encode(text)) }
        // The file is JSON a person can read: the format, the version, readable token spellings.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(json["format"] as? String == "matlas-bpe" && json["version"] as? Int == 1)
        let spellings = try #require(json["tokens"] as? [String])
        #expect(spellings.count == 600 && spellings[0] == "[PAD]" && spellings.contains("Ġcrystallizes"))
    }

    @Test func badFilesAreRefusedWithTheField() throws {
        let good = String(decoding: BPETokenizer.train(texts: ["ab ab"], vocabularySize: 263, minFrequency: 1).jsonData(),
                          as: UTF8.self)
        func load(_ text: String) throws { _ = try BPETokenizer.load(from: Data(text.utf8)) }
        #expect(throws: TextError.invalidTokenizerFile(field: "file", reason: "not a JSON tokenizer file")) { try load("{") }
        #expect(throws: TextError.invalidTokenizerFile(field: "merges", reason: "missing")) {
            try load(#"{"format":"matlas-bpe","version":1,"normalization":"","pre_tokenizer":"matlas-chemistry-1","special_tokens":[],"byte_fallback":true,"vocabulary_size":261}"#)
        }
        do {
            try load(good.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2"))
            Issue.record("version 2 accepted")
        } catch let TextError.invalidTokenizerFile(field, _) {
            #expect(field == "version")
        }
        do {
            try load(good.replacingOccurrences(of: "[102, 103]", with: "[900, 103]"))
            Issue.record("a merge of an undefined id accepted")
        } catch let TextError.invalidTokenizerFile(field, _) {
            #expect(field.hasPrefix("merges["))
        }
        do {
            try load(good.replacingOccurrences(of: "\"vocabulary_size\": ", with: "\"vocabulary_size\": 1"))
            Issue.record("a wrong vocabulary size accepted")
        } catch let TextError.invalidTokenizerFile(field, _) {
            #expect(field == "vocabulary_size")
        }
    }
}
