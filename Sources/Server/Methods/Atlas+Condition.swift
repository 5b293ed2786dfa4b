import Chemistry
import Encoders
import Foundation
import Index

extension Atlas {
    /// `condition {text, composition?, properties?, k = 5 (1…100)}` → a conditioning vector for a
    /// structure generator, the nearest exemplar structures and a ready prompt.
    ///
    /// The vector is the normalised mean of the given modalities' vectors (JSON floats and base64
    /// little-endian f32). The prompt is what an autoregressive CIF language model continues:
    /// `data_<formula>` (the composition's reduced formula, else the top exemplar's), then the top
    /// exemplar's space-group line and its six `_cell_` lines.
    func condition(_ p: Parameters) throws -> JSONValue {
        let start = ContinuousClock.now
        let k = try p.int("k", default: 5, in: 1...100)
        var parts: [([Float], Float)] = [(try embed(.text, p["text"] ?? .null, field: "text"), 1)]
        var used = ["text"]
        var composition: Composition?
        if let raw = p["composition"], !raw.isNull {
            let parsed = try wire.composition(raw, field: "composition")
            composition = parsed
            parts.append((try embed(.composition(parsed), field: "composition"), 1))
            used.append("composition")
        }
        if let raw = p["properties"], !raw.isNull {
            parts.append((try embed(.properties, raw, field: "properties"), 1))
            used.append("properties")
        }
        guard let vector = Atlas.fuse(parts) else { throw ProtocolError(.invalidInput, "the inputs cancel out", field: "text") }
        let hits = try storeCall { try store.search(vector, k: k, modalities: ["crystal"]) }
        let exemplars: [JSONValue] = renderHits(hits, modalities: used) { hit in
            let cif = hit.record.modalities["crystal"].flatMap { try? JSONParser().parse($0) }?["cif"]
            return ["cif": cif ?? .null]
        }
        let formula = composition?.reducedFormula ?? hits.first?.record.chemicalFormulaReduced ?? "unknown"
        let topCIF = exemplars.first?["cif"]?.stringValue
        return .object([
            "vector": Atlas.jsonVector(vector),
            "vector_base64": .string(Atlas.base64(vector)),
            "dimension": .number(Double(vector.count)),
            "modalities": .array(used.map { .string($0) }),
            "exemplars": .array(exemplars),
            "prompt": .string(Atlas.cifPrompt(formula: formula, exemplarCIF: topCIF)),
            "took_ms": .number(Atlas.milliseconds(since: start)),
        ])
    }

    /// `data_<formula>` plus the exemplar's space-group and cell lines, one per line, ending in a newline.
    static func cifPrompt(formula: String, exemplarCIF: String?) -> String {
        let block = formula.filter { !$0.isWhitespace }
        var lines = ["data_\(block)"]
        if let cif = exemplarCIF {
            let wanted = ["_symmetry_space_group_name_h-m", "_space_group_name_h-m_alt",
                          "_cell_length_a", "_cell_length_b", "_cell_length_c",
                          "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"]
            var seen = Set<String>()
            var found: [String: String] = [:]
            for raw in cif.split(whereSeparator: \.isNewline) {
                let line = raw.trimmingCharacters(in: .whitespaces)
                guard let tag = line.split(separator: " ", maxSplits: 1).first.map({ $0.lowercased() }),
                      wanted.contains(tag), !seen.contains(tag) else { continue }
                seen.insert(tag)
                found[tag] = line
            }
            // One space-group line (the modern tag is renamed to the one CIF LMs are trained on).
            if let sg = found["_symmetry_space_group_name_h-m"] {
                lines.append(sg)
            } else if let sg = found["_space_group_name_h-m_alt"] {
                lines.append("_symmetry_space_group_name_H-M" + sg.dropFirst("_space_group_name_H-M_alt".count))
            }
            for tag in wanted.dropFirst(2) { if let l = found[tag] { lines.append(l) } }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
