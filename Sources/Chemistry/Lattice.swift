import Foundation

/// A 3-D lattice: three row vectors **a**, **b**, **c** in Å (the pymatgen convention: a
/// fractional row vector times `matrix` is a cartesian row vector).
public struct Lattice: Hashable, Sendable {
    /// Lattice vectors as rows: `vectors[0]` is **a**, and so on, in Å.
    public let vectors: [SIMD3<Double>]

    /// A lattice from its three vectors (rows), in Å.
    public init(vectors a: SIMD3<Double>, _ b: SIMD3<Double>, _ c: SIMD3<Double>) {
        vectors = [a, b, c]
    }

    /// A lattice from a 3×3 row-major matrix, in Å.
    public init(matrix m: [[Double]]) {
        precondition(m.count == 3 && m.allSatisfy { $0.count == 3 }, "a lattice matrix is 3×3")
        vectors = m.map { SIMD3($0[0], $0[1], $0[2]) }
    }

    /// A lattice from cell parameters (lengths in Å, angles in degrees), oriented as pymatgen's
    /// `Lattice.from_parameters` does: **c** along z, **a** in the xz plane.
    public init(a: Double, b: Double, c: Double, alpha: Double, beta: Double, gamma: Double) {
        let r = Double.pi / 180
        let (ca, cb, cg) = (cos(alpha * r), cos(beta * r), cos(gamma * r))
        let (sa, sb) = (sin(alpha * r), sin(beta * r))
        var gammaStar = (ca * cb - cg) / (sa * sb)
        gammaStar = Swift.max(-1, Swift.min(1, gammaStar))
        let sgs = (1 - gammaStar * gammaStar).squareRoot()
        let va = SIMD3(a * sb, 0, a * cb)
        let vb = SIMD3(-b * sa * gammaStar, b * sa * sgs, b * ca)
        let vc = SIMD3(0, 0, c)
        vectors = [va, vb, vc]
    }

    /// The 3×3 matrix with the lattice vectors as rows.
    public var matrix: [[Double]] { vectors.map { [$0.x, $0.y, $0.z] } }

    /// Lengths |a|, |b|, |c| in Å.
    public var lengths: SIMD3<Double> { SIMD3(norm(vectors[0]), norm(vectors[1]), norm(vectors[2])) }

    /// Angles α (b∧c), β (a∧c), γ (a∧b) in degrees.
    public var angles: SIMD3<Double> {
        func angle(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> Double {
            let c = Swift.max(-1, Swift.min(1, dot(u, v) / (norm(u) * norm(v))))
            return acos(c) * 180 / Double.pi
        }
        return SIMD3(angle(vectors[1], vectors[2]), angle(vectors[0], vectors[2]), angle(vectors[0], vectors[1]))
    }

    /// Signed volume a · (b × c) in Å³ (positive for a right-handed cell).
    public var signedVolume: Double { dot(vectors[0], cross(vectors[1], vectors[2])) }

    /// Cell volume in Å³.
    public var volume: Double { Swift.abs(signedVolume) }

    /// The reciprocal lattice **without** the 2π factor (crystallographer's convention: a*·a = 1),
    /// as rows, in Å⁻¹.
    public var reciprocal: Lattice {
        let v = signedVolume
        let (a, b, c) = (vectors[0], vectors[1], vectors[2])
        return Lattice(vectors: cross(b, c) / v, cross(c, a) / v, cross(a, b) / v)
    }

    /// Cartesian coordinates (Å) of a fractional coordinate.
    public func cartesian(_ f: SIMD3<Double>) -> SIMD3<Double> {
        f.x * vectors[0] + f.y * vectors[1] + f.z * vectors[2]
    }

    /// Fractional coordinates of a cartesian point (Å).
    public func fractional(_ p: SIMD3<Double>) -> SIMD3<Double> {
        let r = reciprocal.vectors
        return SIMD3(dot(p, r[0]), dot(p, r[1]), dot(p, r[2]))
    }
}

// Small vector helpers shared by the Chemistry module.
@inline(__always) func dot(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> Double { (u * v).sum() }
@inline(__always) func norm(_ u: SIMD3<Double>) -> Double { dot(u, u).squareRoot() }
@inline(__always) func cross(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
}
