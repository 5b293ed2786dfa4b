import Foundation
import Learning
import Text

/// A trained model on disk (`Models/<name>/`) and in memory: `config.json`, `weights.safetensors`
/// (float32, names as `MultiModalModel.namedParameters`), `tokenizer.json` (the text BPE) and
/// `MODEL_CARD.md` (written by training, preserved by `save`).
///
/// Concurrency: after `load` (or `init`) a bundle is only read — `embed` runs with gradients off
/// (task-local), builds fresh tensors per call, and the text encoder's dropout is off — so one
/// bundle may serve `embed` calls from many threads at once. Do not train a bundle's model while
/// it serves.
public final class ModelBundle: @unchecked Sendable {
    public static let configFile = "config.json"
    public static let weightsFile = "weights.safetensors"
    public static let tokenizerFile = "tokenizer.json"
    public static let modelCardFile = "MODEL_CARD.md"

    public let config: ModelConfig
    public let model: MultiModalModel
    public let tokenizer: BPETokenizer?
    public let featurizer: Featurizer
    /// The model card's markdown, when there is one.
    public let modelCard: String?

    /// Wraps a model (e.g. at the end of training). Puts the model in inference mode (dropout off):
    /// call `model.setTraining(true)` before training it further.
    /// - Precondition: `tokenizer` given when the model has a text encoder.
    public init(config: ModelConfig, model: MultiModalModel, tokenizer: BPETokenizer?, modelCard: String? = nil) {
        precondition(model.text == nil || tokenizer != nil, "a text encoder needs its tokenizer")
        self.config = config
        self.model = model
        self.tokenizer = tokenizer
        self.modelCard = modelCard
        featurizer = Featurizer(config: config, tokenizer: tokenizer)
        model.setTraining(false)
    }

    /// A freshly initialised (untrained) bundle: for tests, benchmarks and the start of training.
    public convenience init(untrained config: ModelConfig, tokenizer: BPETokenizer?) {
        let model = MultiModalModel(config: config, vocabularySize: tokenizer?.vocabularySize ?? 261)
        self.init(config: config, model: model, tokenizer: tokenizer)
    }

    /// The latent dimension.
    public var dimension: Int { config.dimension }

    /// Writes the bundle into `directory` (created if needed). `MODEL_CARD.md` is written when
    /// `modelCard` is set and otherwise left as it is.
    public func save(to directory: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(config).write(to: directory.appendingPathComponent(Self.configFile), options: .atomic)
        try model.save(to: directory.appendingPathComponent(Self.weightsFile),
                       metadata: ["format": "matlas", "name": config.name, "dimension": String(config.dimension)])
        if let tokenizer {
            try tokenizer.save(to: directory.appendingPathComponent(Self.tokenizerFile))
        }
        if let modelCard {
            try Data(modelCard.utf8).write(to: directory.appendingPathComponent(Self.modelCardFile), options: .atomic)
        }
    }

    /// Reads and validates a bundle directory.
    /// - Throws: `ModelBundleError` naming the file at fault.
    public static func load(from directory: URL) throws(ModelBundleError) -> ModelBundle {
        let fm = FileManager.default
        func url(_ name: String) throws(ModelBundleError) -> URL {
            let u = directory.appendingPathComponent(name)
            guard fm.fileExists(atPath: u.path) else { throw .missingFile(name) }
            return u
        }
        // config.json
        let configURL = try url(configFile)
        let config: ModelConfig
        do {
            config = try JSONDecoder().decode(ModelConfig.self, from: Data(contentsOf: configURL))
        } catch {
            throw .invalidFile(configFile, message: String(describing: error))
        }
        guard config.formatVersion == Encoders.formatVersion else {
            throw .unsupportedVersion(file: configFile, version: config.formatVersion)
        }
        if let problem = config.validationProblem { throw .invalidFile(configFile, message: problem) }
        // tokenizer.json
        var tokenizer: BPETokenizer?
        if config.modalities.contains(.text) {
            let tokURL = try url(tokenizerFile)
            do {
                tokenizer = try BPETokenizer.load(from: tokURL)
            } catch {
                throw .invalidFile(tokenizerFile, message: String(describing: error))
            }
        }
        // weights.safetensors
        let weightsURL = try url(weightsFile)
        let file: Safetensors.File
        do {
            file = try Safetensors.read(from: weightsURL)
        } catch {
            throw .invalidFile(weightsFile, message: String(describing: error))
        }
        let vocabulary = file.tensors["text.tokens.weight"]?.shape.first ?? tokenizer?.vocabularySize ?? 261
        if let tokenizer, vocabulary != tokenizer.vocabularySize {
            throw .weightsMismatch(file: weightsFile, message:
                "text.tokens.weight has \(vocabulary) rows; tokenizer.json has \(tokenizer.vocabularySize) tokens")
        }
        let model = MultiModalModel(config: config, vocabularySize: vocabulary)
        do {
            try model.load(stateDict: file.tensors, strict: true)
        } catch {
            throw .weightsMismatch(file: weightsFile, message: String(describing: error))
        }
        for (name, t) in model.namedParameters {
            for i in 0..<t.count where !t.data[i].isFinite {
                throw .weightsMismatch(file: weightsFile, message: "\(name) holds a non-finite value")
            }
        }
        let cardURL = directory.appendingPathComponent(modelCardFile)
        let card = (try? Data(contentsOf: cardURL)).map { String(decoding: $0, as: UTF8.self) }
        return ModelBundle(config: config, model: model, tokenizer: tokenizer, modelCard: card)
    }
}

extension ModelConfig {
    /// Why this config cannot build a model, or nil when it can.
    public var validationProblem: String? {
        if dimension < 1 { return "dimension must be ≥ 1" }
        if modalities.isEmpty { return "modalities is empty" }
        if !(1...118).contains(maxAtomicNumber) { return "maxAtomicNumber must be in 1…118" }
        if crystal.radius <= 0 || crystal.radius > 100 { return "crystal.radius must be in (0, 100] Å" }
        if crystal.maxNeighbors < 1 || crystal.gaussianCount < 1 || crystal.hidden < 1 { return "crystal sizes must be ≥ 1" }
        if !(spectrum.qMax > spectrum.qMin && spectrum.qMin >= 0) { return "spectrum needs 0 ≤ qMin < qMax" }
        if spectrum.points < 2 || spectrum.peakFWHM <= 0 || spectrum.kernelSize % 2 == 0 { return "spectrum grid invalid" }
        if spectrum.points >> spectrum.channels.count < 1 { return "spectrum grid too short for its pooling" }
        if micrograph.size < 4 || micrograph.channels.isEmpty { return "micrograph settings invalid" }
        if text.maxTokens < 2 || text.modelDimension % Swift.max(text.heads, 1) != 0 { return "text settings invalid" }
        if properties.specs.contains(where: { !($0.std > 0) }) { return "every property std must be > 0" }
        return nil
    }
}
