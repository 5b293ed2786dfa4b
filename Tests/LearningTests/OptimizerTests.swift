import Learning
import Testing

/// Optimisers, clipping and schedules against hand-computed references of PyTorch's update rules.
@Suite struct OptimizerTests {
    /// A parameter p with loss 0.5·p, so dL/dp = 0.5 at every step.
    func constantGradientSteps(_ optimizer: Optimizer, _ p: Tensor, steps: Int) -> [Float] {
        (0..<steps).map { _ in
            optimizer.zeroGrad()
            (p * 0.5).sum().backward()
            optimizer.step()
            return p.scalarValue
        }
    }

    // torch.optim.SGD(lr=0.1, momentum=0.9): v₁ = g, p₁ = 1 − 0.1·0.5 = 0.95; v₂ = 0.9·0.5 + 0.5 = 0.95,
    // p₂ = 0.95 − 0.095 = 0.855. Tolerance 1e-6.
    @Test func sgdWithMomentum() {
        let p = Tensor(shape: [1], values: [1], requiresGrad: true)
        let values = constantGradientSteps(SGD(parameters: [p], learningRate: 0.1, momentum: 0.9), p, steps: 2)
        #expect(Swift.abs(values[0] - 0.95) < 1e-6 && Swift.abs(values[1] - 0.855) < 1e-6)
    }

    // torch.optim.AdamW(lr=0.1, weight_decay=0.1): with a constant gradient m̂ = g and v̂ = g², so each
    // step is p ← p·(1 − 0.01) − 0.1·g/(|g| + 1e-8): 0.89, then 0.89·0.99 − 0.1 = 0.7811. Tolerance 1e-6.
    @Test func adamWDecoupledDecay() {
        let p = Tensor(shape: [1], values: [1], requiresGrad: true)
        let frozen = Tensor(shape: [1], values: [1], requiresGrad: true)
        let adam = AdamW(parameters: [p, frozen], learningRate: 0.1, weightDecay: 0.1, excludedFromDecay: [frozen])
        let values = (0..<2).map { _ in
            adam.zeroGrad()
            ((p + frozen) * 0.5).sum().backward()
            adam.step()
            return (p.scalarValue, frozen.scalarValue)
        }
        #expect(Swift.abs(values[0].0 - 0.89) < 1e-6 && Swift.abs(values[1].0 - 0.7811) < 1e-6)
        // Excluded from decay: 1 − 0.1, then 0.9 − 0.1.
        #expect(Swift.abs(values[0].1 - 0.9) < 1e-6 && Swift.abs(values[1].1 - 0.8) < 1e-6)
    }

    @Test func parametersWithoutGradientsAreUntouched() {
        let p = Tensor(shape: [2], values: [1, 2], requiresGrad: true)
        let adam = AdamW(parameters: [p], learningRate: 0.1)
        adam.step()
        #expect(p.values == [1, 2])
    }

    // Gradients (3, 4) have norm 5; clipping to 1 scales them to (0.6, 0.8) (tolerance 1e-6).
    @Test func gradientClipping() {
        let p = Tensor(shape: [2], values: [0, 0], requiresGrad: true)
        (p * Tensor(shape: [2], values: [3, 4])).sum().backward()
        let norm = Learning.clipGradientNorm([p], maxNorm: 1)
        #expect(Swift.abs(norm - 5) < 1e-6)
        let g = p.grad ?? []
        #expect(Swift.abs(g[0] - 0.6) < 1e-6 && Swift.abs(g[1] - 0.8) < 1e-6)
        #expect(Learning.clipGradientNorm([p], maxNorm: 10) < 1.000_01)
        #expect(p.grad == g)
    }

    // Warm-up 4 steps to peak 1, cosine to 0 at step 14: 0.25, 1 at step 3, 1 at 4, 0.5 at 9, 0 at 14 and after.
    @Test func warmupCosine() {
        let s = WarmupCosineSchedule(peak: 1, floor: 0, warmupSteps: 4, totalSteps: 14)
        let values = [0, 3, 4, 9, 14, 20].map { s.learningRate(at: $0) }
        let expected: [Float] = [0.25, 1, 1, 0.5, 0, 0]
        #expect(zip(values, expected).allSatisfy { Swift.abs($0 - $1) < 1e-6 })
    }

    @Test func seededGeneratorIsDeterministic() {
        let a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        #expect(SeededGenerator(seed: 1).permutation(10) == SeededGenerator(seed: 1).permutation(10))
        #expect(Set(SeededGenerator(seed: 1).permutation(10)) == Set(0..<10))
        // Normal draws: mean ≈ 0 and variance ≈ 1 over 20,000 draws (5σ bounds: 0.035, 0.05).
        let g = SeededGenerator(seed: 3)
        let draws = (0..<20_000).map { _ in g.normal() }
        let mean = draws.reduce(0, +) / 20_000
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20_000
        #expect(Swift.abs(mean) < 0.035 && Swift.abs(variance - 1) < 0.05)
    }
}

/// Resuming: an AdamW restored from its state dict continues bit for bit.
@Suite struct OptimizerStateTests {
    func step(_ model: MLP, _ optimizer: AdamW, _ x: Tensor) {
        optimizer.zeroGrad()
        model(x).pow(2).mean().backward()
        optimizer.step()
    }

    @Test func adamWResumesExactly() throws {
        let x = random([4, 3], seed: 1)
        let model = MLP(sizes: [3, 4, 2], generator: SeededGenerator(seed: 2))
        let optimizer = AdamW(parameters: model.parameters, learningRate: 0.01)
        for _ in 0..<3 { step(model, optimizer, x) }
        let saved = try Safetensors.decode(Safetensors.encode(optimizer.stateDict)).tensors
        let weights = try Safetensors.decode(Safetensors.encode(model.stateDict)).tensors
        step(model, optimizer, x)

        let resumed = MLP(sizes: [3, 4, 2], generator: SeededGenerator(seed: 9))
        try resumed.load(stateDict: weights)
        let resumedOptimizer = AdamW(parameters: resumed.parameters, learningRate: 0.01)
        try resumedOptimizer.load(stateDict: saved)
        #expect(resumedOptimizer.stepCount == 3)
        step(resumed, resumedOptimizer, x)
        #expect(resumed.parameters.map { $0.values.map(\.bitPattern) } == model.parameters.map { $0.values.map(\.bitPattern) })
        #expect(throws: StateDictError.self) { try resumedOptimizer.load(stateDict: ["step": Tensor(scalar: 1)]) }
    }
}
