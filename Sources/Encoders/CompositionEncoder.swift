import Learning

/// A Roost-like set encoder over fraction-weighted element embeddings (Goodall & Lee 2020, with
/// the attention simplified to fraction-weighted context): each element row
/// `xᵢ = embedding(Zᵢ) + W·[fᵢ, √fᵢ, ln fᵢ / 5]` is updated `layers` times by
/// `xᵢ ← LN(xᵢ + MLP([xᵢ; Σⱼ fⱼxⱼ]))`; readout `[Σ fᵢxᵢ; max xᵢ]` → `ProjectionHead`.
public final class CompositionEncoder: ModalityEncoder {
    public let embedding: Embedding
    public let fraction: Linear
    public let interactions: [MLP]
    public let norms: [LayerNorm]
    public let head: ProjectionHead

    public init(config: ModelConfig, generator: SeededGenerator) {
        let h = config.composition.hidden
        embedding = Embedding(vocabulary: config.maxAtomicNumber + 1, dimension: h, generator: generator)
        fraction = Linear(3, h, generator: generator)
        interactions = (0..<config.composition.layers).map { _ in
            MLP(sizes: [2 * h, h, h], activation: .gelu, generator: generator)
        }
        norms = (0..<config.composition.layers).map { _ in LayerNorm(h) }
        head = ProjectionHead(input: 2 * h, dimension: config.dimension, generator: generator)
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        var out = embedding.namedParameters(prefix: "embedding") + fraction.namedParameters(prefix: "fraction")
        for (i, m) in interactions.enumerated() { out += m.namedParameters(prefix: "interactions.\(i)") }
        for (i, n) in norms.enumerated() { out += n.namedParameters(prefix: "norms.\(i)") }
        return out + head.namedParameters(prefix: "head")
    }

    public func callAsFunction(_ batch: CompositionBatch) -> Tensor {
        var x = embedding(batch.elements) + fraction(batch.fractionFeatures)
        for (mlp, norm) in zip(interactions, norms) {
            let context = (x * batch.fractions).segmentSum(batch.set, count: batch.count).indexSelect(batch.set)
            x = norm(x + mlp(Tensor.concat([x, context], axis: 1)))
        }
        let pooled = Tensor.concat([(x * batch.fractions).segmentSum(batch.set, count: batch.count),
                                    x.segmentMax(batch.set, count: batch.count)], axis: 1)
        return head(pooled)
    }
}
