import CMatlas

/// Classic XRD search-match between two patterns featurised on the model's q grid
/// (`Featurizer.spectrum`), and the re-ranking of an XRD search's nearest materials by it.
///
/// The score is the cosine over the grid points the query measured (its mask) between the query
/// and a reference (a material's clean simulated pattern). With `tolerance` > 0 it is the best such
/// cosine over reference shifts of up to that many grid points, so a pattern moved a little by a
/// zero-point error or by strain still lines up with its counterpart.
///
/// Re-ranking: the model's cosine picks the `candidates` nearest materials (it is robust to
/// experimental perturbations and places the pattern among every other modality); the final score
/// of each candidate is `cosine + weight × pattern score`, so the pattern decides between close
/// candidates — what a 20° window alone can pin down to one phase (DESIGN §5, `search` by XRD).
public struct PatternMatch: Hashable, Sendable {
    /// Grid points (≈ 0.0117 Å⁻¹ each on the default grid) a reference peak may sit from a query peak.
    public var tolerance: Int
    /// Weight of the pattern score added to the model's cosine.
    public var weight: Float
    /// How many nearest materials (by the model's cosine) are re-ranked …
    public var candidates: Int
    /// … and how many for a partial pattern (measured over less than `windowCoverage` of the grid):
    /// the model places a 20° window less precisely than a whole pattern, so the pattern must
    /// look further (on the train split, window R@10 0.74 → 0.84 going from 300 to 1,000 of the
    /// corpus' 9,247; whole patterns gained nothing).
    public var windowCandidates: Int
    public var windowCoverage: Float = 0.5

    public init(tolerance: Int = 1, weight: Float = 1, candidates: Int = 300, windowCandidates: Int = 1_000) {
        self.tolerance = Swift.max(0, tolerance)
        self.weight = weight
        self.candidates = Swift.max(1, candidates)
        self.windowCandidates = Swift.max(1, windowCandidates)
    }

    /// `candidates` or, for a partial pattern, `windowCandidates`.
    public func candidates(for query: SpectrumFeatures) -> Int {
        let measured = query.mask.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        return Float(measured) < windowCoverage * Float(Swift.max(1, query.mask.count)) ? windowCandidates : candidates
    }

    /// The best cosine between the query and the reference shifted by at most `tolerance` grid
    /// points either way, over the query's measured points; 0 when either side is empty there, −1
    /// for a grid-size mismatch. A shift absorbs a zero-point error or, within a window, strain.
    public func score(query: SpectrumFeatures, reference r: [Float]) -> Float {
        let n = query.intensity.count
        guard r.count == n, query.mask.count == n else { return -1 }
        guard let lo = query.mask.firstIndex(where: { $0 > 0 }), let last = query.mask.lastIndex(where: { $0 > 0 }) else { return 0 }
        let hi = last + 1
        // Unmeasured points carry intensity 0, so dot products over lo..<hi are the masked ones;
        // only the reference's norm must skip the gaps of a mask that has some.
        let contiguous = query.mask[lo..<hi].allSatisfy { $0 > 0 }
        return query.intensity.withUnsafeBufferPointer { q in
            r.withUnsafeBufferPointer { ref in
                let qq = cmatlas_dot_f32(q.baseAddress! + lo, q.baseAddress! + lo, hi - lo)
                guard qq > 0 else { return Float(0) }
                var best: Float = 0
                for shift in -tolerance...tolerance {
                    let a = Swift.max(lo, -shift), b = Swift.min(hi, n - shift)
                    guard a < b else { continue }
                    let shifted = ref.baseAddress! + shift
                    let dot = cmatlas_dot_f32(q.baseAddress! + a, shifted + a, b - a)
                    var rr: Float = 0
                    if contiguous {
                        rr = cmatlas_dot_f32(shifted + a, shifted + a, b - a)
                    } else {
                        for k in a..<b where query.mask[k] > 0 { rr += shifted[k] * shifted[k] }
                    }
                    if rr > 0 { best = Swift.max(best, dot / (qq.squareRoot() * rr.squareRoot())) }
                }
                return best
            }
        }
    }

    /// The score a candidate is ranked by: its cosine plus `weight` × its pattern score.
    public func ranking(cosine: Float, patternScore: Float) -> Float { cosine + weight * patternScore }

    /// Re-ranks one query's scores over a gallery in place: the `candidates(for:)` best by `scores`
    /// get `+ weight × pattern(reference(i))`; every other entry drops below all candidates
    /// (by −`lowered`), keeping its order. `reference(i)` returns gallery item i's pattern, or nil
    /// when it has none (the candidate keeps its cosine alone).
    public func rerank(_ scores: inout [Float], query: SpectrumFeatures, lowered: Float = 10,
                       reference: (Int) -> [Float]?) {
        CandidateRerank.apply(&scores, candidates: candidates(for: query), lowered: lowered) { i, cosine in
            reference(i).map { ranking(cosine: cosine, patternScore: score(query: query, reference: $0)) }
        }
    }
}
