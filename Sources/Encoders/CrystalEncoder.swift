import Learning

/// CGCNN-style gated message passing over the periodic graph (Xie & Grossman 2018), with the
/// concatenation `W·[hᵢ; hⱼ; eᵢⱼ]` split into per-node products gathered onto edges (the same
/// function, 12× fewer multiply-adds on the node terms).
///
/// Per layer: `zᵢⱼ = Wₛhᵢ + W_d hⱼ + Wₑeᵢⱼ + b`, split into gate/core halves,
/// `mᵢⱼ = σ(gate) ⊙ softplus(core)`, `hᵢ ← softplus(hᵢ + LN(Σⱼ mᵢⱼ))`.
/// Node input: Σ occupancy · embedding(Z) over the site's occupants (partial occupancy kept).
/// Readout: [mean; max] over nodes, with `crystal.diffraction` also the `SpectrumTrunk` features of
/// the crystal's own simulated powder pattern (`CrystalFeatures.diffraction`) → `ProjectionHead`;
/// with `crystal.shareSpectrumTrunk` that pattern goes through the spectrum encoder's trunk.
public final class CrystalEncoder: ModalityEncoder {
    public final class Layer: Module {
        let source: Linear
        let destination: Linear
        let edge: Linear
        let norm: LayerNorm

        init(hidden h: Int, gaussians g: Int, generator: SeededGenerator) {
            source = Linear(h, 2 * h, bias: false, generator: generator)
            destination = Linear(h, 2 * h, bias: false, generator: generator)
            edge = Linear(g, 2 * h, generator: generator)
            norm = LayerNorm(h)
        }

        public var namedParameters: [(name: String, tensor: Tensor)] {
            source.namedParameters(prefix: "source") + destination.namedParameters(prefix: "destination")
                + edge.namedParameters(prefix: "edge") + norm.namedParameters(prefix: "norm")
        }

        func callAsFunction(_ h: Tensor, _ batch: CrystalBatch) -> Tensor {
            guard !batch.edgeSource.isEmpty else { return h.softplus() }
            let hidden = h.shape[1]
            let z = source(h).indexSelect(batch.edgeSource) + destination(h).indexSelect(batch.edgeDestination)
                + edge(batch.edgeFeatures)
            let halves = z.split(sizes: [hidden, hidden], axis: 1)
            let message = halves[0].sigmoid() * halves[1].softplus()
            let aggregate = message.segmentSum(batch.edgeSource, count: h.shape[0])
            return (h + norm(aggregate)).softplus()
        }
    }

    public let embedding: Embedding
    public let layers: [Layer]
    /// The diffraction branch (nil unless `crystal.diffraction`).
    public let diffraction: SpectrumTrunk?
    /// True when `diffraction` is another encoder's trunk (`crystal.shareSpectrumTrunk`): its
    /// parameters are then that encoder's and are not listed here.
    public let sharesDiffraction: Bool
    public let head: ProjectionHead

    /// - Parameter sharedTrunk: the spectrum encoder's trunk to read the crystal's pattern with
    ///   (used when `crystal.diffraction` and `crystal.shareSpectrumTrunk`; without it the encoder
    ///   builds its own).
    public init(config: ModelConfig, generator: SeededGenerator, sharedTrunk: SpectrumTrunk? = nil) {
        let s = config.crystal
        embedding = Embedding(vocabulary: config.maxAtomicNumber + 1, dimension: s.hidden, generator: generator)
        layers = (0..<s.layers).map { _ in Layer(hidden: s.hidden, gaussians: s.gaussianCount, generator: generator) }
        let shared = s.diffraction && s.shareSpectrumTrunk ? sharedTrunk : nil
        sharesDiffraction = shared != nil
        diffraction = s.diffraction ? (shared ?? SpectrumTrunk(config: config, generator: generator)) : nil
        let width = 2 * s.hidden + (s.diffraction ? config.spectrum.hidden : 0)
        head = ProjectionHead(input: width, dimension: config.dimension, generator: generator)
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        var out = embedding.namedParameters(prefix: "embedding")
        for (i, l) in layers.enumerated() { out += l.namedParameters(prefix: "layers.\(i)") }
        if let diffraction, !sharesDiffraction { out += diffraction.namedParameters(prefix: "diffraction") }
        return out + head.namedParameters(prefix: "head")
    }

    public func callAsFunction(_ batch: CrystalBatch) -> Tensor {
        var h = (embedding(batch.occupantElement) * batch.occupantWeight)
            .segmentSum(batch.occupantNode, count: batch.nodeCount)
        for layer in layers { h = layer(h, batch) }
        var parts = [h.segmentMean(batch.nodeGraph, count: batch.count), h.segmentMax(batch.nodeGraph, count: batch.count)]
        if let diffraction {
            guard let pattern = batch.diffraction else {
                preconditionFailure("crystal features lack the diffraction pattern this model reads")
            }
            parts.append(diffraction(pattern))
        }
        return head(Tensor.concat(parts, axis: 1))
    }
}
