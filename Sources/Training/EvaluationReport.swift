import Foundation

/// What `matlas eval` writes to `eval.json` and renders into the model card.
public struct EvaluationReport: Codable, Sendable {
    public struct Row: Codable, Sendable {
        public var task: String
        public var method: String
        public var metrics: RetrievalMetrics
    }

    public struct CalibrationRow: Codable, Sendable {
        public var task: String
        public var queries: Int
        /// Expected calibration error of P(top-1 is the same material), 10 bins.
        public var expectedCalibrationError: Double
        /// Fraction of top-1 hits that are correct, and the mean predicted probability.
        public var accuracy: Double
        public var meanProbability: Double
    }

    public struct OODRow: Codable, Sendable {
        public var task: String
        /// In-corpus queries (their material is in the gallery) flagged.
        public var inCorpusFlagRate: Double
        /// The same queries with every entry of their material removed from the gallery (a novel material) flagged.
        public var novelMaterialFlagRate: Double
        /// Synthetic nonsense inputs of the modality (random compositions, random peak lists, noise images,
        /// shuffled text), when defined for the task.
        public var syntheticFlagRate: Double?
    }

    public struct Target: Codable, Sendable {
        public var name: String
        public var goal: String
        public var value: Double
        public var threshold: Double
        public var met: Bool
    }

    public var model: String
    public var split: String
    public var galleryMaterials: Int
    public var skippedMaterials: Int
    public var rows: [Row] = []
    /// "validation (in-sample fit)" or "test (fitted on validation)".
    public var calibrationNote: String = ""
    public var calibration: [CalibrationRow] = []
    public var ood: [OODRow] = []
    public var targets: [Target] = []
    public var seconds: Double = 0

    public init(model: String, split: String, galleryMaterials: Int, skippedMaterials: Int) {
        self.model = model
        self.split = split
        self.galleryMaterials = galleryMaterials
        self.skippedMaterials = skippedMaterials
    }

    public func metrics(_ task: EvaluationTask, method: String) -> RetrievalMetrics? {
        rows.first { $0.task == task.rawValue && $0.method == method }?.metrics
    }

    /// The markdown the model card carries.
    public var markdown: String {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        var s = "Split **\(split)**: gallery = all \(galleryMaterials) materials of the split (never in-batch)"
        s += skippedMaterials > 0 ? "; \(skippedMaterials) records could not be prepared.\n\n" : ".\n\n"
        s += "A hit is the same material: the same normalised mineral name (repeat refinements and polymorph labels are one material), "
        s += "else the same reduced formula; composition queries also hit any entry of the same reduced formula. "
        s += "`matlas` rows rank by the model's cosine alone (the learned space); `matlas + pattern re-rank` rows are what "
        s += "`search` serves for an XRD query: the model's nearest materials re-ranked by cosine + w × the cosine of the query "
        s += "with each one's simulated pattern over the measured window (`PatternMatch`); XRD calibration and OOD rows use those scores. "
        s += "`matlas + lattice re-rank` rows are what `search` serves for a micrograph given with its pixel size (the queries here: "
        s += "256 px at 0.2 Å, down the first low-index axis that images): the model's nearest re-ranked by cosine + w × the cosine of the "
        s += "image's radial spot profile with each one's zone-axis reflections, best axis (`LatticeMatch`); the micrograph calibration "
        s += "reads those scores, and a separate model-only fit serves micrographs without a pixel size.\n\n"
        s += "| task | method | queries | R@1 | R@5 | R@10 | MRR |\n|---|---|---:|---:|---:|---:|---:|\n"
        for r in rows {
            let m = r.metrics
            s += "| \(r.task) | \(r.method) | \(m.queries) | \(f(m.recallAt1)) | \(f(m.recallAt5)) | \(f(m.recallAt10)) | \(f(m.meanReciprocalRank)) |\n"
        }
        if !targets.isEmpty {
            s += "\nTargets (measured on the \(split) split; the issue sets them on validation):\n\n| target | goal | value | met |\n|---|---|---:|---|\n"
            for t in targets { s += "| \(t.name) | \(t.goal) | \(f(t.value)) | \(t.met ? "yes" : "**no** (by \(f(Swift.abs(t.threshold - t.value))))") |\n" }
        }
        if !calibration.isEmpty {
            s += "\nCalibration of P(top-1 hit is the same material) — \(calibrationNote):\n\n"
            s += "| task | queries | ECE | top-1 accuracy | mean P |\n|---|---:|---:|---:|---:|\n"
            for c in calibration { s += "| \(c.task) | \(c.queries) | \(f(c.expectedCalibrationError)) | \(f(c.accuracy)) | \(f(c.meanProbability)) |\n" }
        }
        if !ood.isEmpty {
            s += "\nOut-of-distribution flag (top-1 score below the 5 % quantile of validation top-1 scores):\n\n"
            s += "| task | in-corpus flagged | novel material flagged | synthetic nonsense flagged |\n|---|---:|---:|---:|\n"
            for o in ood { s += "| \(o.task) | \(f(o.inCorpusFlagRate)) | \(f(o.novelMaterialFlagRate)) | \(o.syntheticFlagRate.map(f) ?? "—") |\n" }
        }
        s += "\nEvaluated in \(Int(seconds.rounded())) s.\n"
        return s
    }
}
