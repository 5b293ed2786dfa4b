import Chemistry
import Encoders
import Foundation
import Imaging
import Index
import Learning

extension Atlas {
    /// A parsed `query` object: one vector per modality given, fused with `weights`.
    struct Query {
        var vector: [Float]
        var modalities: [String]
        /// The spectrum input, when the query had one (for `matched_peaks`), and its features on
        /// the model grid (for the pattern re-rank).
        var spectrum: SpectrumInput?
        var spectrumFeatures: SpectrumFeatures?
        /// The micrograph and its pixel size when given (for the lattice re-rank, which only
        /// `search` computes).
        var micrograph: (image: Image, pixelSize: Double?)?

        /// The calibration keys of the query: its modalities, with a micrograph without pixel size
        /// read by the model-only fit (its scores are cosines, not re-ranked ones).
        var calibrationKeys: [String] {
            modalities.map { $0 == "micrograph" && micrograph?.pixelSize == nil ? Calibration.micrographWithoutPixelSize : $0 }
        }
    }

    /// Parses and embeds `query: {<modality>: input, …, weights?: {<modality>: w}}` (weights default 1,
    /// each ≥ 0, at least one positive).
    func parseQuery(_ value: JSONValue?, field: String = "query") throws -> Query {
        guard let object = value?.objectValue else {
            throw ProtocolError.invalidParams("\(field) must be an object such as {\"text\": \"…\"}", field: field)
        }
        var weights: [String: Double] = [:]
        if let raw = object["weights"], !raw.isNull {
            guard let w = raw.objectValue else { throw ProtocolError.invalidParams("\(field).weights must be an object", field: "\(field).weights") }
            for (name, v) in w {
                guard Modality(rawValue: name) != nil, object[name] != nil else {
                    throw ProtocolError.invalidParams("\(field).weights.\(name.prefix(64)) names no modality of the query", field: "\(field).weights")
                }
                guard let d = v.doubleValue, d.isFinite, d >= 0, d <= 1e6 else {
                    throw ProtocolError.invalidParams("\(field).weights.\(name) must be a number ≥ 0", field: "\(field).weights.\(name)")
                }
                weights[name] = d
            }
        }
        var parts: [([Float], Float)] = []
        var names: [String] = []
        var spectrum: SpectrumInput?
        var spectrumFeatures: SpectrumFeatures?
        var micrograph: (image: Image, pixelSize: Double?)?
        for key in object.keys.sorted() where key != "weights" {
            guard let modality = Modality(rawValue: key) else {
                throw ProtocolError.invalidParams(
                    "\(field).\(key.prefix(64)) is not a modality; use " + Modality.allCases.map(\.rawValue).joined(separator: ", "),
                    field: "\(field).\(key.prefix(64))")
            }
            let sub = "\(field).\(key)"
            guard bundle.config.modalities.contains(modality) else {
                throw ProtocolError(.unavailable, "the model has no \(modality) encoder", field: sub)
            }
            let input = try wire.input(modality, object[key] ?? .null, field: sub)
            let vector: [Float]
            if case .spectrum(let s) = input {
                // Featurised once: the embedding and the re-rank read the same grid.
                do {
                    let features = try bundle.featurizer.spectrum(s)
                    vector = try bundle.embed(features: [.spectrum(features)])[0]
                    (spectrum, spectrumFeatures) = (s, features)
                } catch {
                    throw error.protocolError(prefix: sub)
                }
            } else {
                vector = try embed(input, field: sub)
                if case .micrograph(let image, let pixelSize) = input { micrograph = (image, pixelSize) }
            }
            parts.append((vector, Float(weights[key] ?? 1)))
            names.append(key)
        }
        guard !parts.isEmpty else {
            throw ProtocolError.invalidParams("\(field) has no modality; give e.g. {\"text\": \"…\"}", field: field)
        }
        guard let fused = Atlas.fuse(parts) else {
            throw ProtocolError.invalidParams("\(field).weights leave nothing to search with", field: "\(field).weights")
        }
        return Query(vector: fused, modalities: names, spectrum: spectrum, spectrumFeatures: spectrumFeatures,
                     micrograph: micrograph)
    }

    /// The `query` object, or — for inline commands such as `SEARCH text="…" k=5` (DESIGN §5) — the
    /// modality keys (and `weights`) given at the top level.
    static func queryObject(_ p: Parameters) throws -> JSONValue? {
        let topLevel = p.values.filter { Modality(rawValue: $0.key) != nil || $0.key == "weights" }
        if let query = p["query"], !query.isNull {
            if let extra = topLevel.keys.sorted().first {
                throw ProtocolError.invalidParams("give \(extra) inside query, not beside it", field: extra)
            }
            return query
        }
        return topLevel.isEmpty ? nil : .object(topLevel)
    }

    /// `search {query, k = 10 (1…1000), filter?, target?}` →
    /// `{hits: [{id, score, confidence, ood, formula, name, space_group, …, matched_peaks?, pattern_score?}], ood, calibration, took_ms}`.
    ///
    /// A spectrum-only query re-ranks the `patternMatch.candidates(for:)` nearest materials (300, or
    /// 1,000 for a partial window) by
    /// `score + weight × pattern_score` (the cosine of the query with each hit's simulated pattern
    /// over the measured range): hits are in that order; `score` stays the model's cosine, while
    /// `confidence` and `ood` read the combined score (the XRD calibration is fitted on it).
    ///
    /// A micrograph-only query with `pixel_size` likewise re-ranks the `latticeMatch.candidates`
    /// nearest materials by `score + weight × lattice_score` (`LatticeMatch`: the image's spot
    /// frequencies against each one's zone-axis reflections; the hit says which `zone_axis`).
    /// Without a pixel size the model's order stands, with its own calibration.
    ///
    /// `fields` (optional, e.g. `["id", "score", "formula"]`) keeps only those keys of each hit (`id`
    /// always): a caller that needs no properties, references or elements spares their catalog reads.
    func search(_ p: Parameters) throws -> JSONValue {
        let start = ContinuousClock.now
        let k = try p.int("k", default: 10, in: 1...1000)
        if let target = try p.optionalString("target", maxLength: 64), target != "fused" {
            throw ProtocolError.invalidParams("target must be \"fused\" (the index holds each material's fused vector)", field: "target")
        }
        let filter = try parseFilter(try p.optionalString("filter", maxLength: 8192))
        let fields = try Atlas.hitFields(p)
        let query = try parseQuery(Atlas.queryObject(p))
        let queryPattern = query.modalities == ["spectrum"] ? query.spectrumFeatures : nil
        let queryProfile = query.modalities == ["micrograph"] ? query.micrograph.flatMap { m in
            m.pixelSize.flatMap { latticeMatch.profile(m.image, pixelSize: $0) }
        } : nil
        let hits: [VectorStore.Hit]
        var ranking: [Float]?
        var patternScores: [VectorLabel: Float] = [:]
        var latticeScores: [VectorLabel: (score: Float, axis: SIMD3<Int>?)] = [:]
        if let queryProfile {
            let match = latticeMatch
            let ranked = try storeCall {
                try store.search(query.vector, k: k, candidates: match.candidates, filter: filter, modalities: [],
                                 rescoring: "crystal") { candidates in
                    // Thousands of candidates (each a CIF to read once, then a profile to compare):
                    // scored on two threads.
                    let scored = Learning.parallelMap(candidates.count) { i in
                        zones(candidates[i].payload).map { match.score(query: queryProfile, zones: $0) }
                    }
                    return candidates.indices.map { i in
                        guard let s = scored[i] else { return candidates[i].cosine }
                        latticeScores[candidates[i].label] = s
                        return match.ranking(cosine: candidates[i].cosine, latticeScore: s.score)
                    }
                }
            }
            hits = ranked.map(\.hit)
            ranking = ranked.map(\.ranking)
        } else if let queryPattern {
            let match = patternMatch
            let ranked = try storeCall {
                try store.search(query.vector, k: k, candidates: match.candidates(for: queryPattern), filter: filter, modalities: ["spectrum"],
                                 rescoring: "spectrum") { label, payload, cosine in
                    guard let reference = referencePattern(payload) else { return cosine }
                    let s = match.score(query: queryPattern, reference: reference)
                    patternScores[label] = s
                    return match.ranking(cosine: cosine, patternScore: s)
                }
            }
            hits = ranked.map(\.hit)
            ranking = ranked.map(\.ranking)
        } else {
            var parts = RecordParts.all
            if let fields {
                parts = []
                if fields.contains("elements") { parts.insert(.elements) }
                if fields.contains("properties") { parts.insert(.properties) }
                if fields.contains("references") { parts.insert(.references) }
            }
            hits = try storeCall {
                try store.search(query.vector, k: k, filter: filter, modalities: query.spectrum == nil ? [] : ["spectrum"], parts: parts)
            }
        }
        let matcher = PeakMatcher()
        let queryPeaks = query.spectrum.map {
            matcher.queryPeaks(twoTheta: $0.twoTheta, intensity: $0.intensity, isProfile: $0.kind == .profile)
        }
        let model = calibration.model(for: query.calibrationKeys)
        let rendered = renderHits(hits, modalities: query.calibrationKeys, ranking: ranking) { hit in
            var extra: [String: JSONValue] = [:]
            if let s = patternScores[hit.label] { extra["pattern_score"] = .number((Double(s) * 1e4).rounded() / 1e4) }
            if let s = latticeScores[hit.label] {
                extra["lattice_score"] = .number((Double(s.score) * 1e4).rounded() / 1e4)
                if let a = s.axis { extra["zone_axis"] = .array([a.x, a.y, a.z].map { .number(Double($0)) }) }
            }
            guard let queryPeaks, let spectrum = query.spectrum,
                  let stored = storedPeaks(hit.record.modalities["spectrum"]) else { return extra }
            return extra.merging(matcher.explain(query: queryPeaks, queryWavelength: spectrum.wavelength,
                                                 hitPeaks: stored.peaks, hitWavelength: stored.wavelength)) { a, _ in a }
        }
        let best = Double(ranking?.first ?? hits.first?.score ?? -1)
        let kept = fields.map { keep in
            rendered.map { hit in JSONValue.object((hit.objectValue ?? [:]).filter { keep.contains($0.key) }) }
        } ?? rendered
        return .object([
            "hits": .array(kept),
            "ood": .bool(best < model.oodThreshold),
            "calibration": .string(calibration.source),
            "query_modalities": .array(query.modalities.map { .string($0) }),
            "took_ms": .number(Atlas.milliseconds(since: start)),
        ])
    }

    /// Every key a search hit may carry (`fields` chooses among them).
    static let hitFieldNames: Set<String> = [
        "id", "score", "confidence", "ood", "formula", "name", "space_group", "space_group_number", "crystal_system",
        "elements", "properties", "references", "matched_peaks", "peak_matches", "query_peaks", "pattern_score",
        "lattice_score", "zone_axis",
    ]

    /// `fields`: nil (every key), or the keys to keep (with `id`).
    static func hitFields(_ p: Parameters) throws -> Set<String>? {
        guard let raw = p["fields"], !raw.isNull else { return nil }
        guard let list = raw.arrayValue, list.count <= hitFieldNames.count * 2 else {
            throw ProtocolError.invalidParams("fields must be an array of hit keys such as [\"id\", \"score\", \"formula\"]", field: "fields")
        }
        var out: Set<String> = ["id"]
        for (i, v) in list.enumerated() {
            guard let name = v.stringValue, hitFieldNames.contains(name) else {
                throw ProtocolError.invalidParams("fields[\(i)] is not a hit key; use " + hitFieldNames.sorted().joined(separator: ", "),
                                                  field: "fields[\(i)]")
            }
            out.insert(name)
        }
        return out
    }

    /// The simulated peaks of a record's `spectrum` payload (parsed through the payload cache).
    func storedPeaks(_ payload: String?) -> (peaks: [PeakMatcher.Peak], wavelength: Double, range: ClosedRange<Double>?)? {
        guard let payload, let v = parsedPayloads.value(payload) else { return nil }
        return PeakMatcher.storedPeaks(v)
    }

    /// A record's zone-axis reflections from its `crystal` payload's CIF, for `latticeMatch`
    /// (cached by payload).
    func zones(_ payload: String?) -> [LatticeMatch.Zone]? {
        guard let payload else { return nil }
        return latticeZones.value(payload) { text in
            guard let cif = (try? JSONParser().parse(text))?["cif"]?.stringValue,
                  let crystal = try? Crystal(cif: cif) else { return nil }
            return latticeMatch.zones(crystal)
        }
    }

    /// A record's simulated pattern on the model grid, for `patternMatch` (cached by payload).
    func referencePattern(_ payload: String?) -> [Float]? {
        guard let payload else { return nil }
        return referencePatterns.value(payload) { text in
            guard let stored = storedPeaks(text), !stored.peaks.isEmpty else { return nil }
            let input = SpectrumInput(kind: .peaks, twoTheta: stored.peaks.map(\.twoTheta), intensity: stored.peaks.map(\.intensity),
                                      wavelength: stored.wavelength, twoThetaRange: stored.range ?? 5...90)
            return (try? bundle.featurizer.spectrum(input)).map(\.intensity)
        }
    }
}
