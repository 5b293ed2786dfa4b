import Learning

/// A 1-D CNN over the q-grid intensity and its mask (`[B, 2, points]`): blocks of
/// conv(k, same padding) → GELU → max-pool 2, then the feature map is flattened (peak positions
/// matter: a pattern is identified by where its peaks are, so the readout keeps position) →
/// Linear → GELU → `ProjectionHead`.
public final class SpectrumEncoder: ModalityEncoder {
    public let convolutions: [Conv1d]
    public let dense: Linear
    public let head: ProjectionHead

    public init(config: ModelConfig, generator: SeededGenerator) {
        let s = config.spectrum
        precondition(s.kernelSize % 2 == 1, "spectrum kernel size must be odd")
        var inChannels = 2
        var convs: [Conv1d] = []
        for c in s.channels {
            convs.append(Conv1d(inChannels, c, kernelSize: s.kernelSize, padding: s.kernelSize / 2, generator: generator))
            inChannels = c
        }
        convolutions = convs
        var length = s.points
        for _ in s.channels { length /= 2 }
        precondition(length >= 1, "spectrum grid too short for \(s.channels.count) pooling steps")
        dense = Linear(inChannels * length, s.hidden, generator: generator)
        head = ProjectionHead(input: s.hidden, dimension: config.dimension, generator: generator)
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        var out: [(name: String, tensor: Tensor)] = []
        for (i, c) in convolutions.enumerated() { out += c.namedParameters(prefix: "convolutions.\(i)") }
        return out + dense.namedParameters(prefix: "dense") + head.namedParameters(prefix: "head")
    }

    public func callAsFunction(_ batch: SpectrumBatch) -> Tensor {
        var x = batch.input
        for conv in convolutions { x = conv(x).gelu().maxPool1d(kernel: 2) }
        return head(dense(x.flattened(from: 1)).gelu())
    }
}
