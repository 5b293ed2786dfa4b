import Chemistry
import Corpus
import Foundation

/// Reads `Corpora/amcsd/materials.jsonl.gz` (schema: `Corpora/amcsd/SCHEMA.md`) into drafts for
/// `Atlas.ingest`. Each corpus material keeps its CIF (parsed later, in parallel), AMCSD formula and space
/// group, robocrys and gemmology descriptions with their provenance, its properties under the model's
/// names, and its references (the source article, then the AMCSD citation).
public enum CorpusIngest {
    /// The drafts of every readable record; malformed lines are reported through `log` and skipped.
    /// - Parameter limit: stop after this many records (tests, smoke runs).
    /// - Throws: `CorpusError` when the file cannot be opened or is corrupt.
    public static func drafts(path: String, limit: Int? = nil, log: (String) -> Void = { _ in }) throws -> [MaterialDraft] {
        let reader = try CorpusReader<MaterialRecord>(path: path)
        var out: [MaterialDraft] = []
        while limit.map({ out.count < $0 }) ?? true {
            do {
                guard let record = try reader.next() else { break }
                out.append(draft(record))
            } catch {
                log("corpus: skipped \(error)")
                if error.kind == .decompression { throw error }
            }
        }
        return out
    }

    static func draft(_ r: MaterialRecord) -> MaterialDraft {
        var d = MaterialDraft(id: r.id.rawValue)
        d.name = r.name
        d.formula = r.formula
        d.cif = r.cif
        d.composition = try? r.composition()
        d.spaceGroupSymbol = r.spaceGroup.symbol
        d.spaceGroupNumber = r.spaceGroup.number
        if let desc = r.description {
            d.descriptions.append(.init(kind: "description", text: desc.text, provenance: desc.provenance))
        }
        if let g = r.gemmology {
            d.descriptions.append(.init(kind: "gemmology", text: g.text, provenance: g.source))
        }
        if d.descriptions.isEmpty, let title = r.sourceArticle?.title {
            d.descriptions.append(.init(kind: "title", text: title, provenance: "source article title"))
        }
        d.properties = r.propertyProfile
        d.references = r.references.map { ref in
            var o: [String: JSONValue] = ["role": .string(ref.role.rawValue), "title": .string(ref.title),
                                          "authors": .array(ref.authors.map { .string($0) }),
                                          "journal": .string(ref.journal), "year": .number(Double(ref.year))]
            if let v = ref.volume { o["volume"] = .string(v) }
            if let p = ref.pages { o["pages"] = .string(p) }
            return .object(o)
        }
        var provenance: [String: JSONValue] = ["database": "AMCSD", "entry": .number(Double(r.amcsdCode)),
                                               "split": .string(r.split.rawValue)]
        if let s = r.sample { provenance["sample"] = .string(s) }
        if let t = r.properties.transport { provenance["transport"] = .string("\(t.source) (\(t.mpID))") }
        if let h = r.properties.formationEnthalpy { provenance["formation_enthalpy"] = .string(h.source) }
        if let o = r.properties.optical { provenance["refractive_index"] = .string(o.source + ": " + o.reference) }
        d.provenance = .object(provenance)
        return d
    }
}
