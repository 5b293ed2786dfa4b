/// A multilayer perceptron: Linear layers with an activation (and optional dropout) between them,
/// none after the last. Parameter names `layers.<i>.weight`, `layers.<i>.bias`.
public final class MLP: Module {
    public let layers: [Linear]
    public let activation: Activation
    public let dropout: Float
    /// Dropout is active only while training.
    public var isTraining = true
    let generator: SeededGenerator

    /// - Parameter sizes: widths from input to output, e.g. `[256, 512, 512, 256]`.
    public init(sizes: [Int], activation: Activation = .relu, dropout: Float = 0, generator: SeededGenerator) {
        precondition(sizes.count >= 2, "an MLP needs at least input and output sizes")
        layers = zip(sizes, sizes.dropFirst()).map { Linear($0, $1, generator: generator) }
        self.activation = activation
        self.dropout = dropout
        self.generator = generator
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        layers.enumerated().flatMap { prefixed("layers.\($0.offset)", $0.element) }
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            if i < layers.count - 1 {
                h = activation(h).dropout(dropout, generator: generator, training: isTraining)
            }
        }
        return h
    }
}
