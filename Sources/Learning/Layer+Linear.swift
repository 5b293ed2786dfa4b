/// An affine map y = x·Wᵀ + b with W `[out, in]` (PyTorch's layout and names: `weight`, `bias`).
public final class Linear: Module {
    public let weight: Tensor
    public let bias: Tensor?

    /// Initialised as PyTorch does: W and b uniform in ±1/√in.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, generator: SeededGenerator) {
        let bound = 1 / Float(Swift.max(inFeatures, 1)).squareRoot()
        weight = .uniform(shape: [outFeatures, inFeatures], low: -bound, high: bound, generator: generator,
                          requiresGrad: true)
        self.bias = bias ? .uniform(shape: [outFeatures], low: -bound, high: bound, generator: generator,
                                    requiresGrad: true) : nil
    }

    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    /// `x` `[..., in]` → `[..., out]`.
    public func callAsFunction(_ x: Tensor) -> Tensor { x.linear(weight: weight, bias: bias) }
}
