import Learning
import Testing

/// Finite-difference checks of every layer, with respect to its input and all its parameters
/// (tolerance as in `checkGradients`).
@Suite struct GradientCheckLayerTests {
    /// Checks `layer` over input `x`, perturbing `x` and every parameter.
    func check(_ layer: some Module, input x: Tensor?, sourceLocation: SourceLocation = #_sourceLocation,
               _ forward: @escaping (Tensor?) -> Tensor) {
        let parameters = layer.parameters
        let inputs = (x.map { [$0] } ?? []) + parameters
        checkGradients(inputs, sourceLocation: sourceLocation) { _ in forward(x) }
        #expect(parameters.allSatisfy { $0.grad != nil }, sourceLocation: sourceLocation)
    }

    @Test func linear() {
        let layer = Linear(4, 3, generator: SeededGenerator(seed: 1))
        check(layer, input: random([2, 4], seed: 2)) { layer($0!) }
        #expect(layer.namedParameters.map(\.name) == ["weight", "bias"])
    }

    @Test func mlp() {
        let layer = MLP(sizes: [3, 5, 2], activation: .tanh, generator: SeededGenerator(seed: 3))
        check(layer, input: random([4, 3], seed: 4)) { layer($0!) }
        #expect(layer.namedParameters.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"])
    }

    @Test func layerNorm() {
        let layer = LayerNorm(5)
        check(layer, input: random([3, 5], seed: 5, low: -2, high: 2)) { layer($0!) }
    }

    @Test func embedding() {
        let layer = Embedding(vocabulary: 6, dimension: 3, generator: SeededGenerator(seed: 6))
        check(layer, input: nil) { _ in layer([5, 0, 5, 2], shape: [2, 2]) }
    }

    @Test func conv1d() {
        let layer = Conv1d(2, 3, kernelSize: 3, padding: 1, generator: SeededGenerator(seed: 7))
        check(layer, input: random([2, 2, 6], seed: 8)) { layer($0!) }
    }

    @Test func conv2d() {
        let layer = Conv2d(2, 2, kernelSize: (3, 3), stride: (2, 2), padding: (1, 1), generator: SeededGenerator(seed: 9))
        check(layer, input: random([1, 2, 5, 5], seed: 10)) { layer($0!) }
    }

    @Test func transformerEncoderLayer() {
        let layer = TransformerEncoderLayer(modelDimension: 4, heads: 2, feedForwardDimension: 6,
                                            generator: SeededGenerator(seed: 11))
        let mask = Tensor.keyPaddingMask(valid: [[true, true, false], [true, true, true]]).unsqueezed(1)
        check(layer, input: random([2, 3, 4], seed: 12)) { layer($0!, mask: mask) }
        #expect(layer.namedParameters.map(\.name) == [
            "self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
            "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
            "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias",
        ])
    }
}
