import Chemistry
import Encoders
import Foundation
import Index

extension Atlas {
    /// `precedents {id | formula | text, k = 5 (1…100)}` → the literature references and description
    /// records of the material(s) nearest to the query, with provenance, ready to cite.
    ///
    /// `id`: that material first, then its nearest neighbours. `formula`: materials with exactly that
    /// reduced formula first (`relation: "same formula"`), then the nearest by composition. `text`: the
    /// nearest by the text encoder. Each reference carries a ready `citation` string.
    func precedents(_ p: Parameters) throws -> JSONValue {
        let start = ContinuousClock.now
        let k = try p.int("k", default: 5, in: 1...100)
        let given = ["id", "formula", "text"].filter { p.contains($0) }
        guard given.count == 1 else {
            throw ProtocolError.invalidParams("give exactly one of id, formula, text", field: given.count > 1 ? given[1] : "id")
        }
        var ordered: [(record: MaterialRecord, score: Float, relation: String)] = []
        var seen = Set<String>()
        func add(_ hits: [VectorStore.Hit], _ relation: String) {
            for h in hits where ordered.count < k && seen.insert(h.id.rawValue).inserted { ordered.append((h.record, h.score, relation)) }
        }
        /// Hits with only the description records read (what this method renders besides the summary).
        func nearest(_ vector: [Float], k: Int, filter: Filter? = nil) throws -> [VectorStore.Hit] {
            try storeCall { try store.search(vector, k: k, filter: filter, modalities: ["text"]) }
        }
        let query: JSONValue
        switch given[0] {
        case "id":
            let id = try Atlas.materialID(p)
            guard let vector = store.vector(for: MaterialID(id)) else {
                throw ProtocolError(.notFound, "no material with id \"\(id.prefix(128))\"", field: "id")
            }
            let hits = try nearest(vector, k: k + 1)
            let own = try storeCall { try store.record(for: MaterialID(id)) }
            if let own {
                seen.insert(own.id.rawValue)
                ordered.append((own, 1, "same material"))
            }
            add(hits, "nearest")
            query = ["id": .string(id)]
        case "formula":
            let text = try p.string("formula", maxLength: 4096)
            let composition = try wire.composition(.string(text), field: "formula")
            let vector = try embed(.composition(composition), field: "formula")
            let exact = Filter.compare(field: .chemicalFormulaReduced, op: .equal, value: .string(composition.reducedFormula))
            add(try nearest(vector, k: k, filter: exact), "same formula")
            add(try nearest(vector, k: k), "nearest")
            query = ["formula": .string(text), "reduced_formula": .string(composition.reducedFormula)]
        default:
            let vector = try embed(.text, p["text"] ?? .null, field: "text")
            add(try nearest(vector, k: k), "nearest")
            query = ["text": p["text"] ?? .null]
        }
        let materials: [JSONValue] = ordered.map { record, score, relation in
            var o: [String: JSONValue] = ["id": .string(record.id.rawValue), "relation": .string(relation),
                                          "score": .number((Double(score) * 1e4).rounded() / 1e4)]
            let s = summary(record)
            for key in ["name", "formula", "space_group"] { if let v = s[key] { o[key] = v } }
            o["references"] = .array((s["references"]?.arrayValue ?? []).map(Atlas.withCitation))
            o["records"] = record.modalities["text"].flatMap { try? JSONParser().parse($0) } ?? .array([])
            o["provenance"] = record.payload.flatMap { parsedPayloads.value($0) }?["provenance"] ?? .null
            return .object(o)
        }
        return .object([
            "query": query, "materials": .array(materials),
            "note": "Cite each source article and the database it came from (AMCSD: Downs & Hall-Wallace 2003).",
            "took_ms": .number(Atlas.milliseconds(since: start)),
        ])
    }

    /// The reference with a `citation` string: `Authors (year) Title. Journal volume, pages.`
    static func withCitation(_ reference: JSONValue) -> JSONValue {
        guard var o = reference.objectValue else { return reference }
        let authors = o["authors"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ", ") ?? ""
        var text = authors.isEmpty ? "" : authors + " "
        if let y = o["year"]?.intValue { text += "(\(y)) " }
        if let t = o["title"]?.stringValue { text += t.hasSuffix(".") ? t + " " : t + ". " }
        if let j = o["journal"]?.stringValue { text += j }
        if let v = o["volume"]?.stringValue { text += " " + v }
        if let pg = o["pages"]?.stringValue { text += ", " + pg }
        o["citation"] = .string(text.trimmingCharacters(in: .whitespaces) + (text.hasSuffix(".") ? "" : "."))
        return .object(o)
    }
}
