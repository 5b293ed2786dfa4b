/// The re-ranking both search-match re-ranks share (`PatternMatch`, `LatticeMatch`): the
/// `candidates` best of one query's scores over a gallery are re-scored, every other entry drops
/// below all of them by `lowered` (keeping its order).
public enum CandidateRerank {
    /// `rescore(i, score)` gives candidate i's new score, or nil to keep its score.
    public static func apply(_ scores: inout [Float], candidates: Int, lowered: Float = 10,
                             rescore: (Int, Float) -> Float?) {
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let chosen = Set(order.prefix(candidates))
        for i in scores.indices {
            if chosen.contains(i) {
                if let s = rescore(i, scores[i]) { scores[i] = s }
            } else {
                scores[i] -= lowered
            }
        }
    }
}
