#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TF-IDF retrieval baseline: documents and queries become sparse vectors over the pre-token
/// vocabulary and are ranked by cosine similarity.
///
/// Weights follow scikit-learn's `TfidfVectorizer(sublinear_tf=True, smooth_idf=True, norm="l2")`:
/// - terms: the texts of ``PreTokenizer`` pre-tokens (words case folded, formulas and symbols as
///   written), punctuation dropped;
/// - tf = 1 + ln(count) for a term present in a text;
/// - idf = ln((1 + n) / (1 + df)) + 1, with n documents and df the documents containing the term;
/// - each vector scaled to unit L2 norm. Query terms absent from the documents are ignored.
public struct TFIDFIndex: Sendable {
    /// One ranked result.
    public struct Hit: Hashable, Sendable {
        /// The document's position in the sequence the index was built from.
        public var document: Int
        /// Cosine similarity in [0, 1].
        public var score: Double
    }

    /// The pre-tokeniser shared by documents and queries.
    public let preTokenizer: PreTokenizer
    /// Term → column.
    public let vocabulary: [String: Int]
    /// Smoothed idf per column.
    public let idf: [Double]
    /// The number of documents.
    public let documentCount: Int
    /// Per column, the documents containing the term and their normalised weights.
    let postings: [[(document: Int32, weight: Double)]]

    /// Indexes `documents`.
    /// - Complexity: O(total pre-tokens).
    public init(documents: some Sequence<String>, preTokenizer: PreTokenizer = PreTokenizer()) {
        self.preTokenizer = preTokenizer
        var vocabulary: [String: Int] = [:]
        var documentTerms: [[(term: Int, count: Int)]] = []
        for document in documents {
            var counts: [Int: Int] = [:]
            for term in Self.terms(document, preTokenizer) {
                let column = vocabulary[term] ?? {
                    let next = vocabulary.count
                    vocabulary[term] = next
                    return next
                }()
                counts[column, default: 0] += 1
            }
            documentTerms.append(counts.map { ($0.key, $0.value) }.sorted { $0.term < $1.term })
        }
        var documentFrequency = [Int](repeating: 0, count: vocabulary.count)
        for terms in documentTerms { for (term, _) in terms { documentFrequency[term] += 1 } }
        let n = Double(documentTerms.count)
        let idf = documentFrequency.map { log((1 + n) / (1 + Double($0))) + 1 }
        var postings = [[(document: Int32, weight: Double)]](repeating: [], count: vocabulary.count)
        for (d, terms) in documentTerms.enumerated() {
            let weights = terms.map { (1 + log(Double($0.count))) * idf[$0.term] }
            let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { continue }
            for (k, (term, _)) in terms.enumerated() {
                postings[term].append((Int32(d), weights[k] / norm))
            }
        }
        self.vocabulary = vocabulary
        self.idf = idf
        self.documentCount = documentTerms.count
        self.postings = postings
    }

    static func terms(_ text: String, _ preTokenizer: PreTokenizer) -> [String] {
        preTokenizer.pretokenize(text).compactMap { $0.kind == .punctuation ? nil : $0.text }
    }

    /// The unit-norm TF-IDF vector of `text` as (column, weight) pairs sorted by column; empty when
    /// no term of `text` is in the vocabulary.
    public func vector(for text: String) -> [(column: Int, weight: Double)] {
        var counts: [Int: Int] = [:]
        for term in Self.terms(text, preTokenizer) {
            if let column = vocabulary[term] { counts[column, default: 0] += 1 }
        }
        let weighted = counts.sorted { $0.key < $1.key }.map { ($0.key, (1 + log(Double($0.value))) * idf[$0.key]) }
        let norm = weighted.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
        guard norm > 0 else { return [] }
        return weighted.map { (column: $0.0, weight: $0.1 / norm) }
    }

    /// Cosine similarity of `query` with every document, in document order.
    /// - Complexity: O(sum of the query terms' posting lengths + documents).
    public func scores(for query: String) -> [Double] {
        var scores = [Double](repeating: 0, count: documentCount)
        for (column, weight) in vector(for: query) {
            for posting in postings[column] { scores[Int(posting.document)] += weight * posting.weight }
        }
        return scores
    }

    /// The `k` documents most similar to `query`, best first; equal scores in document order.
    public func search(_ query: String, k: Int) -> [Hit] {
        precondition(k >= 0, "k must not be negative")
        let hits = scores(for: query).enumerated().map { Hit(document: $0.offset, score: $0.element) }
        return Array(hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.document < $1.document }.prefix(k))
    }
}
