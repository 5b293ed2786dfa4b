import Learning

/// All six encoders plus the learnable contrastive temperature: the one model training updates
/// and inference reads. Parameters are named `<modality>.<encoder parameter>` and `logit_scale`.
public final class MultiModalModel: Module {
    public let config: ModelConfig
    public let crystal: CrystalEncoder?
    public let composition: CompositionEncoder?
    public let spectrum: SpectrumEncoder?
    public let micrograph: MicrographEncoder?
    public let text: TextEncoder?
    public let properties: PropertyEncoder?
    /// log of the InfoNCE logit scale (1/temperature), shape `[1]`; init `config.initialLogitScale`.
    /// Clamp it to ≤ log 100 after each step and keep it out of weight decay (open_clip).
    public let logitScale: Tensor

    /// A freshly initialised model: each encoder draws from its own generator seeded from
    /// `config.seed` and its modality, so adding or dropping a modality leaves the others' initial
    /// weights unchanged.
    /// - Parameter vocabularySize: the text tokenizer's vocabulary size (ignored without text).
    public init(config: ModelConfig, vocabularySize: Int = 261) {
        self.config = config
        let enabled = Set(config.modalities)
        func generator(_ m: Modality) -> SeededGenerator {
            let index = UInt64(Modality.allCases.firstIndex(of: m) ?? 0) + 1
            return SeededGenerator(seed: config.seed &+ index &* 0x9E37_79B9_7F4A_7C15)
        }
        let spectrum = enabled.contains(.spectrum) ? SpectrumEncoder(config: config, generator: generator(.spectrum)) : nil
        self.spectrum = spectrum
        crystal = enabled.contains(.crystal)
            ? CrystalEncoder(config: config, generator: generator(.crystal), sharedTrunk: spectrum?.trunk) : nil
        composition = enabled.contains(.composition)
            ? CompositionEncoder(config: config, generator: generator(.composition)) : nil
        micrograph = enabled.contains(.micrograph)
            ? MicrographEncoder(config: config, generator: generator(.micrograph)) : nil
        text = enabled.contains(.text)
            ? TextEncoder(config: config, vocabularySize: vocabularySize, generator: generator(.text)) : nil
        properties = enabled.contains(.properties)
            ? PropertyEncoder(config: config, generator: generator(.properties)) : nil
        logitScale = Tensor(shape: [1], values: [config.initialLogitScale], requiresGrad: true)
    }

    /// The modalities this model encodes.
    public var modalities: [Modality] { config.modalities }

    /// The encoder of `modality`, if the model has one.
    public func encoder(for modality: Modality) -> (any Module)? {
        switch modality {
        case .crystal: crystal
        case .composition: composition
        case .spectrum: spectrum
        case .micrograph: micrograph
        case .text: text
        case .properties: properties
        }
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        var out: [(name: String, tensor: Tensor)] = []
        for m in Modality.allCases {
            if let e = encoder(for: m) { out += e.namedParameters(prefix: m.rawValue) }
        }
        return out + [("logit_scale", logitScale)]
    }

    /// The parameters of one modality's encoder (e.g. to freeze or to give its own learning rate).
    public func parameters(of modality: Modality) -> [Tensor] {
        encoder(for: modality)?.parameters ?? []
    }

    /// Parameters that take weight decay (matrices and embeddings) and those that do not (biases,
    /// norms, positions, the logit scale), as CLIP-style training separates them.
    public var parameterGroups: (decay: [Tensor], noDecay: [Tensor]) {
        var decay: [Tensor] = [], noDecay: [Tensor] = []
        for (name, t) in namedParameters {
            if name == "logit_scale" || t.rank < 2 || name.contains("norm") || name.hasSuffix("positions") {
                noDecay.append(t)
            } else {
                decay.append(t)
            }
        }
        return (decay, noDecay)
    }

    /// Dropout on (training) or off (inference). Only the text encoder has dropout.
    public func setTraining(_ training: Bool) { text?.setTraining(training) }

    /// Embeds featurised items of one modality: `[items.count, dimension]`, rows of unit norm.
    /// Records the autodiff tape unless called inside `Learning.withGradientsDisabled`.
    /// - Throws: `.modalityUnavailable` when the model lacks that encoder.
    /// - Precondition: `items` non-empty and all of one modality.
    public func encode(_ items: [ItemFeatures]) throws(EncoderError) -> Tensor {
        precondition(!items.isEmpty, "encode needs at least one item")
        let modality = items[0].modality
        precondition(items.allSatisfy { $0.modality == modality }, "encode: items of mixed modalities")
        switch modality {
        case .crystal:
            guard let e = crystal else { throw .modalityUnavailable(modality) }
            return e(CrystalBatch(items.map { if case .crystal(let f) = $0 { f } else { preconditionFailure() } }))
        case .composition:
            guard let e = composition else { throw .modalityUnavailable(modality) }
            return e(CompositionBatch(items.map { if case .composition(let f) = $0 { f } else { preconditionFailure() } }))
        case .spectrum:
            guard let e = spectrum else { throw .modalityUnavailable(modality) }
            return e(SpectrumBatch(items.map { if case .spectrum(let f) = $0 { f } else { preconditionFailure() } }))
        case .micrograph:
            guard let e = micrograph else { throw .modalityUnavailable(modality) }
            return e(MicrographBatch(items.map { if case .micrograph(let f) = $0 { f } else { preconditionFailure() } }))
        case .text:
            guard let e = text else { throw .modalityUnavailable(modality) }
            return e(TextBatch(items.map { if case .text(let f) = $0 { f } else { preconditionFailure() } }))
        case .properties:
            guard let e = properties else { throw .modalityUnavailable(modality) }
            return e(PropertyBatch(items.map { if case .properties(let f) = $0 { f } else { preconditionFailure() } }))
        }
    }
}
