import Testing
@testable import Training

@Suite struct CalibrationTests {
    @Test func expectedCalibrationErrorByHand() {
        // Bin [0.8, 0.9): p = 0.8, 0.8 with 1 of 2 correct → |0.5 − 0.8| · 2/4;
        // bin [0.2, 0.3): p = 0.2, 0.2 with 0 of 2 correct → |0 − 0.2| · 2/4. ECE = 0.15 + 0.1 = 0.25.
        let ece = Calibration.expectedCalibrationError(probabilities: [0.8, 0.8, 0.2, 0.2],
                                                       correct: [true, false, false, false])
        #expect(abs(ece - 0.25) < 1e-12)
    }

    @Test func plattFitIsMonotoneAndCalibratedOnSeparableishData() {
        // High scores are mostly right, low scores mostly wrong.
        var outcomes: [QueryOutcome] = []
        for i in 0..<200 {
            let s = Double(i) / 200
            let right = (i % 10) < Int(s * 10)  // P(right) ≈ s
            outcomes.append(QueryOutcome(rank: right ? 1 : 2, topScore: s, margin: 0.1, topIsRelevant: right))
        }
        let e = Calibration.fit(outcomes)
        #expect(e.probability(score: 0.9, margin: 0.1) > e.probability(score: 0.1, margin: 0.1))
        let p = outcomes.map { e.probability(score: $0.topScore, margin: $0.margin) }
        // A fitted logistic on data with P(right) = score should be within 0.1 ECE in-sample.
        #expect(Calibration.expectedCalibrationError(probabilities: p, correct: outcomes.map(\.topIsRelevant)) < 0.1)
        // OOD threshold: the 5 % quantile of top scores (index 10 of 200 sorted = 0.05).
        #expect(abs(e.oodThreshold - 0.05) < 1e-12)
    }
}
