import Chemistry

/// A material on its way into the store, before derivation: what an `upsert` request or a corpus record
/// gives. `Atlas.prepare` derives the rest (composition from the crystal, simulated XRD, vectors).
public struct MaterialDraft: Sendable {
    /// A written description of the material, with where it came from.
    public struct Description: Sendable, Equatable {
        /// `description` (robocrys), `gemmology`, `user`, …
        public var kind: String
        public var text: String
        /// Who or what wrote it (`robocrys 0.2.13, machine-generated`).
        public var provenance: String?
        public init(kind: String, text: String, provenance: String? = nil) {
            self.kind = kind
            self.text = text
            self.provenance = provenance
        }
    }

    public var id: String
    public var name: String?
    /// The formula as the source writes it (`Pb S`), kept for display.
    public var formula: String?
    public var crystal: Crystal?
    /// The crystal's source text (kept verbatim for exemplars and `get`); written from `crystal` when nil.
    public var cif: String?
    public var composition: Composition?
    public var spaceGroupSymbol: String?
    public var spaceGroupNumber: Int?
    /// Descriptions; the first is embedded.
    public var descriptions: [Description] = []
    /// Numeric properties by name (units as the model's `PropertySpec`s).
    public var properties: [String: Double] = [:]
    /// Literature references, each a JSON object (`title`, `authors`, `journal`, `year`, …).
    public var references: [JSONValue] = []
    /// Where the entry comes from (`{"database": "AMCSD", "entry": 3, …}`).
    public var provenance: JSONValue?

    public init(id: String) { self.id = id }
}

/// Crystal system of an International Tables space-group number.
func crystalSystem(spaceGroup n: Int) -> String? {
    switch n {
    case 1...2: "triclinic"
    case 3...15: "monoclinic"
    case 16...74: "orthorhombic"
    case 75...142: "tetragonal"
    case 143...167: "trigonal"
    case 168...194: "hexagonal"
    case 195...230: "cubic"
    default: nil
    }
}
