import Foundation

extension ZoneAxisProjection {
    /// A spatial frequency of the projected crystal: where a Z-contrast image down this zone axis
    /// has a spot in its power spectrum, and how strong the spot is before the probe blurs it.
    public struct Reflection: Hashable, Sendable {
        /// Indices (h, k) along the reciprocal vectors of `basis`.
        public var h: Int
        public var k: Int
        /// |**g**| in cycles per Å (1 / lattice-plane spacing).
        public var frequency: Double
        /// |Σ_columns w · e^{2πi **g**·**r**}|², w = the column's HAADF weight (Σ occupancy · Z^γ per Å).
        public var power: Double
    }

    /// Every reflection **g** = h**a*** + k**b*** ≠ 0 of the projected cell with |**g**| ≤
    /// `maxFrequency` (cycles per Å), both **g** and −**g**: the kinematic "structure factor" of the
    /// projected Z-contrast potential, so a spot that the columns' arrangement extinguishes has
    /// power ≈ 0 (as in the image's power spectrum).
    /// - Complexity: O(reflections × columns); at most `maxIndex2D` indices each way are enumerated.
    public func reflections(maxFrequency: Double, zExponent: Double = 1.7) -> [Reflection] {
        guard maxFrequency.isFinite, maxFrequency > 0 else { return [] }
        let (b0, b1) = basis
        let det = b0.x * b1.y - b0.y * b1.x
        guard Swift.abs(det) > 1e-9 else { return [] }
        // Reciprocal vectors: a*·b0 = 1, a*·b1 = 0, b*·b0 = 0, b*·b1 = 1.
        let aStar = SIMD2(b1.y, -b1.x) / det, bStar = SIMD2(-b0.y, b0.x) / det
        let hMax = Swift.min(Self.maxIndex2D, Int((maxFrequency * (b0 * b0).sum().squareRoot()).rounded(.down)))
        let kMax = Swift.min(Self.maxIndex2D, Int((maxFrequency * (b1 * b1).sum().squareRoot()).rounded(.down)))
        let fractional = columns.map { Self.fractional2D($0.position, b0, b1) }
        let weights = columns.map { $0.weight(zExponent: zExponent, repeatDistance: repeatDistance) }
        var out: [Reflection] = []
        for h in -hMax...hMax {
            for k in -kMax...kMax where h != 0 || k != 0 {
                let g = Double(h) * aStar + Double(k) * bStar
                let s = (g * g).sum().squareRoot()
                guard s <= maxFrequency else { continue }
                var re = 0.0, im = 0.0
                for (f, w) in zip(fractional, weights) {
                    let phase = 2 * Double.pi * (Double(h) * f.x + Double(k) * f.y)
                    re += w * cos(phase)
                    im += w * sin(phase)
                }
                out.append(Reflection(h: h, k: k, frequency: s, power: re * re + im * im))
            }
        }
        return out
    }

    /// The low-index zone axes micrographs are usually recorded along, principal axes first.
    public static let lowIndexAxes: [SIMD3<Int>] = [
        SIMD3(0, 0, 1), SIMD3(0, 1, 0), SIMD3(1, 0, 0), SIMD3(1, 1, 0), SIMD3(1, 0, 1), SIMD3(0, 1, 1), SIMD3(1, 1, 1),
    ]

    /// Largest |h| or |k| `reflections` enumerates (bounds the work for very large projected cells).
    public static let maxIndex2D = 64
}
