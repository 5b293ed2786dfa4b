import Learning
import Testing

/// Finite-difference gradient check.
///
/// The scalar probed is L = Σ f(x) ⊙ R for a fixed random R, accumulated in Double. The analytic
/// gradient comes from `backward(seed: R)`; the numeric one from central differences
/// (L(x + h) − L(x − h)) / 2h per input element, with the forward run in no-grad mode.
///
/// Tolerance: |analytic − numeric| ≤ `tolerance` · max(1, |numeric|). With Float32 forwards and
/// h = 1e-2 the truncation error is O(h²·f‴) ≈ 1e-4 and the rounding error ≈ 1e-7·|L|/h ≈ 1e-5;
/// the worst case seen over all checks is 2.4e-4 (division, whose f‴ is large), so the default
/// 1e-3 has 4× margin and still fails a backward rule that is off by 1% (measured: a ReLU slope of
/// 1.01 fails).
func checkGradients(_ inputs: [Tensor], h: Float = 1e-2, tolerance: Double = 1e-3, seed: UInt64 = 7,
                    sourceLocation: SourceLocation = #_sourceLocation,
                    _ f: ([Tensor]) -> Tensor) {
    for x in inputs { x.requiresGrad = true; x.zeroGrad() }
    let out = f(inputs)
    let generator = SeededGenerator(seed: seed)
    let r = (0..<out.count).map { _ in generator.uniform(-1, 1) }
    out.backward(seed: r)
    func loss() -> Double {
        Learning.withGradientsDisabled {
            let y = f(inputs).values
            var s = 0.0
            for i in 0..<y.count { s += Double(y[i]) * Double(r[i]) }
            return s
        }
    }
    var worst = 0.0
    for (k, x) in inputs.enumerated() {
        let analytic = x.grad ?? [Float](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let saved = x.data[i]
            x.data[i] = saved + h
            let up = loss()
            x.data[i] = saved - h
            let down = loss()
            x.data[i] = saved
            let numeric = (up - down) / (2 * Double(h))
            let error = Swift.abs(Double(analytic[i]) - numeric) / Swift.max(1, Swift.abs(numeric))
            worst = Swift.max(worst, error)
            if error > tolerance {
                Issue.record("input \(k) element \(i): analytic \(analytic[i]) vs numeric \(numeric)",
                             sourceLocation: sourceLocation)
                return
            }
        }
    }
    #expect(worst <= tolerance, sourceLocation: sourceLocation)
}

/// A tensor of `shape` with values uniform in [low, high) from `seed`.
func random(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) -> Tensor {
    Tensor.uniform(shape: shape, low: low, high: high, generator: SeededGenerator(seed: seed))
}

/// A tensor whose values are distinct and at least `gap` apart (a shuffled ramp), so that max,
/// ReLU kinks and pooling ties are further than h from any perturbation.
func spread(_ shape: [Int], seed: UInt64, gap: Float = 0.05, offset: Float = 0) -> Tensor {
    let n = Tensor.elementCount(shape)
    let order = SeededGenerator(seed: seed).permutation(n)
    let values = order.map { (Float($0) - Float(n) / 2) * gap + offset }
    return Tensor(shape: shape, values: values)
}
