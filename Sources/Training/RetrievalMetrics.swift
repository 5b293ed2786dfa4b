import Learning

/// Recall@k and mean reciprocal rank of a query set against a gallery, where a query may have
/// several relevant gallery items (any of them counts as a hit; the rank is that of the best-ranked
/// relevant item).
///
/// Ties are broken by a seeded random order, so a scorer with coarse scores (exact formula match,
/// random) gets its expected recall, neither the optimistic nor the pessimistic one.
public struct RetrievalMetrics: Codable, Hashable, Sendable {
    public var queries: Int
    public var recallAt1: Double
    public var recallAt5: Double
    public var recallAt10: Double
    public var meanReciprocalRank: Double

    public init(queries: Int, recallAt1: Double, recallAt5: Double, recallAt10: Double, meanReciprocalRank: Double) {
        self.queries = queries
        self.recallAt1 = recallAt1
        self.recallAt5 = recallAt5
        self.recallAt10 = recallAt10
        self.meanReciprocalRank = meanReciprocalRank
    }

    /// Metrics from the 1-based rank of each query's first relevant item (nil: no relevant item in
    /// the gallery; such a query counts as a miss with reciprocal rank 0).
    public init(ranks: [Int?]) {
        let n = Double(Swift.max(ranks.count, 1))
        func recall(_ k: Int) -> Double { Double(ranks.filter { ($0 ?? Int.max) <= k }.count) / n }
        self.init(queries: ranks.count, recallAt1: recall(1), recallAt5: recall(5), recallAt10: recall(10),
                  meanReciprocalRank: ranks.reduce(0.0) { $0 + ($1.map { 1 / Double($0) } ?? 0) } / n)
    }
}

/// One query's outcome: the rank of its first relevant item and what calibration needs.
public struct QueryOutcome: Codable, Hashable, Sendable {
    /// 1-based rank of the best-ranked relevant gallery item, nil when none is relevant.
    public var rank: Int?
    /// Score of the top-ranked gallery item.
    public var topScore: Double
    /// Top score minus the second score (0 with a gallery of one).
    public var margin: Double
    /// Whether the top-ranked item is relevant.
    public var topIsRelevant: Bool
}

public enum Ranking {
    /// Ranks a gallery for each query.
    /// - Parameters:
    ///   - scores: row-major `queries × gallery` similarity (higher is better).
    ///   - relevant: whether gallery item `g` is relevant to query `q`.
    ///   - seed: the tie-breaking order.
    public static func outcomes(scores: [Float], queries: Int, gallery: Int, seed: UInt64 = 7,
                                relevant: (Int, Int) -> Bool) -> [QueryOutcome] {
        precondition(scores.count == queries * gallery, "scores must be queries × gallery")
        let g = SeededGenerator(seed: seed)
        var out: [QueryOutcome] = []
        out.reserveCapacity(queries)
        for q in 0..<queries {
            let row = Array(scores[(q * gallery)..<((q + 1) * gallery)])
            let tie = (0..<gallery).map { _ in g.next() }
            let order = (0..<gallery).sorted { a, b in
                row[a] != row[b] ? row[a] > row[b] : tie[a] < tie[b]
            }
            let rank = order.firstIndex { relevant(q, $0) }.map { $0 + 1 }
            let top = order.first.map { Double(row[$0]) } ?? 0
            let second = order.count > 1 ? Double(row[order[1]]) : top
            out.append(QueryOutcome(rank: rank, topScore: top, margin: top - second,
                                    topIsRelevant: order.first.map { relevant(q, $0) } ?? false))
        }
        return out
    }

    /// Cosine similarities of unit rows: `queries × gallery`, row-major.
    public static func cosine(_ queries: [[Float]], _ gallery: [[Float]]) -> [Float] {
        guard let d = queries.first?.count ?? gallery.first?.count, !queries.isEmpty, !gallery.isEmpty else { return [] }
        let a = Tensor(shape: [queries.count, d], values: queries.flatMap { $0 })
        let b = Tensor(shape: [gallery.count, d], values: gallery.flatMap { $0 })
        return Learning.withGradientsDisabled { a.matmul(b, transposingB: true).values }
    }
}
