/// Layer normalisation over the last axis with learnable scale `weight` and shift `bias`.
public final class LayerNorm: Module {
    public let weight: Tensor
    public let bias: Tensor
    public let eps: Float

    public init(_ features: Int, eps: Float = 1e-5) {
        weight = Tensor(shape: [features], repeating: 1, requiresGrad: true)
        bias = Tensor(shape: [features], repeating: 0, requiresGrad: true)
        self.eps = eps
    }

    public var namedParameters: [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.layerNorm(gamma: weight, beta: bias, eps: eps) }
}
