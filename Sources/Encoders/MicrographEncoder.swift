import Learning

/// A small 2-D CNN over `[B, 1, size, size]`: blocks of conv3×3 (same padding) → GELU → max-pool 2,
/// then global [mean; max] over positions (a micrograph's content does not depend on where in the
/// field of view a motif sits) → `ProjectionHead`.
public final class MicrographEncoder: ModalityEncoder {
    public let convolutions: [Conv2d]
    public let head: ProjectionHead

    public init(config: ModelConfig, generator: SeededGenerator) {
        var inChannels = 1
        var convs: [Conv2d] = []
        for c in config.micrograph.channels {
            convs.append(Conv2d(inChannels, c, kernelSize: (3, 3), padding: (1, 1), generator: generator))
            inChannels = c
        }
        convolutions = convs
        head = ProjectionHead(input: 2 * inChannels, dimension: config.dimension, generator: generator)
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        var out: [(name: String, tensor: Tensor)] = []
        for (i, c) in convolutions.enumerated() { out += c.namedParameters(prefix: "convolutions.\(i)") }
        return out + head.namedParameters(prefix: "head")
    }

    public func callAsFunction(_ batch: MicrographBatch) -> Tensor {
        var x = batch.input
        for (i, conv) in convolutions.enumerated() {
            x = conv(x).gelu()
            // Pool between blocks while the map is large enough.
            if i < convolutions.count - 1 && x.shape[2] >= 2 && x.shape[3] >= 2 { x = x.maxPool2d(kernel: (2, 2)) }
        }
        let (b, c) = (x.shape[0], x.shape[1])
        let flat = x.reshaped([b, c, x.shape[2] * x.shape[3]])
        return head(Tensor.concat([flat.mean(axes: [2]), flat.max(axis: 2)], axis: 1))
    }
}
