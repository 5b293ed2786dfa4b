/// Properties of a material joined by reduced formula, each with its source and units
/// (`Corpora/amcsd/SCHEMA.md` says where each comes from and how ties were broken).
public struct MaterialProperties: Decodable, Hashable, Sendable {
    public var formationEnthalpy: FormationEnthalpy?
    public var transport: Transport?
    public var optical: Optical?

    enum CodingKeys: String, CodingKey {
        case formationEnthalpy = "formation_enthalpy"
        case transport, optical
    }

    /// True when no property matched.
    public var isEmpty: Bool { formationEnthalpy == nil && transport == nil && optical == nil }
}

/// A value with its units as a string (`µV/K`).
public struct Quantity: Decodable, Hashable, Sendable {
    public var value: Double
    public var units: String
}

extension MaterialProperties {
    /// Experimental standard enthalpy of formation at 298 K (pymatgen's MP2020 fit set).
    public struct FormationEnthalpy: Decodable, Hashable, Sendable {
        /// eV/atom.
        public var value: Double
        public var units: String
        /// One standard uncertainty, eV/atom (nil where the source gives none).
        public var uncertainty: Double?
        /// eV per formula unit of `formula`.
        public var perFormulaUnit: Double
        /// The formula the source tabulates.
        public var formula: String
        public var temperatureKelvin: Double
        public var source: String

        enum CodingKeys: String, CodingKey {
            case value, units, uncertainty, formula, source
            case perFormulaUnit = "per_formula_unit"
            case temperatureKelvin = "temperature_K"
        }
    }

    /// BoltzTraP transport of one Materials Project entry with this formula (Ricci et al. 2017).
    public struct Transport: Decodable, Hashable, Sendable {
        public var mpID: String
        /// How many MP entries share the formula (the smallest MP number was taken).
        public var candidates: Int
        public var temperatureKelvin: Double
        /// Carrier concentration, cm⁻³.
        public var carrierConcentration: Double
        /// Constant relaxation time assumed for σ, κ and PF, seconds.
        public var relaxationTime: Double
        /// `seebeck_p`, `seebeck_n`, `conductivity_p`, … `effective_mass_n`, each with units.
        public var values: [String: Quantity]
        public var source: String

        enum CodingKeys: String, CodingKey {
            case candidates, values, source
            case mpID = "mp_id"
            case temperatureKelvin = "temperature_K"
            case carrierConcentration = "carrier_concentration_per_cm3"
            case relaxationTime = "relaxation_time_s"
        }
    }

    /// Measured refractive index n and extinction coefficient k of one refractiveindex.info entry.
    public struct Optical: Decodable, Hashable, Sendable {
        /// n at the sodium D line (589.3 nm), when inside the measured range.
        public var n589: Double?
        public var k589: Double?
        /// Wavelengths in µm at which n (and k, where measured) are given.
        public var wavelengths: [Double]
        public var n: [Double]
        public var k: [Double?]?
        /// The range in µm over which the source is valid.
        public var validRange: [Double]
        /// `Formula/Author.yml` inside matminer's archive.
        public var file: String
        public var filesAvailable: Int
        public var reference: String
        public var comment: String?
        public var doi: [String]?
        public var source: String

        enum CodingKeys: String, CodingKey {
            case n, k, file, reference, comment, doi, source
            case n589 = "n_589nm"
            case k589 = "k_589nm"
            case wavelengths = "wavelength_um"
            case validRange = "valid_range_um"
            case filesAvailable = "files_available"
        }
    }
}
