import ArgumentParser
import Corpus
import Encoders
import Foundation
import Learning
import Text
import Training

/// `matlas train`: tokenizer, contrastive training, checkpoint per epoch, the model bundle.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the six encoders contrastively on a corpus and write a model bundle.")

    @Option(help: "Corpus directory (holding materials.jsonl.gz).")
    var corpus: String = "Corpora/amcsd"
    @Option(help: "Output bundle directory (Models/<name>).")
    var out: String
    @Option(help: "Epochs.") var epochs: Int = 12
    @Option(name: .customLong("batch-size"), help: "Materials per step.") var batchSize: Int = 96
    @Option(help: "Seed for initialisation, data order and augmentation.") var seed: UInt64 = 0
    @Option(help: "Threads for BLAS and featurisation.") var threads: Int = 2
    @Option(name: .customLong("learning-rate"), help: "Peak AdamW learning rate.") var learningRate: Float = 2e-3
    @Option(name: .customLong("max-sites"), help: "Skip structures with more sites.") var maxSites: Int = 160
    @Option(name: .customLong("max-steps"), help: "Cap steps per epoch (smoke runs).") var maxSteps: Int?
    @Option(name: .customLong("max-materials"), help: "Use only the first N training records (smoke runs).")
    var maxMaterials: Int?
    @Option(help: "Model size preset: base or small.") var preset: String = "base"
    @Option(name: .customLong("unpaired-text"), help: "Unpaired text pool for the tokenizer (default: <corpus>/../text/arxiv-condmat.jsonl.gz).")
    var unpairedText: String?
    @Option(name: .customLong("checkpoint-dir"), help: "Checkpoint directory (default .build-train/<name>; kept out of the bundle).")
    var checkpointDir: String?
    @Flag(help: "Resume from the checkpoint directory.") var resume = false

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1") }
        guard batchSize >= 4 else { throw ValidationError("--batch-size must be ≥ 4") }
        guard threads >= 1 else { throw ValidationError("--threads must be ≥ 1") }
        guard ["base", "small"].contains(preset) else { throw ValidationError("--preset must be base or small") }
    }

    func run() throws {
        Learning.setThreadCount(threads)
        let started = Date()
        let commandLine = "matlas " + CommandLine.arguments.dropFirst().joined(separator: " ")
        @Sendable func log(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }
        let outURL = URL(fileURLWithPath: out)
        let checkpointURL = URL(fileURLWithPath: checkpointDir ?? ".build-train/" + outURL.lastPathComponent)
        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = batchSize
        options.seed = seed
        options.threads = threads
        options.learningRate = learningRate
        options.maxSites = maxSites
        options.maxStepsPerEpoch = maxSteps
        var config = preset == "small" ? ModelConfig.small : ModelPresets.base
        config.seed = seed
        config.name = outURL.lastPathComponent

        let corpusFile = (corpus as NSString).appendingPathComponent("materials.jsonl.gz")
        log("reading \(corpusFile)")
        var records = try MaterialDataset.records(corpusFile: corpusFile, split: .train)
        if let maxMaterials { records = Array(records.prefix(maxMaterials)) }
        log("train split: \(records.count) records")

        // Tokenizer: reuse the one saved with a checkpoint when resuming.
        let tokenizerURL = checkpointURL.appendingPathComponent("tokenizer.json")
        let tokenizer: BPETokenizer
        if resume, FileManager.default.fileExists(atPath: tokenizerURL.path) {
            tokenizer = try BPETokenizer.load(from: tokenizerURL)
            log("tokenizer: resumed (\(tokenizer.vocabularySize) ids)")
        } else {
            let pool = unpairedText ?? ((corpus as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent("text/arxiv-condmat.jsonl.gz")
            let texts = try TokenizerTraining.texts(records: records,
                                                   unpairedFile: FileManager.default.fileExists(atPath: pool) ? pool : nil)
            let t0 = Date()
            tokenizer = TokenizerTraining.train(texts: texts, vocabularySize: config.text.vocabularySize)
            try FileManager.default.createDirectory(at: checkpointURL, withIntermediateDirectories: true)
            try tokenizer.save(to: tokenizerURL)
            log("tokenizer: \(tokenizer.vocabularySize) ids from \(texts.count) texts in \(String(format: "%.0f", Date().timeIntervalSince(t0))) s")
        }

        let featurizer = Featurizer(config: config, tokenizer: tokenizer)
        let t1 = Date()
        let dataset = MaterialDataset.prepare(records, split: .train, featurizer: featurizer, maxSites: maxSites,
                                              threads: threads) { done, total in log("prepared \(done)/\(total)") }
        log("dataset: \(dataset.count) materials, \(dataset.skipped.count) skipped (> \(maxSites) sites or unparsable) in \(String(format: "%.0f", Date().timeIntervalSince(t1))) s")

        let trainer = Trainer(config: config, tokenizer: tokenizer, dataset: dataset, options: options)
        if resume, FileManager.default.fileExists(atPath: checkpointURL.appendingPathComponent("state.json").path) {
            try trainer.loadCheckpoint(from: checkpointURL)
            log("resumed after epoch \(trainer.completedEpochs) (step \(trainer.step))")
        }
        log("model: \(trainer.model.parameterCount) parameters; \(trainer.stepsPerEpoch) steps/epoch × \(epochs) epochs")
        try trainer.train(log: log) { t in
            try t.saveCheckpoint(to: checkpointURL)
            let bundle = ModelBundle(config: config, model: t.model, tokenizer: tokenizer)
            let card = ModelCard.training(config: config, options: options, command: commandLine, dataset: dataset,
                                          trainingSeconds: t.elapsedSeconds, history: t.history,
                                          completedEpochs: t.completedEpochs, parameterCount: t.model.parameterCount)
            let withCard = ModelBundle(config: config, model: bundle.model, tokenizer: tokenizer, modelCard: card)
            try withCard.save(to: outURL)
            t.model.setTraining(true)
            log("checkpoint: \(checkpointURL.path); bundle: \(outURL.path)")
        }
        log("done in \(String(format: "%.0f", Date().timeIntervalSince(started))) s (training \(String(format: "%.0f", trainer.elapsedSeconds)) s)")
    }
}
