import Foundation

/// Maps a retrieval score (cosine, −1…1) to a calibrated probability that the hit is the same material
/// as the query, and flags queries far from everything indexed (out of distribution).
///
/// Read from the model bundle's `calibration.json` (written by training, fitted on the validation
/// split). Accepted shape — a logistic model on the top score and the margin to the second hit:
/// ```json
/// {"method": "platt", "a": 9.1, "b": -5.2, "margin": 3.0, "ood_threshold": 0.41}
/// ```
/// giving P = σ(a·score + margin·(score − next) + b). Keys `slope`/`intercept` and
/// `coefficients: {score, margin, intercept}` are read too; a `per_modality` object may hold the same
/// shape per query modality. Without a file the **fallback** is σ(12·(score − 0.6)) with the OOD
/// threshold 0.3 — a monotone placeholder, reported as `"calibration": "fallback"` in `info` and in
/// every search result, so a client never mistakes it for a fitted probability.
public struct Calibration: Sendable, Equatable {
    /// One logistic model.
    public struct Logistic: Sendable, Equatable {
        public var scoreWeight: Double
        public var marginWeight: Double
        public var intercept: Double
        /// Top-1 scores below this flag the query as out of distribution.
        public var oodThreshold: Double

        public func probability(score: Double, margin: Double) -> Double {
            let z = scoreWeight * score + marginWeight * margin + intercept
            return 1 / (1 + Foundation.exp(-z))
        }
    }

    /// `"fallback"` or the file it was read from.
    public var source: String
    public var global: Logistic
    /// Per query modality (`text`, `spectrum`, …), when the file gives them.
    public var perModality: [String: Logistic]

    /// The placeholder used when the bundle has no calibration.
    public static let fallback = Calibration(
        source: "fallback",
        global: Logistic(scoreWeight: 12, marginWeight: 0, intercept: -7.2, oodThreshold: 0.3),
        perModality: [:])

    public var isFitted: Bool { source != "fallback" }

    /// The calibration of the bundle in `directory`, or `.fallback` when it has no `calibration.json`.
    /// - Throws: `ProtocolError(.unavailable)` when the file exists but cannot be read.
    public static func load(modelDirectory directory: URL) throws -> Calibration {
        let url = directory.appendingPathComponent("calibration.json")
        guard let data = try? Data(contentsOf: url) else { return .fallback }
        guard let value = try? JSONParser().parse(String(decoding: data, as: UTF8.self)) else {
            throw ProtocolError(.unavailable, "\(url.path): not a calibration this server understands")
        }
        if let tasks = value["tasks"]?.objectValue { return try fromTasks(tasks, url: url) }
        guard let global = logistic(value, default: fallback.global) else {
            throw ProtocolError(.unavailable, "\(url.path): not a calibration this server understands")
        }
        var per: [String: Logistic] = [:]
        if let object = value["per_modality"]?.objectValue {
            for (name, v) in object { if let l = logistic(v, default: global) { per[name] = l } }
        }
        return Calibration(source: url.lastPathComponent, global: global, perModality: per)
    }

    /// Query modality → the evaluation task whose fit applies to it (`matlas eval`'s task names).
    static let taskForModality = ["text": "description", "composition": "composition", "spectrum": "xrd_full",
                                  "micrograph": "micrograph", "properties": "properties",
                                  Calibration.micrographWithoutPixelSize: "micrograph_model"]

    /// The key of the fit for a micrograph query without a pixel size (ranked by the model's cosine
    /// alone, while `micrograph` is fitted on the lattice re-rank's scores).
    public static let micrographWithoutPixelSize = "micrograph (no pixel size)"

    /// Reads the shape `matlas train`/`matlas eval` write: `{"tasks": {name: {a, b, c, oodThreshold}}}`
    /// with P = σ(a·top1 + b·(top1 − top2) + c). Multi-modal and crystal queries use the text
    /// (`description`) fit, the task with the most validation queries.
    static func fromTasks(_ tasks: [String: JSONValue], url: URL) throws -> Calibration {
        var fits: [String: Logistic] = [:]
        for (name, v) in tasks {
            guard let a = v["a"]?.doubleValue, let b = v["b"]?.doubleValue, let c = v["c"]?.doubleValue else { continue }
            let t = v["oodThreshold"]?.doubleValue ?? fallback.global.oodThreshold
            fits[name] = Logistic(scoreWeight: a, marginWeight: b, intercept: c, oodThreshold: t)
        }
        guard let global = fits["description"] ?? fits.values.first else {
            throw ProtocolError(.unavailable, "\(url.path): no usable task in \"tasks\"")
        }
        var per: [String: Logistic] = [:]
        for (modality, task) in taskForModality { if let f = fits[task] { per[modality] = f } }
        return Calibration(source: url.lastPathComponent, global: global, perModality: per)
    }

    static func logistic(_ v: JSONValue, default d: Logistic) -> Logistic? {
        guard v.objectValue != nil else { return nil }
        let c = v["coefficients"]
        let a = v["a"]?.doubleValue ?? v["slope"]?.doubleValue ?? c?["score"]?.doubleValue
        let b = v["b"]?.doubleValue ?? v["intercept"]?.doubleValue ?? c?["intercept"]?.doubleValue
        guard let a, let b else { return nil }
        let m = v["margin"]?.doubleValue ?? c?["margin"]?.doubleValue ?? 0
        let t = v["ood_threshold"]?.doubleValue ?? v["ood"]?["threshold"]?.doubleValue ?? d.oodThreshold
        return Logistic(scoreWeight: a, marginWeight: m, intercept: b, oodThreshold: t)
    }

    /// The model for a query of these modalities (a single-modality query uses its own when present).
    /// A micrograph without pixel size falls back to the micrograph fit when the file has no
    /// model-only one.
    public func model(for modalities: [String]) -> Logistic {
        if modalities.count == 1, let m = perModality[modalities[0]] { return m }
        if modalities == [Self.micrographWithoutPixelSize], let m = perModality["micrograph"] { return m }
        return global
    }
}
