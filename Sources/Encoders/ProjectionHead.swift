import Learning

/// The end of every encoder: Linear → GELU → Linear into the shared dimension, then L2
/// normalisation, so all six modalities land on the same unit sphere.
public final class ProjectionHead: Module {
    public let hidden: Linear
    public let output: Linear

    public init(input: Int, dimension: Int, generator: SeededGenerator) {
        hidden = Linear(input, input, generator: generator)
        output = Linear(input, dimension, generator: generator)
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        hidden.namedParameters(prefix: "hidden") + output.namedParameters(prefix: "output")
    }

    /// `[B, input]` → `[B, dimension]`, each row of unit norm.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        output(hidden(x).gelu()).l2Normalized()
    }
}

/// Something that embeds a collated batch of one modality into the shared space.
public protocol ModalityEncoder: Module {
    associatedtype Batch
    /// `[batch.count, dimension]`, rows of unit norm.
    func callAsFunction(_ batch: Batch) -> Tensor
}
