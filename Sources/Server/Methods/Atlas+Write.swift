import Chemistry
import Encoders
import Foundation
import Index

extension Atlas {
    /// `get {id}` → the full record (see `detail`), or error -32002 when no material has that id.
    func get(_ p: Parameters) throws -> JSONValue {
        let id = try Atlas.materialID(p)
        guard let record = try storeCall({ try store.record(for: MaterialID(id)) }) else {
            throw ProtocolError(.notFound, "no material with id \"\(id.prefix(128))\"", field: "id")
        }
        return .object(detail(record))
    }

    /// `upsert {id?, name?, crystal?, composition?, text?, properties?, references?}` → `{id, created, embedded}`.
    ///
    /// A bare CIF is enough: composition, elements, space group, density, volume per site, simulated XRD
    /// and the vectors are derived. Without `id` a new one (`user:<uuid>`) is made. Replacing an id
    /// replaces the whole record. Durable when it returns (the store fsyncs its log first).
    func upsert(_ p: Parameters) throws -> JSONValue {
        let given = try p.optionalString("id", maxLength: 128)
        if let given { try Atlas.checkID(given) }
        let id = given ?? "user:" + UUID().uuidString.lowercased()
        var draft = MaterialDraft(id: id)
        draft.name = try p.optionalString("name", maxLength: 256)
        if let raw = p["crystal"], !raw.isNull {
            draft.crystal = try wire.crystal(raw, field: "crystal")
            draft.cif = raw["cif"]?.stringValue ?? raw.stringValue
        }
        if let raw = p["composition"], !raw.isNull {
            draft.composition = try wire.composition(raw, field: "composition")
            draft.formula = raw.stringValue
        }
        if let raw = p["text"], !raw.isNull {
            draft.descriptions = [.init(kind: "user", text: try wire.text(raw, field: "text"), provenance: "upsert")]
        }
        if let raw = p["properties"], !raw.isNull {
            draft.properties = try wire.properties(raw, field: "properties")
            let known = Set(propertySpecs.map(\.name))
            for name in draft.properties.keys.sorted() where !known.contains(name) {
                throw ProtocolError.invalidParams("properties.\(name.prefix(64)) is not a known property; see info", field: "properties.\(name.prefix(64))")
            }
        }
        if let raw = p["references"], !raw.isNull {
            guard let list = raw.arrayValue, list.count <= 100, list.allSatisfy({ $0.objectValue != nil }) else {
                throw ProtocolError.invalidParams("references must be a list of at most 100 objects", field: "references")
            }
            draft.references = list
        }
        guard draft.crystal != nil || draft.composition != nil || !draft.descriptions.isEmpty || !draft.properties.isEmpty else {
            throw ProtocolError.invalidParams("upsert needs at least one of crystal, composition, text, properties", field: "crystal")
        }
        draft.provenance = ["source": "upsert"]
        let prepared = try prepare([draft], strict: true)[0].get()
        let existed = try storeCall { try store.record(for: MaterialID(id)) } != nil
        try storeCall { try store.upsert([prepared.entry]) }
        return .object(["id": .string(id), "created": .bool(!existed),
                        "embedded": .array(prepared.embedded.map { .string($0.rawValue) })])
    }

    /// `delete {id}` → `{deleted: 1}`, or error -32002 when no material has that id.
    func delete(_ p: Parameters) throws -> JSONValue {
        let id = try Atlas.materialID(p)
        let n = try storeCall { try store.delete([MaterialID(id)]) }
        guard n > 0 else { throw ProtocolError(.notFound, "no material with id \"\(id.prefix(128))\"", field: "id") }
        return .object(["deleted": .number(Double(n))])
    }

    /// `snapshot` → `{materials, took_ms}` after writing the graph snapshot and emptying the log.
    func snapshot() throws -> JSONValue {
        let start = ContinuousClock.now
        try storeCall { try store.snapshot() }
        return .object(["materials": .number(Double(store.count)), "took_ms": .number(Atlas.milliseconds(since: start))])
    }

    static func materialID(_ p: Parameters) throws -> String {
        let id = try p.string("id", maxLength: 128)
        try checkID(id)
        return id
    }

    /// Ids are 1…128 bytes of printable characters.
    static func checkID(_ id: String) throws {
        guard !id.isEmpty, id.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            throw ProtocolError.invalidParams("id must be 1…128 printable characters without spaces", field: "id")
        }
    }
}
