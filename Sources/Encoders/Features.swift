/// Model-ready arrays for one item of each modality (what a `Featurizer` returns and a batch
/// collates). Plain value types: cheap to build on any thread, `Sendable`, comparable in tests.

/// A crystal as a periodic graph: occupancy-weighted element inputs per node, Gaussian-expanded edges.
public struct CrystalFeatures: Hashable, Sendable {
    /// Number of nodes (sites).
    public var nodeCount: Int
    /// For each (node, element) occupant: its node, its atomic number and its occupancy, so a
    /// disordered site (Fe0.5Mg0.5) embeds as 0.5·e(Fe) + 0.5·e(Mg).
    public var occupantNode: [Int32]
    public var occupantElement: [Int32]
    public var occupantWeight: [Float]
    /// Directed edges centre → neighbour (node indices).
    public var edgeSource: [Int32]
    public var edgeDestination: [Int32]
    /// Row-major `edgeCount × gaussianCount` distance features.
    public var edgeFeatures: [Float]
    /// The crystal's simulated Cu Kα powder pattern on the spectrum grid (`spectrum.points` values,
    /// 0…1 as `Featurizer.spectrum` scales them), or empty when `crystal.diffraction` is off.
    public var diffraction: [Float] = []

    public var edgeCount: Int { edgeSource.count }
}

/// A composition as a set: elements (atomic numbers, ascending) with their atomic fractions (sum 1).
public struct CompositionFeatures: Hashable, Sendable {
    public var elements: [Int32]
    public var fractions: [Float]
}

/// A diffraction pattern on the model's q grid: intensity (0…1 after scaling) and a 0/1 mask of
/// the grid points the measurement covers (unmeasured points carry intensity 0 and mask 0).
public struct SpectrumFeatures: Hashable, Sendable {
    public var intensity: [Float]
    public var mask: [Float]

    public init(intensity: [Float], mask: [Float]) {
        precondition(intensity.count == mask.count, "intensity and mask cover the same grid")
        self.intensity = intensity
        self.mask = mask
    }
}

/// A square grayscale crop, standardised (zero mean, unit deviation), row-major `size × size`.
public struct MicrographFeatures: Hashable, Sendable {
    public var size: Int
    public var pixels: [Float]
}

/// Token ids (`[CLS] … [SEP] [PAD]…`, fixed length) and their 0/1 attention mask.
public struct TextFeatures: Hashable, Sendable {
    public var ids: [Int32]
    public var mask: [Float]
}

/// Standardised property values in `PropertySettings.specs` order (0 where missing) and the
/// 0/1 mask of those present.
public struct PropertyFeatures: Hashable, Sendable {
    public var values: [Float]
    public var mask: [Float]
}

/// One featurised item of any modality.
public enum ItemFeatures: Hashable, Sendable {
    case crystal(CrystalFeatures)
    case composition(CompositionFeatures)
    case spectrum(SpectrumFeatures)
    case micrograph(MicrographFeatures)
    case text(TextFeatures)
    case properties(PropertyFeatures)

    public var modality: Modality {
        switch self {
        case .crystal: .crystal
        case .composition: .composition
        case .spectrum: .spectrum
        case .micrograph: .micrograph
        case .text: .text
        case .properties: .properties
        }
    }
}
