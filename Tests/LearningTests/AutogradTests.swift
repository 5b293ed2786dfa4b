import Learning
import Testing

/// The tape: no-grad mode, accumulation, detaching, deep graphs.
@Suite struct AutogradTests {
    @Test func noGradModeRecordsNothing() {
        let w = random([3, 3], seed: 1)
        w.requiresGrad = true
        let y = Learning.withGradientsDisabled { (random([2, 3], seed: 2).matmul(w)).relu().sum() }
        #expect(!y.isRecorded && !y.requiresGrad)
        #expect(Learning.isGradientEnabled)
        let z = random([2, 3], seed: 2).matmul(w).sum()
        #expect(z.isRecorded)
    }

    @Test func gradientsAccumulateAcrossBackwardCalls() {
        let x = Tensor(shape: [2], values: [1, 2], requiresGrad: true)
        (x * 3).sum().backward()
        (x * x).sum().backward()
        // d/dx (3x) = 3, then + d/dx x² = 2x: [5, 7].
        #expect(x.grad == [5, 7])
        x.zeroGrad()
        #expect(x.grad == nil)
    }

    /// Ops store into a fresh gradient buffer and add into an existing one: two backward passes
    /// give twice the first gradient (to 1e-6 relative: an input used by several ops sums its
    /// contributions in a different order the second time; a rule that overwrote would give 1×).
    @Test func secondBackwardAddsForEveryKindOfRule() {
        let x = random([3, 4], seed: 3), w = random([5, 4], seed: 4), b = random([5], seed: 5)
        let m = random([4, 2], seed: 6), q = random([2, 3, 4], seed: 7)
        let inputs = [x, w, b, m, q]
        for t in inputs { t.requiresGrad = true }
        func loss() -> Tensor {
            let y = x.linear(weight: w, bias: b).softplus() + x.matmul(m).sum(axes: [1], keepingDimensions: true)
            let attention = Tensor.scaledDotProductAttention(query: q, key: q, value: q)
            return Tensor.concat([y.reshaped([-1]), attention.reshaped([-1]) * 2], axis: 0).sum()
        }
        loss().backward()
        let first = inputs.map { $0.grad ?? [] }
        loss().backward()
        for (t, g) in zip(inputs, first) {
            let second = t.grad ?? []
            #expect(second.count == g.count)
            #expect(zip(second, g).allSatisfy { Swift.abs($0 - 2 * $1) <= 1e-6 * Swift.max(1, Swift.abs(2 * $1)) })
        }
    }

    @Test func constantsGetNoGradient() {
        let x = Tensor(shape: [2], values: [1, 2], requiresGrad: true)
        let c = Tensor(shape: [2], values: [3, 4])
        (x * c).sum().backward()
        #expect(x.grad == [3, 4] && c.grad == nil)
        let d = x.detached()
        (d * 2).sum().backward()
        #expect(x.grad == [3, 4])
    }

    @Test func deepGraphDoesNotOverflowTheStack() {
        let x = Tensor(scalar: 1, requiresGrad: true)
        var y = x
        for _ in 0..<20_000 { y = y + 0 }
        y.backward()
        #expect(x.grad == [1])
    }
}

/// Dropout statistics and train/eval behaviour.
@Suite struct DropoutTests {
    // With p = 0.25 over 40,000 elements the kept fraction is 0.75 ± 0.011 (5σ), and kept values are
    // scaled by 1/(1 − p) so the mean is preserved.
    @Test func keptFractionAndScale() {
        let x = Tensor(shape: [40_000], repeating: 1)
        let y = x.dropout(0.25, generator: SeededGenerator(seed: 5), training: true).values
        let kept = y.filter { $0 != 0 }
        #expect(Swift.abs(Double(kept.count) / 40_000 - 0.75) < 0.011)
        #expect(kept.allSatisfy { Swift.abs($0 - 4.0 / 3) < 1e-6 })
    }

    @Test func evaluationModeIsIdentity() {
        let x = random([3, 4], seed: 6)
        #expect(x.dropout(0.5, generator: SeededGenerator(seed: 1), training: false) === x)
        let mlp = MLP(sizes: [4, 8, 2], dropout: 0.5, generator: SeededGenerator(seed: 2))
        mlp.isTraining = false
        #expect(mlp(x).values == mlp(x).values)
    }
}
