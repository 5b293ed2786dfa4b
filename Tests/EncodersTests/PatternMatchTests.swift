import Foundation
import Encoders
import Testing

@Suite struct PatternMatchTests {
    /// A pattern of Gaussian peaks (σ 1.5 points) at `positions` on a 64-point grid, measured where `mask`.
    static func pattern(_ positions: [Double], measured: Range<Int> = 0..<64) -> SpectrumFeatures {
        let intensity = (0..<64).map { i in
            measured.contains(i) ? Float(positions.reduce(0) { $0 + Foundation.exp(-(Double(i) - $1) * (Double(i) - $1) / 4.5) }) : 0
        }
        return SpectrumFeatures(intensity: intensity, mask: (0..<64).map { measured.contains($0) ? 1 : 0 })
    }

    @Test func aPatternMatchesItselfAndOnlyWhereMeasured() {
        let match = PatternMatch(tolerance: 0)
        let full = Self.pattern([10, 30, 50])
        // Cosine of a vector with itself: 1 (tolerance 1e-6, float rounding).
        #expect(abs(match.score(query: full, reference: full.intensity) - 1) < 1e-6)
        // A window over 20…40 sees only the middle peak: a reference that agrees there scores 1
        // even though it lacks the other two peaks.
        let window = Self.pattern([10, 30, 50], measured: 20..<40)
        #expect(abs(match.score(query: window, reference: Self.pattern([30]).intensity) - 1) < 1e-6)
        #expect(match.score(query: window, reference: Self.pattern([10, 50]).intensity) < 0.01)
        // Grid mismatch is −1, an empty reference 0.
        #expect(match.score(query: full, reference: [1, 2]) == -1)
        #expect(match.score(query: full, reference: [Float](repeating: 0, count: 64)) == 0)
    }

    @Test func toleranceForgivesASmallShift() {
        let query = Self.pattern([20, 40])
        let shifted = Self.pattern([22, 42]).intensity
        let a = PatternMatch(tolerance: 0).score(query: query, reference: shifted)
        let b = PatternMatch(tolerance: 2).score(query: query, reference: shifted)
        // Shifted back by exactly 2 points the patterns coincide (cosine 1, tolerance 1e-5); unshifted
        // the peaks (σ 1.5 points) overlap at exp(−2²/(4·1.5²)) ≈ 0.64.
        #expect(abs(b - 1) < 1e-5, "tolerant \(b)")
        #expect(abs(a - Float(Foundation.exp(-4.0 / 9))) < 0.01, "strict \(a)")
    }

    @Test func rerankLetsThePatternDecideAmongTheNearest() {
        let query = Self.pattern([12, 33], measured: 5..<45)
        let references: [[Float]?] = [Self.pattern([50]).intensity, Self.pattern([12, 33]).intensity, nil, Self.pattern([12, 33]).intensity]
        // Cosines: 0 is nearest but its pattern disagrees; 1 agrees; 2 has no pattern; 3 agrees but
        // is outside the 3 candidates.
        var scores: [Float] = [0.9, 0.8, 0.85, 0.1]
        PatternMatch(tolerance: 0, weight: 1, candidates: 3).rerank(&scores, query: query) { references[$0] }
        #expect(abs(scores[1] - 1.8) < 1e-5)   // 0.8 + 1 × 1
        #expect(scores[0] < scores[1] && scores[2] == 0.85)
        #expect(scores[3] < scores.prefix(3).min()!)  // dropped below every candidate
    }
}

extension PatternMatchTests {
    /// Both paths — one contiguous window (C dot kernel) and a mask with a gap (plain loop) — agree
    /// with a direct Double computation of the best shifted masked cosine (tolerance 1e-5).
    @Test func bothPathsMatchADirectComputation() {
        var state: UInt64 = 42
        func next() -> Float { state = state &* 6364136223846793005 &+ 1442695040888963407; return Float(state >> 40) / Float(1 << 24) }
        let n = 96
        let reference = (0..<n).map { _ in next() }
        for mask in [(0..<n).map { (20..<70).contains($0) ? Float(1) : 0 }, (0..<n).map { (10..<30).contains($0) || (50..<80).contains($0) ? Float(1) : 0 }] {
            let query = SpectrumFeatures(intensity: (0..<n).map { mask[$0] > 0 ? next() : 0 }, mask: mask)
            for tolerance in [0, 2] {
                var best = 0.0
                for shift in -tolerance...tolerance {
                    var dot = 0.0, qq = 0.0, rr = 0.0
                    for k in 0..<n where mask[k] > 0 && k + shift >= 0 && k + shift < n {
                        dot += Double(query.intensity[k]) * Double(reference[k + shift])
                        rr += Double(reference[k + shift]) * Double(reference[k + shift])
                    }
                    for k in 0..<n where mask[k] > 0 { qq += Double(query.intensity[k]) * Double(query.intensity[k]) }
                    best = Swift.max(best, dot / (qq.squareRoot() * rr.squareRoot()))
                }
                let got = PatternMatch(tolerance: tolerance).score(query: query, reference: reference)
                #expect(abs(Double(got) - best) < 1e-5, "tolerance \(tolerance): \(got) vs \(best)")
            }
        }
    }
}

extension PatternMatchTests {
    /// A pattern measured over less than half the grid is a window: it gets the wider candidate pool.
    @Test func partialWindowsLookFurther() {
        let match = PatternMatch(candidates: 300, windowCandidates: 1_000)
        #expect(match.candidates(for: Self.pattern([30], measured: 20..<40)) == 1_000)  // 20 of 64 points
        #expect(match.candidates(for: Self.pattern([30], measured: 0..<64)) == 300)
        #expect(match.candidates(for: Self.pattern([30], measured: 10..<50)) == 300)    // 40 of 64
    }
}
