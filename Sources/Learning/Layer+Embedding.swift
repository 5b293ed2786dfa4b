/// A lookup table `weight` `[vocabulary, dim]`, initialised N(0, 1) as in PyTorch.
public final class Embedding: Module {
    public let weight: Tensor

    public init(vocabulary: Int, dimension: Int, generator: SeededGenerator) {
        weight = .normal(shape: [vocabulary, dimension], generator: generator, requiresGrad: true)
    }

    public var namedParameters: [(name: String, tensor: Tensor)] { [("weight", weight)] }

    /// Rows for `ids`, shaped `shape + [dim]` (default `[ids.count, dim]`).
    public func callAsFunction(_ ids: [Int], shape: [Int]? = nil) -> Tensor {
        Tensor.embedding(weight, ids: ids, idsShape: shape)
    }
}
