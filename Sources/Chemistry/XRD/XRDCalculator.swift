#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Simulates a powder X-ray diffraction pattern from a crystal structure.
///
/// The algorithm is pymatgen's `XRDCalculator.get_pattern` (pymatgen 2026.10,
/// `analysis/diffraction/xrd.py`), reimplemented to give the same peaks:
/// 1. every reciprocal-lattice point g = h a* + k b* + l c* with
///    2 sin(θ_min)/λ ≤ |g| ≤ 2 sin(θ_max)/λ (one Friedel half-space; F(−g) = F(g)* because the
///    scattering factors are real, so each point counts twice);
/// 2. Bragg angle sin θ = λ|g|/2, s² = (|g|/2)²;
/// 3. structure factor F = Σ_sites Σ_occupants occupancy · f_Z(s) · exp(−B_Z s²) · exp(2πi g·r),
///    with f from `AtomicScatteringFactors` and B the optional Debye–Waller factor of the element;
/// 4. intensity 2 |F|² · (1 + cos² 2θ) / (sin² θ cos θ) (Lorentz–polarisation);
/// 5. reflections whose 2θ round to the same multiple of `twoThetaTolerance` (1e-5°) merge into one
///    peak (their intensities add, the hkl families and multiplicities are collected); peaks at or
///    below `scaledIntensityTolerance` (1e-3 of 100) are dropped and the rest scaled to a maximum of 100.
///
/// Multiplicities therefore come from counting the reflections actually present, not from a
/// space-group table: a symmetric crystal gives the textbook multiplicities (e.g. 8 for {111} of a
/// cubic crystal).
public struct XRDCalculator: Sendable {
    /// The X-ray wavelength (default Cu Kα, 1.54184 Å).
    public var wavelength: Wavelength
    /// The 2θ window in degrees, within 0…180 (default 0…90, as pymatgen).
    public var twoThetaRange: ClosedRange<Double>
    /// Isotropic Debye–Waller B factors in Å² per element: f is multiplied by exp(−B s²),
    /// s = sin θ / λ. Elements not listed get B = 0.
    public var debyeWallerFactors: [Element: Double]

    /// Reflections whose 2θ (degrees) round to the same multiple of this merge into one peak.
    public static let twoThetaTolerance = 1e-5
    /// Peaks whose scaled intensity (max 100) is at or below this are treated as absent.
    public static let scaledIntensityTolerance = 1e-3
    /// The most reciprocal-lattice points one pattern may enumerate (guards against a tiny
    /// wavelength on a huge cell).
    public static let maximumReflections = 50_000_000

    /// - Parameters:
    ///   - wavelength: X-ray wavelength (Å).
    ///   - twoThetaRange: 2θ window in degrees, within 0…180.
    ///   - debyeWallerFactors: isotropic B factors in Å² per element.
    public init(wavelength: Wavelength = .cuKalpha, twoThetaRange: ClosedRange<Double> = 0...90,
                debyeWallerFactors: [Element: Double] = [:]) {
        self.wavelength = wavelength
        self.twoThetaRange = twoThetaRange
        self.debyeWallerFactors = debyeWallerFactors
    }

    /// The powder pattern of `crystal`.
    /// - Returns: peaks in ascending 2θ with intensities scaled to 100 (empty when no reflection
    ///   falls in the window).
    /// - Throws: `XRDError` when the crystal or the parameters cannot produce a pattern.
    /// - Complexity: O(R · N) for R reciprocal points in the window and N occupants.
    public func pattern(for crystal: Crystal) throws -> XRDPattern {
        let lambda = wavelength.angstroms
        guard lambda.isFinite, lambda > 0 else { throw XRDError.invalidWavelength(lambda) }
        let (lo, hi) = (twoThetaRange.lowerBound, twoThetaRange.upperBound)
        guard lo.isFinite, hi.isFinite, lo >= 0, hi <= 180, lo < hi else {
            throw XRDError.invalidTwoThetaRange(lower: lo, upper: hi)
        }
        let volume = crystal.lattice.volume
        guard volume.isFinite, volume > 1e-8 else { throw XRDError.degenerateLattice(volume: crystal.lattice.signedVolume) }
        for (element, b) in debyeWallerFactors where !b.isFinite {
            throw XRDError.invalidDebyeWallerFactor(element: element.symbol, value: b)
        }
        let scatterers = try Scatterers(crystal: crystal, debyeWaller: debyeWallerFactors)

        let space = ReciprocalSpace(lattice: crystal.lattice)
        let dMax = 1 / space.shortestVector()
        guard lambda <= 2 * dMax else { throw XRDError.wavelengthTooLong(wavelength: lambda, largestDSpacing: dMax) }

        func radius(_ twoTheta: Double) -> Double { 2 * sin(twoTheta * .pi / 180 / 2) / lambda }
        let (minR, maxR) = (radius(lo), radius(hi))
        let limits = space.indexLimits(radius: maxR)
        let estimate = (limits.x + 1) * (2 * limits.y + 1) * (2 * limits.z + 1)
        guard estimate <= Double(Self.maximumReflections) else {
            throw XRDError.tooManyReflections(estimated: estimate < 9e18 ? Int(estimate) : Int.max)
        }
        let bounds = space.indexBounds(radius: maxR)

        let reflections = scatterers.reflections(in: space, minRadius: minR, maxRadius: maxR,
                                                 bounds: bounds, wavelength: lambda)
        let peaks = Self.mergePeaks(reflections, hexagonal: crystal.lattice.isHexagonalForXRD)
        return XRDPattern(peaks: peaks, wavelength: wavelength, twoThetaRange: twoThetaRange)
    }
}

extension Lattice {
    /// pymatgen's `Lattice.is_hexagonal()` (angle tolerance 5°, length tolerance 0.01 Å): two
    /// angles within 5° of 90°, one within 5° of 60° or 120°, and the two edges spanning the
    /// right angles' positions equal within 0.01 Å. Decides whether hkl are printed as (h k i l).
    var isHexagonalForXRD: Bool {
        let lengths = self.lengths, angles = self.angles
        let right = (0..<3).filter { Swift.abs(angles[$0] - 90) <= 5 }
        let hex = (0..<3).filter { Swift.abs(angles[$0] - 60) <= 5 || Swift.abs(angles[$0] - 120) <= 5 }
        return right.count == 2 && hex.count == 1 && Swift.abs(lengths[right[0]] - lengths[right[1]]) <= 0.01
    }
}
