/// Non-dispersive atomic X-ray scattering factors f(s), s = sin θ / λ in Å⁻¹.
///
/// The coefficients are pymatgen's (`analysis/diffraction/atomic_scattering_params.json`, MIT),
/// generated into `AtomicScatteringFactors+Table.swift` by `Scripts/fixtures/xrd_scattering_factors.py`,
/// and used in the form pymatgen's `XRDCalculator` uses (De Graef & McHenry, *Structure of
/// Materials*, ch. 12):
///
///     f(s) = Z − 41.78214 · s² · Σᵢ aᵢ exp(−bᵢ s²)
///
/// so f(0) = Z; the tabulated form reaches the neutral-atom curve only for s ≲ 2 Å⁻¹.
public enum AtomicScatteringFactors {
    /// The constant in front of the sum, as pymatgen writes it.
    static let prefactor = 41.78214

    /// Whether a coefficient set exists for this element.
    public static func isTabulated(_ element: Element) -> Bool {
        element.atomicNumber >= 1 && element.atomicNumber <= coefficientTable.count
    }

    /// The scattering factor (electrons) of `element` at s² = (sin θ / λ)² in Å⁻², or `nil` when
    /// the element has no coefficients.
    public static func value(_ element: Element, sSquared s2: Double) -> Double? {
        guard isTabulated(element) else { return nil }
        return value(z: element.atomicNumber, sSquared: s2)
    }

    /// f for atomic number `z` (1…94, a programmer-checked precondition) at s² in Å⁻².
    @inline(__always)
    static func value(z: Int, sSquared s2: Double) -> Double {
        let c = coefficientTable[z - 1]
        var sum = 0.0
        for (a, b) in c { sum += a * exp(-b * s2) }
        return Double(z) - prefactor * s2 * sum
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
