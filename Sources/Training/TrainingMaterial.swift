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
}
