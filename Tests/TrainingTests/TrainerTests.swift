import Chemistry
import Corpus
import Encoders
import Foundation
import Learning
import Testing
import Text
@testable import Training

@Suite struct TrainerTests {
    /// Four rock-salt compounds as a toy training set (distinct groups, every modality but micrographs
    /// skipped nowhere).
    static func dataset(featurizer: Featurizer) throws -> MaterialDataset {
        let compounds: [(String, String, Double)] = [("Na", "Cl", 5.64), ("K", "Cl", 6.29), ("Mg", "O", 4.21), ("Li", "F", 4.03)]
        var materials: [TrainingMaterial] = []
        for (i, (a, b, edge)) in compounds.enumerated() {
            let lattice = Lattice(a: edge, b: edge, c: edge, alpha: 90, beta: 90, gamma: 90)
            let f: [SIMD3<Double>] = [SIMD3(0, 0, 0), SIMD3(0.5, 0.5, 0), SIMD3(0.5, 0, 0.5), SIMD3(0, 0.5, 0.5)]
            let ea = try #require(Element(symbol: a)), eb = try #require(Element(symbol: b))
            let crystal = Crystal(lattice: lattice, sites: f.map { Site(ea, at: $0) } + f.map { Site(eb, at: $0 + SIMD3(0.5, 0, 0)) })
            let composition = try Composition(parsing: a + b)
            materials.append(TrainingMaterial(
                id: MaterialID(rawValue: "test:\(i)"), identity: "formula:\(a)\(b)", group: "\(a)\(b)", name: "\(a)\(b)",
                reducedFormula: "\(a)\(b)", crystal: crystal, crystalFeatures: try featurizer.crystal(crystal), siteCount: 8,
                composition: composition, compositionFeatures: try featurizer.composition(composition),
                reflections: try Reflections(crystal: crystal, qMax: featurizer.config.spectrum.qMax),
                description: "\(a)\(b) crystallizes in the cubic Fm-3m space group.", title: "The structure of \(a)\(b)",
                properties: ["density": 2 + Double(i), "volume_per_site": edge * edge * edge / 8]))
        }
        return MaterialDataset(materials: materials, split: .train)
    }

    static func setUp() throws -> (ModelConfig, BPETokenizer, MaterialDataset, TrainingOptions) {
        var config = ModelConfig.small
        config.micrograph.size = 16
        let tokenizer = BPETokenizer.train(texts: ["NaCl crystallizes in the cubic Fm-3m space group."], vocabularySize: 300)
        let data = try dataset(featurizer: Featurizer(config: config, tokenizer: tokenizer))
        var options = TrainingOptions()
        options.epochs = 2
        options.batchSize = 4
        options.threads = 1
        options.warmupSteps = 1
        return (config, tokenizer, data, options)
    }

    @Test func everyPairContributesAFiniteLoss() throws {
        let (config, tokenizer, data, options) = try Self.setUp()
        let trainer = Trainer(config: config, tokenizer: tokenizer, dataset: data, options: options)
        let batch = TrainingBatch.make([0, 1, 2, 3], dataset: data, featurizer: trainer.featurizer,
                                       modalities: Set(config.modalities), seed: 1, threads: 1)
        let (total, pairs) = try trainer.loss(batch)
        #expect(total.scalarValue.isFinite)
        // All seven pairs are present (every toy material has every modality).
        #expect(Set(pairs.keys) == Set(ModalityPair.allCases))
        // Each InfoNCE term of 4 items is near ln 4 at initialisation (within a factor 3 either way).
        for (_, v) in pairs { #expect(v > 0.4 && v < 4.2) }
    }

    @Test func checkpointRoundTripResumesExactly() throws {
        let (config, tokenizer, data, options) = try Self.setUp()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("matlas-trainer-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let trainer = Trainer(config: config, tokenizer: tokenizer, dataset: data, options: options)
        var lines: [String] = []
        try trainer.train(log: { lines.append($0) }) { try $0.saveCheckpoint(to: dir) }
        #expect(trainer.completedEpochs == 2)
        #expect(lines.contains { $0.contains("xrd-crystal=") && $0.contains("items/s") && $0.contains("ETA") })
        // The logit scale stays clamped (≤ log 100).
        #expect(trainer.model.logitScale.scalarValue <= ContrastiveLoss.maxLogScale)
        let resumed = Trainer(config: config, tokenizer: tokenizer, dataset: data, options: options)
        try resumed.loadCheckpoint(from: dir)
        #expect(resumed.completedEpochs == 2 && resumed.step == trainer.step)
        for ((n, a), (_, b)) in zip(trainer.model.namedParameters, resumed.model.namedParameters) {
            #expect(a.values == b.values, "\(n) differs after reload")
        }
    }
}
