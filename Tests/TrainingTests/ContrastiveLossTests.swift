import Foundation
import Learning
import Testing
@testable import Training

@Suite struct ContrastiveLossTests {
    let a = Tensor(shape: [2, 2], values: [1, 0, 0, 1])
    let b = Tensor(shape: [2, 2], values: [1, 0, 0.6, 0.8])

    /// Reference: the symmetric InfoNCE written out by hand for scale 2 (open_clip ClipLoss).
    func handLoss(scale s: Double) -> Double {
        func ce(_ row: [Double], _ t: Int) -> Double { log(row.map(exp).reduce(0, +)) - row[t] }
        let ab = (ce([s * 1, s * 0.6], 0) + ce([0, s * 0.8], 1)) / 2
        let ba = (ce([s * 1, 0], 0) + ce([s * 0.6, s * 0.8], 1)) / 2
        return (ab + ba) / 2
    }

    @Test func matchesHandComputation() {
        let scale = Tensor(shape: [1], values: [Float(log(2.0))], requiresGrad: true)
        let loss = ContrastiveLoss.symmetric(a, b, logScale: scale)
        // Tolerance 1e-5: float32 arithmetic against a double-precision hand computation.
        #expect(abs(Double(loss.scalarValue) - handLoss(scale: 2)) < 1e-5)
    }

    @Test func logitsAreScaledCosines() {
        let scale = Tensor(shape: [1], values: [Float(log(3.0))])
        let l = ContrastiveLoss.logits(a, b, logScale: scale).values
        // a·bᵀ = [[1, 0.6], [0, 0.8]] times 3; tolerance 1e-5 (float32).
        for (x, y) in zip(l, [3, 1.8, 0, 2.4] as [Float]) { #expect(abs(x - y) < 1e-5) }
    }

    @Test func logScaleGradientMatchesFiniteDifference() {
        let s0 = log(2.0)
        let scale = Tensor(shape: [1], values: [Float(s0)], requiresGrad: true)
        ContrastiveLoss.symmetric(a, b, logScale: scale).backward()
        let h = 1e-4
        let numeric = (handLoss(scale: exp(s0 + h)) - handLoss(scale: exp(s0 - h))) / (2 * h)
        // Central difference in double precision vs float32 autodiff: tolerance 1e-3.
        #expect(abs(Double(scale.grad?[0] ?? .nan) - numeric) < 1e-3)
    }

    @Test func clampKeepsScaleAtMostHundred() {
        let scale = Tensor(shape: [1], values: [6])
        ContrastiveLoss.clampLogScale(scale)
        #expect(scale.scalarValue == ContrastiveLoss.maxLogScale)
        let small = Tensor(shape: [1], values: [1])
        ContrastiveLoss.clampLogScale(small)
        #expect(small.scalarValue == 1)
    }
}
