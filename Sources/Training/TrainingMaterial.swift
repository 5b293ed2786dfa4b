import Chemistry
import Corpus
import Encoders

/// One corpus material, prepared once for training and evaluation: the parsed crystal and its
/// graph, the composition, the reflections XRD augmentations start from, the texts and the property
/// profile. Modalities the material lacks are nil (or empty) and are skipped.
public struct TrainingMaterial: Sendable {
    public var id: MaterialID
    /// `MaterialIdentity.key`: what "the same material" means in evaluation.
    public var identity: String
    /// The corpus split group (joins mineral names and formulas that co-occur): at most one
    /// material of a group enters a training batch, so no false negatives share a batch.
    public var group: String
    public var name: String
    public var reducedFormula: String
    public var crystal: Crystal
    public var crystalFeatures: CrystalFeatures
    public var siteCount: Int
    public var composition: Composition?
    public var compositionFeatures: CompositionFeatures?
    /// Nil when the XRD calculator rejected the structure or no reflection lies on the grid.
    public var reflections: Reflections?
    /// The robocrys description.
    public var description: String?
    /// The source article's title.
    public var title: String?
    /// `{property name: value}` in `PropertySpec` units (density and volume per site always).
    public var properties: [String: Double]

    /// The property profile of a corpus record, named as `PropertySpec.defaults`.
    public static func properties(of record: MaterialRecord) -> [String: Double] {
        var out: [String: Double] = [:]
        if let d = record.density, d.isFinite, d > 0 { out["density"] = d }
        if record.siteCount > 0, record.cell.volume > 0 { out["volume_per_site"] = record.cell.volume / Double(record.siteCount) }
        if let h = record.properties.formationEnthalpy?.value, h.isFinite { out["formation_enthalpy"] = h }
        if let n = record.properties.optical?.n589, n.isFinite, n > 0 { out["refractive_index"] = n }
        if let t = record.properties.transport {
            for name in ["seebeck_p", "seebeck_n", "conductivity_p", "conductivity_n", "power_factor_p",
                         "power_factor_n", "effective_mass_p", "effective_mass_n"] {
                if let v = t.values[name]?.value, v.isFinite { out[name] = v }
            }
        }
        return out
    }
}
