import Testing
@testable import Training

@Suite struct RetrievalMetricsTests {
    @Test func recallAndMRRFromRanks() {
        // Ranks 1, 3, 7, none: R@1 = 1/4, R@5 = 2/4, R@10 = 3/4, MRR = (1 + 1/3 + 1/7 + 0)/4 (exact).
        let m = RetrievalMetrics(ranks: [1, 3, 7, nil])
        #expect(m.recallAt1 == 0.25)
        #expect(m.recallAt5 == 0.5)
        #expect(m.recallAt10 == 0.75)
        #expect(abs(m.meanReciprocalRank - (1 + 1.0 / 3 + 1.0 / 7) / 4) < 1e-12)
    }

    @Test func toyRanking() {
        // Two queries, three gallery items. Query 0 ranks items 2, 0, 1 (relevant: 0 → rank 2);
        // query 1 ranks 1 first and 1 is relevant (rank 1).
        let scores: [Float] = [0.5, 0.1, 0.9,
                               0.2, 0.8, 0.3]
        let relevant: Set<[Int]> = [[0, 0], [1, 1]]
        let o = Ranking.outcomes(scores: scores, queries: 2, gallery: 3) { relevant.contains([$0, $1]) }
        #expect(o.map(\.rank) == [2, 1])
        #expect(o.map(\.topIsRelevant) == [false, true])
        // Margins: 0.9 − 0.5 and 0.8 − 0.3 (float32 inputs: tolerance 1e-6).
        #expect(abs(o[0].margin - 0.4) < 1e-6 && abs(o[1].margin - 0.5) < 1e-6)
    }

    @Test func tiesAreBrokenAtRandomNotOptimistically() {
        // All scores equal, one relevant item among 100: the expected R@1 is 1/100, so over 200
        // queries an optimistic tie rule (always rank 1) would give 1.0. Accept ≤ 0.1.
        let n = 100, q = 200
        let o = Ranking.outcomes(scores: [Float](repeating: 0, count: n * q), queries: q, gallery: n) { $1 == $0 % n }
        let m = RetrievalMetrics(ranks: o.map(\.rank))
        #expect(m.recallAt1 <= 0.1)
    }

    @Test func cosineOfUnitRows() {
        let s = Ranking.cosine([[1, 0], [0, 1]], [[1, 0], [0.6, 0.8]])
        // Tolerance 1e-6 (float32 sgemm).
        for (x, y) in zip(s, [1, 0.6, 0, 0.8] as [Float]) { #expect(abs(x - y) < 1e-6) }
    }
}
