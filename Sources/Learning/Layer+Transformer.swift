/// Multi-head self-attention with PyTorch's parameter names (`in_proj_weight` `[3d, d]`,
/// `in_proj_bias`, `out_proj.weight`, `out_proj.bias`).
public final class MultiheadSelfAttention: Module {
    public let inProjectionWeight: Tensor
    public let inProjectionBias: Tensor
    public let outProjection: Linear
    public let heads: Int

    public init(modelDimension d: Int, heads: Int, generator: SeededGenerator) {
        precondition(heads > 0 && d % heads == 0, "model dimension \(d) not divisible by \(heads) heads")
        // Xavier-uniform for the packed projection, as PyTorch.
        let bound = (6 / Float(d + 3 * d)).squareRoot()
        inProjectionWeight = .uniform(shape: [3 * d, d], low: -bound, high: bound, generator: generator,
                                      requiresGrad: true)
        inProjectionBias = Tensor(shape: [3 * d], requiresGrad: true)
        outProjection = Linear(d, d, generator: generator)
        self.heads = heads
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        [("in_proj_weight", inProjectionWeight), ("in_proj_bias", inProjectionBias)]
            + prefixed("out_proj", outProjection)
    }

    /// `x` `[B, L, d]` → `[B, L, d]`; `mask` additive, broadcastable to `[B, heads, L, L]`
    /// (e.g. `Tensor.keyPaddingMask(valid:).unsqueezed(1)`).
    public func callAsFunction(_ x: Tensor, mask: Tensor? = nil) -> Tensor {
        precondition(x.rank == 3, "self-attention input must be [B, L, d]; got \(x.shape)")
        let (b, l, d) = (x.shape[0], x.shape[1], x.shape[2])
        let dh = d / heads
        let qkv = x.linear(weight: inProjectionWeight, bias: inProjectionBias).split(sizes: [d, d, d], axis: 2)
        func headsFirst(_ t: Tensor) -> Tensor { t.reshaped([b, l, heads, dh]).permuted([0, 2, 1, 3]) }
        let attended = Tensor.scaledDotProductAttention(query: headsFirst(qkv[0]), key: headsFirst(qkv[1]),
                                                        value: headsFirst(qkv[2]), mask: mask)
        return outProjection(attended.permuted([0, 2, 1, 3]).reshaped([b, l, d]))
    }
}

/// A pre-norm Transformer encoder layer (PyTorch's `TransformerEncoderLayer(norm_first=True)`
/// with the same parameter names): x + SA(LN₁(x)), then x + FF(LN₂(x)).
public final class TransformerEncoderLayer: Module {
    public let selfAttention: MultiheadSelfAttention
    public let linear1: Linear
    public let linear2: Linear
    public let norm1: LayerNorm
    public let norm2: LayerNorm
    public let activation: Activation
    public let dropout: Float
    /// Dropout is active only while training.
    public var isTraining = true
    let generator: SeededGenerator

    public init(modelDimension d: Int, heads: Int, feedForwardDimension ff: Int, dropout: Float = 0,
                activation: Activation = .gelu, generator: SeededGenerator) {
        selfAttention = MultiheadSelfAttention(modelDimension: d, heads: heads, generator: generator)
        linear1 = Linear(d, ff, generator: generator)
        linear2 = Linear(ff, d, generator: generator)
        norm1 = LayerNorm(d)
        norm2 = LayerNorm(d)
        self.activation = activation
        self.dropout = dropout
        self.generator = generator
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        prefixed("self_attn", selfAttention) + prefixed("linear1", linear1) + prefixed("linear2", linear2)
            + prefixed("norm1", norm1) + prefixed("norm2", norm2)
    }

    /// `x` `[B, L, d]` → `[B, L, d]`; `mask` as in ``MultiheadSelfAttention``.
    public func callAsFunction(_ x: Tensor, mask: Tensor? = nil) -> Tensor {
        let drop = { (t: Tensor) in t.dropout(self.dropout, generator: self.generator, training: self.isTraining) }
        let h = x + drop(selfAttention(norm1(x), mask: mask))
        return h + drop(linear2(drop(activation(linear1(norm2(h))))))
    }
}
