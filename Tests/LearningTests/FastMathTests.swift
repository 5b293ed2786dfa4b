import Foundation
import Learning
import Testing

/// The vectorised exp / sigmoid / softplus against Foundation's (glibc) scalar functions in Double.
@Suite struct FastMathTests {
    /// 20,001 points evenly over [low, high].
    func grid(_ low: Float, _ high: Float) -> Tensor {
        Tensor(shape: [20_001], values: (0...20_000).map { low + (high - low) * Float($0) / 20_000 })
    }

    func worstRelativeError(_ got: Tensor, _ reference: (Double) -> Double, inputs: Tensor) -> Double {
        zip(got.values, inputs.values).map { y, x in
            let r = reference(Double(x))
            return Swift.abs(Double(y) - r) / Swift.max(Swift.abs(r), 1e-30)
        }.max() ?? 0
    }

    // Relative error ≤ 4e-7 (about 3 ulp in Float32) over the whole normal range.
    @Test func expAccuracy() {
        let x = grid(-87, 88)
        #expect(worstRelativeError(x.exp(), Foundation.exp, inputs: x) <= 4e-7)
        let edges = Tensor(shape: [4], values: [-100, 100, 0, .nan]).exp().values
        #expect(edges[0] == 0 && edges[1] == .infinity && edges[2] == 1 && edges[3].isNaN)
    }

    // Relative error ≤ 4e-7 for sigmoid over [-80, 80]; softplus ≤ 4e-7 over [-80, 80], including
    // the tiny values log1p(e^x) ≈ e^x far left, where a naive log(1 + e^x) would return 0.
    @Test func sigmoidAndSoftplusAccuracy() {
        let x = grid(-80, 80)
        #expect(worstRelativeError(x.sigmoid(), { 1 / (1 + Foundation.exp(-$0)) }, inputs: x) <= 4e-7)
        #expect(worstRelativeError(x.softplus(), { Foundation.log1p(Foundation.exp($0)) }, inputs: x) <= 4e-7)
    }
}

/// Our own elementwise threads split work into disjoint ranges, so results do not depend on them.
@Suite struct ParallelKernelTests {
    @Test func elementwiseResultsIndependentOfThreadCount() {
        let x = random([100_000], seed: 1, low: -5, high: 5)
        x.requiresGrad = true
        let single = x.softplus()
        single.backward(seed: [Float](repeating: 1, count: x.count))
        let gradSingle = x.grad ?? []
        x.zeroGrad()
        // 0 leaves OpenBLAS's threads alone (other tests may be running).
        Learning.setThreadCount(0, elementwise: 2)
        defer { Learning.setThreadCount(0, elementwise: 1) }
        let parallel = x.softplus()
        parallel.backward(seed: [Float](repeating: 1, count: x.count))
        #expect(Learning.elementwiseThreadCount == 2)
        #expect(parallel.values.map(\.bitPattern) == single.values.map(\.bitPattern))
        #expect((x.grad ?? []).map(\.bitPattern) == gradSingle.map(\.bitPattern))
    }
}

/// GELU's vectorised erf against glibc's erf in Double.
@Suite struct GeluAccuracyTests {
    // |GELU(x) − x·Φ(x)| ≤ 2e-7 · max(1, |x|) over [-10, 10] (Φ from Foundation's erf in Double).
    @Test func geluMatchesExactForm() {
        let values = (0...20_000).map { Float(-10 + 20 * Double($0) / 20_000) }
        let got = Tensor(shape: [values.count], values: values).gelu().values
        var worst = 0.0
        for (x, y) in zip(values, got) {
            let exact = Double(x) * 0.5 * (1 + Foundation.erf(Double(x) / 2.0.squareRoot()))
            worst = Swift.max(worst, Swift.abs(Double(y) - exact) / Swift.max(1, Swift.abs(Double(x))))
        }
        #expect(worst <= 2e-7, "worst scaled error \(worst)")
    }
}
