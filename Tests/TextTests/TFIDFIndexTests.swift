import Foundation
import Testing
@testable import Text

@Suite struct TFIDFIndexTests {
    @Test func twoDocumentsByHand() throws {
        // n = 2. "rock" in both: idf = ln(3/3) + 1 = 1. "salt" in one: idf = ln(3/2) + 1 = 1.4054651.
        // Doc 0 = (rock 1, salt 1.4054651) / 1.7249153 = (0.5797387, 0.8148025); doc 1 = (rock 1).
        // Query "salt" → (salt 1): scores 0.8148025, 0.
        // Query "rock rock" → tf 1 + ln 2, normalised to (rock 1): scores 0.5797387, 1.
        // Tolerance 1e-6 (hand arithmetic to 7 decimals).
        let index = TFIDFIndex(documents: ["rock salt", "rock"])
        #expect(abs(index.idf[try #require(index.vocabulary["salt"])] - 1.4054651) < 1e-6)
        let salt = index.scores(for: "salt")
        #expect(abs(salt[0] - 0.8148025) < 1e-6 && salt[1] == 0)
        let rock = index.scores(for: "rock rock")
        #expect(abs(rock[0] - 0.5797387) < 1e-6 && abs(rock[1] - 1) < 1e-12)
        #expect(index.search("rock rock", k: 2).map(\.document) == [1, 0])
        #expect(index.search("nothing known", k: 2).map(\.score) == [0, 0])
    }

    @Test func matchesScikitLearn() throws {
        // Reference: Tests/TextTests/Fixtures/text/tfidf-reference.json, written by
        // Scripts/text/make_fixtures.py with scikit-learn's TfidfVectorizer(sublinear_tf=True,
        // smooth_idf=True, norm="l2", analyzer=str.split). Tolerance 1e-12 (both in float64).
        let data = try Data(contentsOf: TextFixtures.directory.appendingPathComponent("tfidf-reference.json"))
        let reference = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let documents = try #require(reference["documents"] as? [String])
        let queries = try #require(reference["queries"] as? [String])
        let scores = try #require(reference["scores"] as? [[Double]])
        let idf = try #require(reference["idf"] as? [String: Double])
        let index = TFIDFIndex(documents: documents)
        #expect(index.vocabulary.count == idf.count)
        for (term, value) in idf {
            #expect(abs(index.idf[try #require(index.vocabulary[term])] - value) < 1e-12, "\(term)")
        }
        for (query, expected) in zip(queries, scores) {
            let actual = index.scores(for: query)
            for (a, e) in zip(actual, expected) { #expect(abs(a - e) < 1e-12, "\(query)") }
        }
    }

    @Test func formulaQueriesFindTheirRobocrysText() throws {
        // Querying with a compound description's formula (its first pre-token) ranks first a
        // description of that formula; the query "<formula> <space group>" ranks first one with both.
        let texts = try TextFixtures.robocrys()
        let index = TFIDFIndex(documents: texts)
        for text in texts {
            let tokens = PreTokenizer().pretokenize(text)
            let formula = tokens[0].text
            // Elements ("Cu") are terms of every text with such sites: only compounds are specific.
            guard formula.filter(\.isUppercase).count >= 2 else { continue }
            let symbol = try #require(tokens.first { $0.kind == .spaceGroup }).text
            let best = try #require(index.search(formula, k: 1).first)
            #expect(texts[best.document].hasPrefix(formula + " "), "\(formula)")
            let both = try #require(index.search("\(formula) \(symbol)", k: 1).first)
            #expect(texts[both.document].hasPrefix("\(formula) crystallizes in the"), "\(formula)")
            #expect(texts[both.document].contains(" \(symbol) space group"), "\(formula) \(symbol)")
        }
    }

    @Test func formulasAreCaseSensitiveTerms() {
        let index = TFIDFIndex(documents: ["CO gas adsorption", "Co metal"])
        #expect(index.search("CO", k: 1).first?.document == 0)
        #expect(index.search("Co", k: 1).first?.document == 1)
    }
}
