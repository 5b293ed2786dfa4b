import Foundation

/// Maps a retrieval's top score and margin to P(the top hit is the same material), and flags
/// out-of-distribution queries — per task (the score scales of modalities differ), fitted on the
/// validation split and stored in the bundle as `calibration.json`.
///
/// Model: Platt scaling, P = σ(a·score + b·margin + c), fitted by Newton's method on the
/// log-loss with a small ridge (1e-3) for stability. OOD: a query whose top score is below the
/// `oodQuantile` (5 %) quantile of the validation top scores is flagged.
public struct Calibration: Codable, Hashable, Sendable {
    public static let fileName = "calibration.json"

    public struct Entry: Codable, Hashable, Sendable {
        public var a: Double
        public var b: Double
        public var c: Double
        /// Top-1 scores below this flag the query as out of distribution.
        public var oodThreshold: Double
        /// Validation queries the fit used.
        public var samples: Int

        public func probability(score: Double, margin: Double) -> Double {
            1 / (1 + exp(-(a * score + b * margin + c)))
        }
    }

    public var version = 1
    public var method = "Platt scaling on (top-1 cosine, top-1 − top-2 margin), per query task; OOD below the 5% quantile of validation top-1 scores"
    public var fittedOn = "validation"
    /// Keyed by `EvaluationTask.key`.
    public var tasks: [String: Entry] = [:]

    public init() {}

    public static let oodQuantile = 0.05

    /// Fits one task's entry.
    public static func fit(_ outcomes: [QueryOutcome]) -> Entry {
        let xs = outcomes.map { [$0.topScore, $0.margin, 1.0] }
        let ys = outcomes.map { $0.topIsRelevant ? 1.0 : 0.0 }
        var w = [0.0, 0.0, 0.0]
        let ridge = 1e-3
        for _ in 0..<50 {
            var grad = [0.0, 0.0, 0.0]
            var hess = [[Double]](repeating: [0, 0, 0], count: 3)
            for (x, y) in zip(xs, ys) {
                let p = 1 / (1 + exp(-(w[0] * x[0] + w[1] * x[1] + w[2] * x[2])))
                for i in 0..<3 {
                    grad[i] += (p - y) * x[i]
                    for j in 0..<3 { hess[i][j] += p * (1 - p) * x[i] * x[j] }
                }
            }
            for i in 0..<3 { grad[i] += ridge * w[i]; hess[i][i] += ridge }
            guard let step = solve3(hess, grad) else { break }
            for i in 0..<3 { w[i] -= step[i] }
            if step.map(Swift.abs).max() ?? 0 < 1e-8 { break }
        }
        let sorted = outcomes.map(\.topScore).sorted()
        let threshold = sorted.isEmpty ? -1 : sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * oodQuantile))]
        return Entry(a: w[0], b: w[1], c: w[2], oodThreshold: threshold, samples: outcomes.count)
    }

    /// Expected calibration error with `bins` equal-width probability bins: Σ_b (n_b/N)·|acc_b − conf_b|.
    public static func expectedCalibrationError(probabilities: [Double], correct: [Bool], bins: Int = 10) -> Double {
        precondition(probabilities.count == correct.count, "one label per probability")
        guard !probabilities.isEmpty else { return 0 }
        var count = [Int](repeating: 0, count: bins), conf = [Double](repeating: 0, count: bins), acc = conf
        for (p, c) in zip(probabilities, correct) {
            let b = Swift.min(bins - 1, Swift.max(0, Int(p * Double(bins))))
            count[b] += 1
            conf[b] += p
            acc[b] += c ? 1 : 0
        }
        var ece = 0.0
        for b in 0..<bins where count[b] > 0 {
            ece += Double(count[b]) / Double(probabilities.count) * Swift.abs(acc[b] / Double(count[b]) - conf[b] / Double(count[b]))
        }
        return ece
    }

    /// Gaussian elimination with partial pivoting for a 3×3 system.
    static func solve3(_ m: [[Double]], _ v: [Double]) -> [Double]? {
        var a = m.enumerated().map { $0.element + [v[$0.offset]] }
        for col in 0..<3 {
            guard let pivot = (col..<3).max(by: { Swift.abs(a[$0][col]) < Swift.abs(a[$1][col]) }),
                  Swift.abs(a[pivot][col]) > 1e-12 else { return nil }
            a.swapAt(col, pivot)
            for r in 0..<3 where r != col {
                let f = a[r][col] / a[col][col]
                for k in col..<4 { a[r][k] -= f * a[col][k] }
            }
        }
        return (0..<3).map { a[$0][3] / a[$0][$0] }
    }

    public func save(to url: URL) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        try e.encode(self).write(to: url, options: .atomic)
    }

    public static func load(from url: URL) throws -> Calibration {
        try JSONDecoder().decode(Calibration.self, from: Data(contentsOf: url))
    }
}
