import Chemistry

/// One material of `Corpora/amcsd/materials.jsonl.gz`: an AMCSD crystal structure with its source
/// paper, a machine-written description, and properties joined by reduced formula.
/// Field meanings, units and sources: `Corpora/amcsd/SCHEMA.md`.
public struct MaterialRecord: Decodable, Hashable, Sendable {
    /// `amcsd:` + 7-digit AMCSD code.
    public var id: MaterialID
    /// The AMCSD code as an integer (the key of larixite's database and of the robocrys file).
    public var amcsdCode: Int
    public var split: CorpusSplit
    /// The split group: its first normalised mineral name (`galena`), else its reduced formula.
    public var group: String
    /// Mineral name as AMCSD gives it (`Galena`, `Iron-alpha`); nil for synthetic compounds.
    public var mineral: String?
    /// A display name: the mineral name, else AMCSD's formula title, else the reduced formula.
    public var name: String
    /// The chemical formula as AMCSD writes it (`Pb S`, `(Mg1.8 Fe.2) Si O4`).
    public var formula: String
    /// pymatgen's reduced formula of `formula` (`PbS`): the key properties are joined by.
    public var reducedFormula: String
    /// pymatgen's reduced formula of the parsed structure (differs when H atoms were not located
    /// or occupancies do not sum to the formula).
    public var structureFormula: String
    /// Element symbols of the parsed structure, by atomic number.
    public var elementSymbols: [String]
    public var spaceGroup: SpaceGroupInfo
    /// Measured (reported) density in g/cm³, from AMCSD.
    public var density: Double?
    public var cell: CellParameters
    /// Sites in the conventional cell after symmetry expansion (pymatgen, partial sites counted once).
    public var siteCount: Int
    /// True when every site is fully occupied by one species.
    public var isOrdered: Bool
    /// AMCSD's sample/locality note (`Colorado, USA`, `synthetic`), if any.
    public var sample: String?
    /// The source article first (role `source`), then the AMCSD database citation (role `database`).
    public var references: [Reference]
    /// A robocrys description of the structure, when one was computed.
    public var description: Description?
    /// A gemmological description of the mineral family, when the mineral name matches.
    public var gemmology: Gemmology?
    public var properties: MaterialProperties
    /// The CIF text (larixite's reconstruction of the AMCSD entry, with symmetry operations).
    public var cif: String

    enum CodingKeys: String, CodingKey {
        case id, split, group, mineral, name, formula, cell, sample, references, description, gemmology
        case properties, cif, density
        case amcsdCode = "amcsd_id"
        case reducedFormula = "reduced_formula"
        case structureFormula = "structure_formula"
        case elementSymbols = "elements"
        case spaceGroup = "spacegroup"
        case siteCount = "nsites"
        case isOrdered = "ordered"
    }

    /// The structure's elements that Chemistry's table knows (Z ≤ 94; a few AMCSD entries hold Am, Cm).
    public var elements: [Element] { elementSymbols.compactMap(Element.init(symbol:)) }

    /// The source article (the first reference whose role is `source`).
    public var sourceArticle: Reference? { references.first { $0.role == .source } }
}

extension MaterialRecord {
    /// Space group as reported (H-M symbol) with its number and crystal system.
    public struct SpaceGroupInfo: Decodable, Hashable, Sendable {
        /// Hermann–Mauguin symbol as AMCSD writes it, any setting (`F m 3 m`, `P 1 21/a 1`).
        public var symbol: String
        /// International Tables number 1…230.
        public var number: Int?
        /// `triclinic` … `cubic`, from the number.
        public var crystalSystem: String?
        /// `hm-symbol` (looked up from the symbol), `symmetry-operations` (spglib on the CIF's operations,
        /// for settings the table lacks) or `spglib` (on the structure, the last resort).
        public var numberSource: String?

        enum CodingKeys: String, CodingKey {
            case symbol, number
            case crystalSystem = "crystal_system"
            case numberSource = "number_from"
        }
    }

    /// The conventional cell: lengths in Å, angles in degrees, volume in Å³.
    public struct CellParameters: Decodable, Hashable, Sendable {
        public var a: Double
        public var b: Double
        public var c: Double
        public var alpha: Double
        public var beta: Double
        public var gamma: Double
        public var volume: Double
    }

    /// A bibliographic reference: the article a structure comes from, or the database.
    public struct Reference: Decodable, Hashable, Sendable {
        public enum Role: String, Decodable, Hashable, Sendable { case source, database }
        public var role: Role
        public var title: String
        /// Author names as AMCSD writes them (`Ramsdell L S`).
        public var authors: [String]
        public var journal: String
        public var volume: String?
        /// `first-last` or a single page / article number.
        public var pages: String?
        public var year: Int
        /// AMCSD curator notes that followed the title (`Sample J5`, `neutron data`).
        public var notes: [String]?
    }

    /// A machine-written description of the structure.
    public struct Description: Decodable, Hashable, Sendable {
        public var text: String
        /// `robocrys 0.2.13, machine-generated`.
        public var provenance: String
        /// `shared` (the precomputed file) or `robocrys_fill` (computed by the corpus script).
        public var computed: String
    }

    /// Prose and numbers from gemmology-mineral-database for the matching mineral family.
    public struct Gemmology: Decodable, Hashable, Sendable {
        public var family: String
        public var group: String?
        public var chemistry: String?
        public var text: String
        public var hardnessMohs: ValueRange?
        public var refractiveIndex: ValueRange?
        /// Specific gravity (dimensionless, ≈ density in g/cm³).
        public var specificGravity: ValueRange?
        public var source: String

        enum CodingKeys: String, CodingKey {
            case family, group, chemistry, text, source
            case hardnessMohs = "hardness_mohs"
            case refractiveIndex = "refractive_index"
            case specificGravity = "specific_gravity"
        }
    }
}

/// A `[low, high]` pair where either end may be missing.
public struct ValueRange: Decodable, Hashable, Sendable {
    public var lower: Double?
    public var upper: Double?

    public init(lower: Double?, upper: Double?) {
        self.lower = lower
        self.upper = upper
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        lower = try container.decodeNil() ? nil : try container.decode(Double.self)
        upper = try container.decodeNil() ? nil : try container.decode(Double.self)
    }
}
