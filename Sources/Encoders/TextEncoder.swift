import Learning

/// A small pre-norm transformer over BPE tokens: token + learned position embeddings →
/// `layers` × `TransformerEncoderLayer` (padding masked) → LayerNorm → mean over real tokens →
/// `ProjectionHead`.
public final class TextEncoder: ModalityEncoder {
    public let tokens: Embedding
    public let positions: Tensor
    public let layers: [TransformerEncoderLayer]
    public let norm: LayerNorm
    public let head: ProjectionHead

    /// - Parameter vocabularySize: the tokenizer's `vocabularySize`.
    public init(config: ModelConfig, vocabularySize: Int, generator: SeededGenerator) {
        let s = config.text
        let d = s.modelDimension
        tokens = Embedding(vocabulary: vocabularySize, dimension: d, generator: generator)
        // Scale the N(0, 1) token table down so positions and tokens start at comparable size.
        for i in 0..<tokens.weight.count { tokens.weight.data[i] *= 0.1 }
        positions = .normal(shape: [s.maxTokens, d], std: 0.02, generator: generator, requiresGrad: true)
        layers = (0..<s.layers).map { _ in
            TransformerEncoderLayer(modelDimension: d, heads: s.heads, feedForwardDimension: s.feedForward,
                                    dropout: s.dropout, generator: generator)
        }
        norm = LayerNorm(d)
        head = ProjectionHead(input: d, dimension: config.dimension, generator: generator)
    }

    /// The vocabulary the token table covers.
    public var vocabularySize: Int { tokens.weight.shape[0] }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        var out = tokens.namedParameters(prefix: "tokens") + [("positions", positions)]
        for (i, l) in layers.enumerated() { out += l.namedParameters(prefix: "layers.\(i)") }
        return out + norm.namedParameters(prefix: "norm") + head.namedParameters(prefix: "head")
    }

    /// Dropout on (training) or off (inference).
    public func setTraining(_ training: Bool) { for l in layers { l.isTraining = training } }

    public func callAsFunction(_ batch: TextBatch) -> Tensor {
        let (b, l) = (batch.count, batch.length)
        precondition(l <= positions.shape[0], "text batch of \(l) tokens exceeds \(positions.shape[0]) positions")
        let ids = batch.ids.map { Swift.min(Swift.max($0, 0), vocabularySize - 1) }
        let pos = l == positions.shape[0] ? positions : positions.slice(axis: 0, 0..<l)
        var x = tokens(ids, shape: [b, l]) + pos
        let mask = Tensor.keyPaddingMask(valid: batch.valid).unsqueezed(1)
        for layer in layers { x = layer(x, mask: mask) }
        x = norm(x)
        let m = batch.mask.unsqueezed(2)                               // [B, L, 1]
        let counts = batch.mask.sum(axes: [1], keepingDimensions: true).clamped(min: 1)  // [B, 1]
        return head((x * m).sum(axes: [1]) / counts)
    }
}
