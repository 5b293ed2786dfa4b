/// What the catalog knows about a material: the typed fields filters need plus JSON payloads.
public struct MaterialRecord: Codable, Sendable, Equatable {
    /// Stable public id, e.g. `amcsd:0000123`.
    public var id: MaterialID
    /// Mineral or common name.
    public var name: String?
    /// Element symbols present (any order; stored sorted and unique).
    public var elements: [String]
    /// Reduced formula in OPTIMADE's convention, e.g. `LiCoO2`.
    public var chemicalFormulaReduced: String?
    /// International space-group number, 1…230.
    public var spaceGroupNumber: Int?
    /// Crystal system, lower case (`cubic`, `hexagonal`, `trigonal`, …).
    public var crystalSystem: String?
    /// Numeric properties by name (units are part of the name's definition, e.g. `density` in g/cm³).
    public var properties: [String: Double]
    /// Per-modality records: modality name (`crystal`, `text`, …) → JSON payload.
    public var modalities: [String: String]
    /// Literature references, each a JSON object.
    public var references: [String]
    /// Any further JSON payload.
    public var payload: String?

    public init(id: MaterialID, name: String? = nil, elements: [String] = [], chemicalFormulaReduced: String? = nil,
                spaceGroupNumber: Int? = nil, crystalSystem: String? = nil, properties: [String: Double] = [:],
                modalities: [String: String] = [:], references: [String] = [], payload: String? = nil) {
        self.id = id
        self.name = name
        self.elements = Array(Set(elements)).sorted()
        self.chemicalFormulaReduced = chemicalFormulaReduced
        self.spaceGroupNumber = spaceGroupNumber
        self.crystalSystem = crystalSystem
        self.properties = properties
        self.modalities = modalities
        self.references = references
        self.payload = payload
    }

    /// Number of distinct elements.
    public var nelements: Int { elements.count }
}

/// Which of a record's related rows a search reads besides the materials row (id, name, formula,
/// space group, crystal system, payload): a caller that renders fewer fields reads fewer tables.
public struct RecordParts: OptionSet, Hashable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let elements = RecordParts(rawValue: 1)
    public static let properties = RecordParts(rawValue: 2)
    public static let references = RecordParts(rawValue: 4)
    public static let all: RecordParts = [.elements, .properties, .references]
}
