/// Why a powder pattern cannot be computed for a crystal or a set of parameters.
public enum XRDError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The crystal has no sites, or no occupant with a positive occupancy.
    case noScatterers
    /// The cell volume is zero, negative-zero or not finite (in Å³), so the reciprocal lattice does not exist.
    case degenerateLattice(volume: Double)
    /// No tabulated atomic scattering factor for this element (site index and symbol given).
    case unknownScatteringFactor(site: Int, element: String)
    /// A site's occupancy is negative or not finite.
    case invalidOccupancy(site: Int, occupancy: Double)
    /// A site's fractional coordinates are not finite.
    case invalidCoordinates(site: Int)
    /// The wavelength (Å) is not finite or not positive.
    case invalidWavelength(Double)
    /// The wavelength (Å) is so long that no reflection of this crystal satisfies Bragg's law
    /// (λ > 2 d_max, where `largestDSpacing` is d_max in Å).
    case wavelengthTooLong(wavelength: Double, largestDSpacing: Double)
    /// The 2θ range (degrees) is not within 0…180 or is empty.
    case invalidTwoThetaRange(lower: Double, upper: Double)
    /// The window holds more reciprocal-lattice points than `XRDCalculator.maximumReflections`.
    case tooManyReflections(estimated: Int)
    /// A Debye–Waller B factor (Å²) for an element is not finite.
    case invalidDebyeWallerFactor(element: String, value: Double)

    public var description: String {
        switch self {
        case .noScatterers: "the crystal has no occupied sites"
        case .degenerateLattice(let v): "the cell volume \(v) Å³ is not positive: no reciprocal lattice"
        case .unknownScatteringFactor(let i, let e): "site \(i): no atomic scattering factor for \(e)"
        case .invalidOccupancy(let i, let o): "site \(i): occupancy \(o) is not a finite non-negative number"
        case .invalidCoordinates(let i): "site \(i): fractional coordinates are not finite"
        case .invalidWavelength(let w): "wavelength \(w) Å is not a finite positive number"
        case .wavelengthTooLong(let w, let d):
            "wavelength \(w) Å exceeds twice the largest d-spacing (\(d) Å): nothing can diffract"
        case .invalidTwoThetaRange(let a, let b): "2θ range \(a)…\(b)° is not within 0…180°"
        case .tooManyReflections(let n): "about \(n) reflections to enumerate: use a shorter 2θ range or a longer wavelength"
        case .invalidDebyeWallerFactor(let e, let b): "Debye–Waller factor \(b) Å² for \(e) is not finite"
        }
    }
}
