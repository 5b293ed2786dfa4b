import ArgumentParser
import Corpus
import Encoders
import Foundation
import Learning
import Training

/// `matlas eval`: retrieval metrics of a model bundle on a corpus split, with baselines,
/// calibration (fitted on validation, stored as `calibration.json`) and OOD flag rates.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a model bundle: every query modality → crystal and crystal → text, with baselines.")

    @Option(help: "Model bundle directory.") var model: String
    @Option(help: "Split: validation or test (train: for tuning; writes neither card nor calibration).")
    var split: String = "validation"
    @Option(help: "Corpus directory (holding materials.jsonl.gz).") var corpus: String = "Corpora/amcsd"
    @Option(help: "Where to write the JSON report (default <model>/eval-<split>.json).") var out: String?
    @Option(help: "Threads for BLAS and featurisation.") var threads: Int = 2
    @Option(name: .customLong("max-queries"), help: "Cap queries per task (smoke runs).") var maxQueries: Int?
    @Option(name: .customLong("write-fixture"), help: "Also write the shipped-model test fixture (validation split) into this directory.")
    var writeFixture: String?
    @Option(name: .customLong("rerank-candidates"), help: "XRD re-rank: nearest materials re-ranked by the pattern.")
    var rerankCandidates: Int = PatternMatch().candidates
    @Option(name: .customLong("rerank-window-candidates"), help: "XRD re-rank: nearest materials re-ranked for a partial window.")
    var rerankWindowCandidates: Int = PatternMatch().windowCandidates
    @Option(name: .customLong("rerank-weight"), help: "XRD re-rank: weight of the pattern score.")
    var rerankWeight: Float = PatternMatch().weight
    @Option(name: .customLong("rerank-tolerance"), help: "XRD re-rank: peak tolerance in grid points.")
    var rerankTolerance: Int = PatternMatch().tolerance
    @Option(help: "Only these tasks, comma-separated keys (tuning: writes neither card nor calibration).")
    var tasks: String?
    @Option(name: .customLong("lattice-candidates"), help: "Micrograph re-rank: nearest materials re-ranked by lattice.")
    var latticeCandidates: Int = LatticeMatch().candidates
    @Option(name: .customLong("lattice-weight"), help: "Micrograph re-rank: weight of the lattice score.")
    var latticeWeight: Float = LatticeMatch().weight
    @Flag(name: .customLong("no-card"), help: "Do not write the table into MODEL_CARD.md.") var noCard = false

    func validate() throws {
        guard ["validation", "test", "train"].contains(split) else { throw ValidationError("--split must be validation or test") }
        guard rerankCandidates >= 1, rerankWindowCandidates >= 1, rerankTolerance >= 0, rerankWeight.isFinite else {
            throw ValidationError("--rerank-candidates and --rerank-window-candidates must be ≥ 1, --rerank-tolerance ≥ 0, --rerank-weight finite")
        }
        if let tasks {
            let keys = Set(EvaluationTask.allCases.map(\.key))
            for t in tasks.split(separator: ",") where !keys.contains(String(t)) {
                throw ValidationError("--tasks: unknown task \(t); use " + keys.sorted().joined(separator: ", "))
            }
        }
        guard latticeCandidates >= 1, latticeWeight.isFinite else { throw ValidationError("--lattice-candidates must be ≥ 1, --lattice-weight finite") }
        guard threads >= 1 else { throw ValidationError("--threads must be ≥ 1") }
    }

    func run() throws {
        Learning.setThreadCount(threads)
        @Sendable func log(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }
        let modelURL = URL(fileURLWithPath: model)
        let bundle = try ModelBundle.load(from: modelURL)
        let corpusSplit = CorpusSplit(rawValue: split) ?? .validation
        let records = try MaterialDataset.records(corpusFile: (corpus as NSString).appendingPathComponent("materials.jsonl.gz"),
                                                  split: corpusSplit)
        let dataset = MaterialDataset.prepare(records, split: corpusSplit, featurizer: bundle.featurizer, maxSites: nil,
                                              threads: threads)
        log("\(split): \(dataset.count) materials (\(dataset.skipped.count) could not be prepared)")
        let calibrationURL = modelURL.appendingPathComponent(Calibration.fileName)
        var given: Calibration?
        if corpusSplit == .test {
            guard FileManager.default.fileExists(atPath: calibrationURL.path) else {
                throw ValidationError("no \(Calibration.fileName) in \(model): run `matlas eval --split validation` first")
            }
            given = try Calibration.load(from: calibrationURL)
        }
        var evaluator = Evaluator(bundle: bundle, dataset: dataset, maxQueries: maxQueries)
        evaluator.seed = 1234
        evaluator.patternMatch = PatternMatch(tolerance: rerankTolerance, weight: rerankWeight, candidates: rerankCandidates,
                                              windowCandidates: rerankWindowCandidates)
        evaluator.latticeMatch = LatticeMatch(weight: latticeWeight, candidates: latticeCandidates)
        let subset = tasks.map { t in EvaluationTask.allCases.filter { t.split(separator: ",").map(String.init).contains($0.key) } }
        evaluator.tasks = subset
        // `matlas serve` indexes every record of the corpus: the XRD re-rank is scaled to match.
        evaluator.servedCorpusSize = try CorpusReader<MaterialRecord>(path: (corpus as NSString).appendingPathComponent("materials.jsonl.gz"))
            .forEach { _ in }
        let (report, calibration) = try evaluator.run(calibration: given, log: log)
        if corpusSplit == .validation, maxQueries == nil, subset == nil { try calibration.save(to: calibrationURL) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let outURL = URL(fileURLWithPath: out ?? modelURL.appendingPathComponent("eval-\(split).json").path)
        try encoder.encode(report).write(to: outURL, options: .atomic)
        log(report.markdown)
        if !noCard, maxQueries == nil, subset == nil, corpusSplit != .train {
            let cardURL = modelURL.appendingPathComponent(ModelBundle.modelCardFile)
            let card = (try? String(contentsOf: cardURL, encoding: .utf8)) ?? "# \(bundle.config.name)\n"
            try ModelCard.replacingEvaluation(in: card, split: split, with: report.markdown)
                .write(to: cardURL, atomically: true, encoding: .utf8)
        }
        log("wrote \(outURL.path)")
        if let writeFixture {
            let fixture = try ShippedModelFixture.make(bundle: bundle, records: records)
            try fixture.write(to: URL(fileURLWithPath: writeFixture))
            log("wrote fixture of \(fixture.materials.count) materials to \(writeFixture)")
        }
    }
}
