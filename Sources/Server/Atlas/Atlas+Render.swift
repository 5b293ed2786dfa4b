import Foundation
import Index

extension Atlas {
    /// The summary of a record every hit carries: `id`, `formula` (reduced), `name`, `space_group`
    /// (the H-M symbol as the source writes it, else the number), `space_group_number`, `crystal_system`,
    /// `elements`, `properties` and `references` (each a JSON object: `title`, `authors`, `journal`, `year`, …).
    func summary(_ record: MaterialRecord) -> [String: JSONValue] {
        let payload = record.payload.flatMap { parsedPayloads.value($0) }
        var o: [String: JSONValue] = ["id": .string(record.id.rawValue)]
        if let f = record.chemicalFormulaReduced { o["formula"] = .string(f) }
        if let n = record.name { o["name"] = .string(n) }
        if let s = payload?["space_group_symbol"]?.stringValue { o["space_group"] = .string(s) }
        else if let n = record.spaceGroupNumber { o["space_group"] = .string(String(n)) }
        if let n = record.spaceGroupNumber { o["space_group_number"] = .number(Double(n)) }
        if let c = record.crystalSystem { o["crystal_system"] = .string(c) }
        o["elements"] = .array(record.elements.map { .string($0) })
        o["properties"] = .object(record.properties.mapValues { .number(($0 * 1e6).rounded() / 1e6) })
        o["references"] = .array(record.references.compactMap { parsedPayloads.value($0) })
        return o
    }

    /// Everything stored about a record (for `get`): the summary plus `cif`, `descriptions`,
    /// `xrd` (the simulated peaks: `{kind, source, wavelength, two_theta_range, peaks: [[2θ, I]]}`),
    /// `formula_as_written` and `provenance`.
    func detail(_ record: MaterialRecord) -> [String: JSONValue] {
        var o = summary(record)
        let parse = { (s: String?) in s.flatMap { try? JSONParser().parse($0) } }
        if let crystal = parse(record.modalities["crystal"]) { o["cif"] = crystal["cif"] ?? .null }
        if let texts = parse(record.modalities["text"]) { o["descriptions"] = texts }
        if let xrd = parse(record.modalities["spectrum"]) { o["xrd"] = xrd }
        let payload = parse(record.payload)
        if let f = payload?["formula"] { o["formula_as_written"] = f }
        if let p = payload?["provenance"] { o["provenance"] = p }
        return o
    }

    /// Hits with scores, calibrated confidences and OOD flags (see `Calibration`).
    /// `confidence` of hit i uses its margin over hit i+1 (0 for the last), both as `ranking` scores
    /// them (the cosine, or for a re-ranked XRD search cosine + weight × pattern score, which is what
    /// the calibration of that task was fitted on); `score` is always the cosine.
    func renderHits(_ hits: [VectorStore.Hit], modalities: [String], ranking: [Float]? = nil,
                    extra: (VectorStore.Hit) -> [String: JSONValue] = { _ in [:] }) -> [JSONValue] {
        let model = calibration.model(for: modalities)
        let ranked = ranking ?? hits.map(\.score)
        precondition(ranked.count == hits.count, "one ranking score per hit")
        return hits.enumerated().map { i, hit in
            var o = summary(hit.record)
            let score = Double(ranked[i])
            let next = i + 1 < hits.count ? Double(ranked[i + 1]) : score
            o["score"] = .number((Double(hit.score) * 1e4).rounded() / 1e4)
            o["confidence"] = .number((model.probability(score: score, margin: score - next) * 1e4).rounded() / 1e4)
            o["ood"] = .bool(score < model.oodThreshold)
            for (k, v) in extra(hit) { o[k] = v }
            return .object(o)
        }
    }
}
