/// A family of symmetry-related reflections as pymatgen reports it: one representative set of
/// Miller indices (the lexicographic maximum of the family) and how many reflections of the
/// merged peak belong to it.
///
/// Families are grouped the way pymatgen's `get_unique_families` groups them: two reflections are
/// in one family when their absolute indices are permutations of each other. For lattices pymatgen
/// calls hexagonal the indices are the four Miller–Bravais indices (h, k, −h−k, l).
public struct HKLFamily: Hashable, Sendable, CustomStringConvertible {
    /// The representative indices: (h, k, l), or (h, k, i, l) with i = −h−k for hexagonal lattices.
    public var indices: [Int]
    /// The number of reflections (counting hkl and its Friedel mate h̄k̄l̄ separately) in this family.
    public var multiplicity: Int

    public init(indices: [Int], multiplicity: Int) {
        self.indices = indices
        self.multiplicity = multiplicity
    }

    /// The indices separated by spaces, e.g. `"1 1 -2 0"`.
    public var millerString: String { indices.map(String.init).joined(separator: " ") }

    public var description: String { "(\(millerString))×\(multiplicity)" }
}

/// One powder-diffraction peak: a set of reflections sharing a Bragg angle.
public struct XRDPeak: Hashable, Sendable {
    /// The diffraction angle 2θ in degrees.
    public var twoTheta: Double
    /// The intensity, scaled so that the strongest peak of the pattern is 100.
    public var intensity: Double
    /// The interplanar spacing d = 1 / |g| in Å (wavelength-independent).
    public var dSpacing: Double
    /// The reflection families merged into this peak, in the order pymatgen lists them.
    public var families: [HKLFamily]

    public init(twoTheta: Double, intensity: Double, dSpacing: Double, families: [HKLFamily]) {
        self.twoTheta = twoTheta
        self.intensity = intensity
        self.dSpacing = dSpacing
        self.families = families
    }

    /// The total number of reflections merged into this peak.
    public var multiplicity: Int { families.reduce(0) { $0 + $1.multiplicity } }
}

/// A computed powder pattern: peaks sorted by 2θ, with the conditions that produced them.
public struct XRDPattern: Hashable, Sendable {
    /// Peaks in ascending 2θ, intensities scaled to a maximum of 100.
    public var peaks: [XRDPeak]
    /// The wavelength the angles refer to.
    public var wavelength: Wavelength
    /// The 2θ window (degrees) the pattern covers.
    public var twoThetaRange: ClosedRange<Double>

    public init(peaks: [XRDPeak], wavelength: Wavelength, twoThetaRange: ClosedRange<Double>) {
        self.peaks = peaks
        self.wavelength = wavelength
        self.twoThetaRange = twoThetaRange
    }

    /// Peak positions 2θ in degrees.
    public var twoThetas: [Double] { peaks.map(\.twoTheta) }
    /// Peak intensities (max 100).
    public var intensities: [Double] { peaks.map(\.intensity) }
}
