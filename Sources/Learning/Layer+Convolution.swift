/// 1-D convolution over `[N, C, L]`: `weight` `[out, in, kernel]`, `bias` `[out]`.
public final class Conv1d: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Int
    public let padding: Int

    /// Initialised as PyTorch does: uniform in ±1/√(in·kernel).
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, generator: SeededGenerator) {
        let bound = 1 / Float(Swift.max(inChannels * kernelSize, 1)).squareRoot()
        weight = .uniform(shape: [outChannels, inChannels, kernelSize], low: -bound, high: bound,
                          generator: generator, requiresGrad: true)
        self.bias = bias ? .uniform(shape: [outChannels], low: -bound, high: bound, generator: generator,
                                    requiresGrad: true) : nil
        self.stride = stride
        self.padding = padding
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.conv1d(weight: weight, bias: bias, stride: stride, padding: padding)
    }
}

/// 2-D convolution over `[N, C, H, W]`: `weight` `[out, in, kh, kw]`, `bias` `[out]`.
public final class Conv2d: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: (Int, Int)
    public let padding: (Int, Int)

    /// Initialised as PyTorch does: uniform in ±1/√(in·kh·kw).
    public init(_ inChannels: Int, _ outChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
                padding: (Int, Int) = (0, 0), bias: Bool = true, generator: SeededGenerator) {
        let bound = 1 / Float(Swift.max(inChannels * kernelSize.0 * kernelSize.1, 1)).squareRoot()
        weight = .uniform(shape: [outChannels, inChannels, kernelSize.0, kernelSize.1], low: -bound,
                          high: bound, generator: generator, requiresGrad: true)
        self.bias = bias ? .uniform(shape: [outChannels], low: -bound, high: bound, generator: generator,
                                    requiresGrad: true) : nil
        self.stride = stride
        self.padding = padding
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.conv2d(weight: weight, bias: bias, stride: stride, padding: padding)
    }
}
