import Learning

/// The convolutional body shared by the spectrum encoder and the crystal encoder's diffraction
/// branch: blocks of conv(k, same padding) → GELU → max-pool 2 over `[B, 2, points]` (intensity and
/// mask), then the feature map is flattened (peak positions matter: a pattern is identified by
/// where its peaks are, so the readout keeps position) → Linear → GELU, `[B, spectrum.hidden]`.
public final class SpectrumTrunk: Module {
    public let convolutions: [Conv1d]
    public let dense: Linear

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
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        var out: [(name: String, tensor: Tensor)] = []
        for (i, c) in convolutions.enumerated() { out += c.namedParameters(prefix: "convolutions.\(i)") }
        return out + dense.namedParameters(prefix: "dense")
    }

    /// `[B, 2, points]` → `[B, hidden]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        var x = input
        for conv in convolutions { x = conv(x).gelu().maxPool1d(kernel: 2) }
        return dense(x.flattened(from: 1)).gelu()
    }
}

/// A measured (or pasted) XRD pattern on the q grid: `SpectrumTrunk` → `ProjectionHead`.
/// Parameter names are the trunk's (`convolutions.i`, `dense`) and `head`.
public final class SpectrumEncoder: ModalityEncoder {
    public let trunk: SpectrumTrunk
    public let head: ProjectionHead

    public init(config: ModelConfig, generator: SeededGenerator) {
        trunk = SpectrumTrunk(config: config, generator: generator)
        head = ProjectionHead(input: config.spectrum.hidden, dimension: config.dimension, generator: generator)
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        trunk.namedParameters + head.namedParameters(prefix: "head")
    }

    public func callAsFunction(_ batch: SpectrumBatch) -> Tensor {
        head(trunk(batch.input))
    }
}
