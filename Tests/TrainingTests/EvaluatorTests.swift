import Encoders
import Foundation
import Testing
@testable import Training

/// `matlas eval` on the toy rock-salt set with an untrained model: the table's shape and the XRD
/// re-rank (the served search), whose pattern decides even when the model's cosine cannot.
///
/// Serialized, and the evaluation runs once for both tests: it is the heaviest synchronous test, and
/// two copies at once held both of a 2-core machine's cooperative threads long enough to starve the
/// async MCP tests past their time limits.
@Suite(.serialized) struct EvaluatorTests {
    static let report: Result<EvaluationReport, any Error> = Result {
        let (config, tokenizer, data, _) = try TrainerTests.setUp()
        let bundle = ModelBundle(config: config, model: MultiModalModel(config: config, vocabularySize: tokenizer.vocabularySize),
                                 tokenizer: tokenizer)
        let evaluator = Evaluator(bundle: bundle, dataset: data)
        return try evaluator.run(calibration: nil, log: { _ in }).0
    }

    static func run() throws -> EvaluationReport { try report.get() }

    @Test func xrdRowsComeWithTheReRankAndItFindsEachPattern() throws {
        let report = try Self.run()
        for task in [EvaluationTask.xrdFull, .xrdWindow, .xrdPerturbed, .xrdMo] {
            let methods = report.rows.filter { $0.task == task.rawValue }.map(\.method)
            #expect(methods.first == "matlas", "\(task)")
            #expect(methods.contains { $0.hasPrefix("matlas + pattern re-rank") }, "\(task)")
        }
        #expect(!report.rows.contains { $0.task == EvaluationTask.composition.rawValue && $0.method.contains("re-rank") })
        // Four distinct lattices (4.03–6.29 Å): a clean full Cu pattern re-ranked by its own
        // simulated pattern finds its material first every time (reference: search-match row, R@1 1).
        let reranked = try #require(report.rows.first { $0.task == EvaluationTask.xrdFull.rawValue && $0.method.contains("re-rank") })
        let searchMatch = try #require(report.rows.first { $0.task == EvaluationTask.xrdFull.rawValue && $0.method.hasPrefix("search-match") })
        #expect(searchMatch.metrics.recallAt1 == 1)
        #expect(reranked.metrics.recallAt1 == 1)
        #expect(reranked.metrics.queries == 4)
    }

    @Test func micrographRowComesWithTheLatticeReRankAndItsOwnCalibration() throws {
        let report = try Self.run()
        let rows = report.rows.filter { $0.task == EvaluationTask.micrograph.rawValue }
        #expect(rows.first?.method == "matlas")
        // Four rock salts of distinct lattice constants imaged down [001] with their pixel size:
        // the lattice finds each one first whatever the untrained model's cosine (reference: the
        // spot frequencies 2/a differ by more than the 51 Å field's resolution).
        let lattice = try #require(rows.first { $0.method.hasPrefix("matlas + lattice re-rank") })
        #expect(lattice.metrics.queries == 4 && lattice.metrics.recallAt1 == 1)
        // The served micrograph scores and the model-only ones are calibrated separately.
        #expect(report.calibration.contains { $0.task == EvaluationTask.micrograph.rawValue })
        #expect(report.calibration.contains { $0.task == Evaluator.modelOnlyName(.micrograph) })
        #expect(report.targets.contains { $0.name.hasPrefix("micrograph → crystal R@10, served") })
    }
}
