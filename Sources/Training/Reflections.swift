import Chemistry
import Foundation

/// A crystal's powder reflections in a wavelength-free form, computed once per structure with
/// Chemistry's `XRDCalculator` (Cu Kα) and then re-projected for any wavelength, strain or window:
/// per peak its q = 2π/d (Å⁻¹), its intensity without the Lorentz–polarisation factor
/// (multiplicity · |F|²) and the unit cartesian direction of its (representative) reciprocal vector
/// (for preferred orientation).
///
/// Re-projection is exact for wavelength and isotropic strain: 2θ follows from Bragg's law and the
/// Lorentz–polarisation factor (1 + cos² 2θ)/(sin² θ cos θ) is applied at the new angle — the same
/// intensities `XRDCalculator` would give at that wavelength (before its 1e-3 cut).
public struct Reflections: Hashable, Sendable {
    /// q = 4π sin θ / λ = 2π/d, Å⁻¹, ascending.
    public var q: [Double]
    /// Intensity without Lorentz–polarisation, arbitrary units.
    public var structureIntensity: [Double]
    /// Unit cartesian reciprocal-vector direction of the first hkl family of each peak.
    public var direction: [SIMD3<Double>]

    public var isEmpty: Bool { q.isEmpty }

    /// The Lorentz–polarisation factor at Bragg angle θ (radians).
    public static func lorentzPolarization(theta: Double) -> Double {
        let s = sin(theta), c = cos(theta), c2 = cos(2 * theta)
        return (1 + c2 * c2) / (s * s * c)
    }

    /// Reflections of `crystal` with q ≤ `qMax` Å⁻¹.
    /// - Throws: `XRDError` from the calculator.
    public init(crystal: Crystal, qMax: Double) throws {
        let lambda = Wavelength.cuKalpha.angstroms
        let sinMax = Swift.min(0.999, qMax * lambda / (4 * Double.pi))
        let twoThetaMax = 2 * asin(sinMax) * 180 / Double.pi
        let pattern = try XRDCalculator(wavelength: .cuKalpha, twoThetaRange: 0.5...twoThetaMax).pattern(for: crystal)
        let reciprocal = crystal.lattice.reciprocal.vectors
        var q: [Double] = [], intensity: [Double] = [], direction: [SIMD3<Double>] = []
        for peak in pattern.peaks {
            let theta = peak.twoTheta * Double.pi / 360
            q.append(4 * Double.pi * sin(theta) / lambda)
            intensity.append(peak.intensity / Self.lorentzPolarization(theta: theta))
            var g = SIMD3<Double>(0, 0, 1)
            if let hkl = peak.families.first?.indices, hkl.count == 3 {
                let v = Double(hkl[0]) * reciprocal[0] + Double(hkl[1]) * reciprocal[1] + Double(hkl[2]) * reciprocal[2]
                let n = (v * v).sum().squareRoot()
                if n > 0 { g = v / n }
            }
            direction.append(g)
        }
        self.init(q: q, structureIntensity: intensity, direction: direction)
    }

    public init(q: [Double], structureIntensity: [Double], direction: [SIMD3<Double>]) {
        precondition(q.count == structureIntensity.count && q.count == direction.count, "reflection arrays differ in length")
        self.q = q
        self.structureIntensity = structureIntensity
        self.direction = direction
    }

    /// The peak list at `wavelength` (Å) within `window` (2θ degrees), with Lorentz–polarisation,
    /// scaled to a maximum of 100: what `XRDCalculator` reports for that wavelength and window.
    /// `strain` scales every d-spacing by (1 + strain) (q by 1/(1 + strain)).
    /// `index` is the reflection's position in `q`.
    public func peaks(wavelength: Double, window: ClosedRange<Double>, strain: Double = 0)
        -> [(index: Int, twoTheta: Double, intensity: Double)] {
        var out: [(index: Int, twoTheta: Double, intensity: Double)] = []
        for (i, qi) in q.enumerated() {
            let s = qi / (1 + strain) * wavelength / (4 * Double.pi)
            guard s < 1 else { continue }
            let theta = asin(s)
            let tt = 2 * theta * 180 / Double.pi
            guard window.contains(tt) else { continue }
            out.append((i, tt, structureIntensity[i] * Self.lorentzPolarization(theta: theta)))
        }
        let top = out.map(\.intensity).max() ?? 0
        guard top > 0 else { return [] }
        return out.map { ($0.index, $0.twoTheta, $0.intensity / top * 100) }.filter { $0.intensity > 1e-3 }
    }
}
