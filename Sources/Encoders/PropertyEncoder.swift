import Learning

/// An MLP over standardised property values and their present mask (`[B, 2P]`): a missing value
/// is 0 with mask 0, so "unknown" and "average" stay distinguishable. → `ProjectionHead`.
public final class PropertyEncoder: ModalityEncoder {
    public let body: MLP
    public let head: ProjectionHead

    public init(config: ModelConfig, generator: SeededGenerator) {
        let p = config.properties.specs.count, h = config.properties.hidden
        body = MLP(sizes: [2 * p, h, h], activation: .gelu, generator: generator)
        head = ProjectionHead(input: h, dimension: config.dimension, generator: generator)
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        body.namedParameters(prefix: "body") + head.namedParameters(prefix: "head")
    }

    public func callAsFunction(_ batch: PropertyBatch) -> Tensor {
        head(body(batch.input).gelu())
    }
}
