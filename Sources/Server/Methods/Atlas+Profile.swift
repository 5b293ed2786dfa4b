import Encoders
import Foundation
import Index

extension Atlas {
    /// `profile {targets: {<property>: value | [lo, hi]}, weights?, k = 10 (1…1000), filter?}` → materials
    /// ranked by fit.
    ///
    /// Ranges are hard: they join the filter (`p >= lo AND p <= hi`), so a material without the property
    /// or outside the range is never returned. A candidate pool of max(20·k, 200) (≤ 1000) comes from the
    /// property encoder's vector of the targets (a range counts as its midpoint), then each candidate is
    /// scored: for a value target, closeness = exp(−z²/2) with z the difference in the property's
    /// standardised units (`PropertySpec`: transform, then ÷ corpus std); a met range counts 1; a missing
    /// value 0. fit = Σ wᵢ·closenessᵢ / Σ wᵢ; score = 0.9·fit + 0.1·(cosine + 1)/2 (the embedding only
    /// breaks ties). A value target is "met" when z ≤ 0.25.
    func profile(_ p: Parameters) throws -> JSONValue {
        let start = ContinuousClock.now
        let k = try p.int("k", default: 10, in: 1...1000)
        let targetsObject = try p.object("targets")
        guard !targetsObject.isEmpty, targetsObject.count <= 64 else {
            throw ProtocolError.invalidParams("targets must name 1…64 properties", field: "targets")
        }
        let specs = Dictionary(propertySpecs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        enum Target { case value(Double), range(Double, Double) }
        var targets: [(String, Target, PropertySpec)] = []
        for name in targetsObject.keys.sorted() {
            let field = "targets.\(name.prefix(64))"
            guard let spec = specs[name] else {
                throw ProtocolError.invalidParams("\(field) is not a known property; known: " + specs.keys.sorted().joined(separator: ", "), field: field)
            }
            let raw = targetsObject[name] ?? .null
            if let v = raw.doubleValue, v.isFinite {
                targets.append((name, .value(v), spec))
            } else if let a = raw.arrayValue, a.count == 2, let lo = a[0].doubleValue, let hi = a[1].doubleValue,
                      lo.isFinite, hi.isFinite, lo <= hi {
                targets.append((name, .range(lo, hi), spec))
            } else {
                throw ProtocolError.invalidParams("\(field) must be a number or [lo, hi] with lo ≤ hi", field: field)
            }
        }
        var weights: [String: Double] = [:]
        if let raw = p["weights"], !raw.isNull {
            guard let w = raw.objectValue else { throw ProtocolError.invalidParams("weights must be an object", field: "weights") }
            for (name, v) in w {
                guard targetsObject[name] != nil else {
                    throw ProtocolError.invalidParams("weights.\(name.prefix(64)) names no target", field: "weights.\(name.prefix(64))")
                }
                guard let d = v.doubleValue, d.isFinite, d >= 0 else {
                    throw ProtocolError.invalidParams("weights.\(name) must be a number ≥ 0", field: "weights.\(name)")
                }
                weights[name] = d
            }
        }
        var filter = try parseFilter(try p.optionalString("filter", maxLength: 8192))
        var centre: [String: Double] = [:]
        for (name, target, spec) in targets {
            switch target {
            case .value(let v): centre[name] = v
            case .range(let lo, let hi):
                centre[name] = spec.transform == .log10 && lo > 0 ? (lo * hi).squareRoot() : (lo + hi) / 2
                let clause = Filter.and(.compare(field: .property(name), op: .greaterOrEqual, value: .number(lo)),
                                        .compare(field: .property(name), op: .lessOrEqual, value: .number(hi)))
                filter = filter.map { .and($0, clause) } ?? clause
            }
        }
        let vector = try embed(.properties(centre), field: "targets")
        let pool = min(1000, max(20 * k, 200))
        let candidates = try storeCall { try store.search(vector, k: pool, filter: filter, modalities: []) }

        struct Scored { var hit: VectorStore.Hit; var score: Double; var fit: Double; var explanation: [String: JSONValue] }
        var scored: [Scored] = []
        for hit in candidates {
            var total = 0.0, weightSum = 0.0
            var explanation: [String: JSONValue] = [:]
            for (name, target, spec) in targets {
                let w = weights[name] ?? 1
                weightSum += w
                let value = hit.record.properties[name]
                var e: [String: JSONValue] = ["value": value.map { .number($0) } ?? .null]
                switch target {
                case .range(let lo, let hi):
                    e["target"] = [.number(lo), .number(hi)]
                    let inside = value.map { $0 >= lo && $0 <= hi } ?? false
                    e["meets"] = .bool(inside)
                    if let v = value { e["off_by"] = .number(v < lo ? v - lo : (v > hi ? v - hi : 0)) }
                    if inside { total += w }
                case .value(let t):
                    e["target"] = .number(t)
                    if let v = value, let zv = try? spec.normalize(v), let zt = try? spec.normalize(t) {
                        let z = Double(Swift.abs(zv - zt))
                        total += w * Foundation.exp(-z * z / 2)
                        e["off_by"] = .number(((v - t) * 1e6).rounded() / 1e6)
                        if t != 0 { e["relative"] = .number((((v - t) / Swift.abs(t)) * 1e4).rounded() / 1e4) }
                        e["z"] = .number((z * 1e4).rounded() / 1e4)
                        e["meets"] = .bool(z <= 0.25)
                    } else {
                        e["meets"] = false
                    }
                }
                explanation[name] = .object(e)
            }
            let fit = weightSum > 0 ? total / weightSum : 0
            let score = 0.9 * fit + 0.1 * (Double(hit.score) + 1) / 2
            scored.append(Scored(hit: hit, score: score, fit: fit, explanation: explanation))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.hit.id.rawValue < $1.hit.id.rawValue }
        let top = scored.prefix(k)
        let hits: [JSONValue] = top.map { s in
            var o = summary(s.hit.record)
            o["score"] = .number((s.score * 1e4).rounded() / 1e4)
            o["fit"] = .number((s.fit * 1e4).rounded() / 1e4)
            o["similarity"] = .number((Double(s.hit.score) * 1e4).rounded() / 1e4)
            o["targets"] = .object(s.explanation)
            o["meets_all"] = .bool(s.explanation.values.allSatisfy { $0["meets"]?.boolValue == true })
            return .object(o)
        }
        return .object(["hits": .array(hits), "candidates": .number(Double(candidates.count)),
                        "took_ms": .number(Atlas.milliseconds(since: start))])
    }
}
