/// The reciprocal lattice of a crystal (no 2π: a*·a = 1) and the index bounds of spheres in it.
struct ReciprocalSpace {
    /// a*, b*, c* in Å⁻¹ (cartesian rows).
    let aStar: SIMD3<Double>, bStar: SIMD3<Double>, cStar: SIMD3<Double>
    /// |a|, |b|, |c| of the direct lattice in Å.
    let directLengths: SIMD3<Double>

    init(lattice: Lattice) {
        let r = lattice.reciprocal.vectors
        (aStar, bStar, cStar) = (r[0], r[1], r[2])
        directLengths = lattice.lengths
    }

    /// The largest |h|, |k|, |l| of any point with |g| ≤ `radius` (Å⁻¹), as real numbers
    /// (round down to index; they may be too large for `Int` on absurd inputs).
    ///
    /// h = g · a, so |h| ≤ |g| |a|; likewise for k and l.
    func indexLimits(radius: Double) -> SIMD3<Double> {
        (radius * directLengths * (1 + 1e-12)).rounded(.down)
    }

    /// `indexLimits` as integers; the limits must be representable (a precondition).
    func indexBounds(radius: Double) -> SIMD3<Int> {
        let m = indexLimits(radius: radius)
        return SIMD3(Int(m.x), Int(m.y), Int(m.z))
    }

    /// The shortest non-zero reciprocal-lattice vector length |g|_min in Å⁻¹ (1 / d_max).
    ///
    /// Searches the sphere of radius min(|a*|, |b*|, |c*|), which holds at least one non-zero point.
    func shortestVector() -> Double {
        let r0 = Swift.min(norm(aStar), norm(bStar), norm(cStar))
        let b = indexBounds(radius: r0)
        var best = r0
        for h in 0...b.x {
            for k in -b.y...b.y {
                for l in -b.z...b.z where h != 0 || k != 0 || l != 0 {
                    let g = Double(h) * aStar + Double(k) * bStar + Double(l) * cStar
                    best = Swift.min(best, norm(g))
                }
            }
        }
        return best
    }
}
