import Encoders
import Foundation
import Learning
import Text

/// Crystal-anchored multi-modal contrastive training (DESIGN §3): each step featurises a batch
/// with fresh augmentations, embeds every modality, sums the weighted symmetric InfoNCE losses of
/// each pair (`ModalityPair`), clips the gradient, takes an AdamW step (decay on matrices only, the
/// logit scale excluded) and clamps the logit scale to ≤ log 100. Checkpoints each epoch; resumable.
public final class Trainer {
    public let options: TrainingOptions
    public let config: ModelConfig
    public let model: MultiModalModel
    public let featurizer: Featurizer
    public let dataset: MaterialDataset
    let decayOptimizer: AdamW
    let sampler: GroupBatchSampler
    public let stepsPerEpoch: Int
    public private(set) var completedEpochs = 0
    public private(set) var step = 0
    /// Wall seconds spent in `train` (accumulated over resumes).
    public private(set) var elapsedSeconds: Double = 0
    /// Per epoch: mean loss per pair.
    public private(set) var history: [[String: Float]] = []

    public init(config: ModelConfig, tokenizer: BPETokenizer?, dataset: MaterialDataset, options: TrainingOptions) {
        self.options = options
        self.config = config
        self.dataset = dataset
        model = MultiModalModel(config: config, vocabularySize: tokenizer?.vocabularySize ?? 261)
        featurizer = Featurizer(config: config, tokenizer: tokenizer)
        let groups = dataset.materials.map(\.group)
        var ids: [String: Int] = [:]
        let groupIDs = groups.map { g in
            if let i = ids[g] { return i }
            ids[g] = ids.count
            return ids.count - 1
        }
        sampler = GroupBatchSampler(groups: groupIDs, batchSize: options.batchSize, seed: options.seed)
        let full = sampler.stepsPerEpoch
        stepsPerEpoch = options.maxStepsPerEpoch.map { Swift.min($0, full) } ?? full
        let groupsOfParameters = model.parameterGroups
        decayOptimizer = AdamW(parameters: groupsOfParameters.decay + groupsOfParameters.noDecay,
                               learningRate: options.learningRate, weightDecay: options.weightDecay,
                               excludedFromDecay: groupsOfParameters.noDecay)
    }

    public var totalSteps: Int { stepsPerEpoch * options.epochs }

    /// Warm-up (at most a quarter of the run) then cosine decay.
    var schedule: WarmupCosineSchedule {
        let total = Swift.max(totalSteps, 2)
        return WarmupCosineSchedule(peak: options.learningRate, floor: options.learningRate * options.finalFraction,
                                    warmupSteps: Swift.min(options.warmupSteps, total / 4), totalSteps: total)
    }

    /// The weighted loss of one batch and each pair's value.
    public func loss(_ batch: TrainingBatch) throws -> (total: Tensor, pairs: [ModalityPair: Float]) {
        let scale = model.logitScale
        let crystal = try model.encode(batch.crystals)
        var terms: [(ModalityPair, Tensor)] = []
        var compositionEmbedding: Tensor?
        func contrast(_ pair: ModalityPair, _ rows: [Int], _ z: Tensor) {
            guard rows.count >= 2 else { return }
            terms.append((pair, ContrastiveLoss.symmetric(z, crystal.indexSelect(rows), logScale: scale)))
        }
        if batch.composition.rows.count >= 2 {
            let z = try model.encode(batch.composition.items)
            compositionEmbedding = z
            contrast(.compositionCrystal, batch.composition.rows, z)
        }
        if batch.spectrum.rows.count >= 2 { contrast(.spectrumCrystal, batch.spectrum.rows, try model.encode(batch.spectrum.items)) }
        if batch.micrograph.rows.count >= 2 {
            contrast(.micrographCrystal, batch.micrograph.rows, try model.encode(batch.micrograph.items))
        }
        if batch.properties.rows.count >= 2 {
            contrast(.propertiesCrystal, batch.properties.rows, try model.encode(batch.properties.items))
        }
        let nd = batch.description.items.count, nt = batch.title.items.count
        if nd + nt >= 2 {
            let z = try model.encode(batch.description.items + batch.title.items)
            if nd >= 2 {
                let zd = z.slice(axis: 0, 0..<nd)
                contrast(.descriptionCrystal, batch.description.rows, zd)
                if let zc = compositionEmbedding {
                    // Rows with both a description and a composition.
                    let compRow = Dictionary(uniqueKeysWithValues: batch.composition.rows.enumerated().map { ($1, $0) })
                    var dIdx: [Int] = [], cIdx: [Int] = []
                    for (i, r) in batch.description.rows.enumerated() {
                        if let j = compRow[r] { dIdx.append(i); cIdx.append(j) }
                    }
                    if dIdx.count >= 2 {
                        terms.append((.descriptionComposition,
                                      ContrastiveLoss.symmetric(zd.indexSelect(dIdx), zc.indexSelect(cIdx), logScale: scale)))
                    }
                }
            }
            if nt >= 2 { contrast(.titleCrystal, batch.title.rows, z.slice(axis: 0, nd..<(nd + nt))) }
        }
        precondition(!terms.isEmpty, "a batch without any pair")
        var total = terms[0].1 * options.weight(terms[0].0)
        for (p, t) in terms.dropFirst() { total = total + t * options.weight(p) }
        var values: [ModalityPair: Float] = [:]
        for (p, t) in terms { values[p] = t.scalarValue }
        return (total, values)
    }

    /// Runs the remaining epochs. `log` receives progress lines; `checkpoint` is called after each
    /// epoch (save there).
    public func train(log: (String) -> Void, checkpoint: (Trainer) throws -> Void) throws {
        let modalities = Set(config.modalities)
        model.setTraining(true)
        defer { model.setTraining(false) }
        while completedEpochs < options.epochs {
            let epoch = completedEpochs
            let batches = Array(sampler.batches(epoch: epoch).prefix(stepsPerEpoch))
            var sums: [ModalityPair: Double] = [:], counts: [ModalityPair: Int] = [:]
            let epochStart = Date()
            var items = 0
            let schedule = self.schedule
            for (b, indices) in batches.enumerated() {
                let seed = options.seed &+ UInt64(epoch) &* 1_000_003 &+ UInt64(b) &* 0xBF58_476D_1CE4_E5B9
                let batch = TrainingBatch.make(indices, dataset: dataset, featurizer: featurizer,
                                               modalities: modalities, seed: seed, threads: options.threads)
                decayOptimizer.learningRate = schedule.learningRate(at: step)
                let (total, pairs) = try loss(batch)
                total.backward()
                Learning.clipGradientNorm(decayOptimizer.parameters, maxNorm: options.gradientClip)
                decayOptimizer.step()
                decayOptimizer.zeroGrad()
                ContrastiveLoss.clampLogScale(model.logitScale)
                step += 1
                items += indices.count
                for (p, v) in pairs { sums[p, default: 0] += Double(v); counts[p, default: 0] += 1 }
                if b % 10 == 0 || b == batches.count - 1 {
                    let secs = Date().timeIntervalSince(epochStart)
                    let rate = Double(items) / Swift.max(secs, 1e-9)
                    let stepsLeft = Double(totalSteps - step)
                    let eta = stepsLeft * secs / Double(b + 1)
                    let pairText = ModalityPair.allCases.compactMap { p in
                        pairs[p].map { "\(p.rawValue)=\(String(format: "%.3f", $0))" }
                    }.joined(separator: " ")
                    log(String(format: "epoch %d/%d step %d/%d loss %.3f scale %.1f lr %.2e %.1f items/s ETA %@ | ",
                               epoch + 1, options.epochs, b + 1, batches.count, total.scalarValue,
                               Foundation.exp(model.logitScale.scalarValue), decayOptimizer.learningRate, rate,
                               Self.duration(eta)) + pairText)
                }
            }
            elapsedSeconds += Date().timeIntervalSince(epochStart)
            var means: [String: Float] = [:]
            for (p, s) in sums { means[p.rawValue] = Float(s / Double(counts[p] ?? 1)) }
            history.append(means)
            completedEpochs += 1
            log("epoch \(epoch + 1) done in \(Self.duration(Date().timeIntervalSince(epochStart))): "
                + means.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.3f", $0.value))" }.joined(separator: " "))
            try checkpoint(self)
        }
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }

    // MARK: checkpoints

    struct State: Codable {
        var completedEpochs: Int
        var step: Int
        var elapsedSeconds: Double
        var history: [[String: Float]]
        var options: TrainingOptions
    }

    /// Writes `weights.safetensors`, `optimizer.safetensors` and `state.json` into `directory`.
    public func saveCheckpoint(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try model.save(to: directory.appendingPathComponent("weights.safetensors"))
        try Safetensors.write(decayOptimizer.stateDict, to: directory.appendingPathComponent("optimizer.safetensors"))
        let state = State(completedEpochs: completedEpochs, step: step, elapsedSeconds: elapsedSeconds,
                          history: history, options: options)
        try JSONEncoder().encode(state).write(to: directory.appendingPathComponent("state.json"), options: .atomic)
    }

    /// Restores a checkpoint written by `saveCheckpoint` (same config and options).
    public func loadCheckpoint(from directory: URL) throws {
        let state = try JSONDecoder().decode(State.self, from: Data(contentsOf: directory.appendingPathComponent("state.json")))
        try model.load(from: directory.appendingPathComponent("weights.safetensors"))
        try decayOptimizer.load(stateDict: Safetensors.read(from: directory.appendingPathComponent("optimizer.safetensors")).tensors)
        completedEpochs = state.completedEpochs
        step = state.step
        elapsedSeconds = state.elapsedSeconds
        history = state.history
    }
}
