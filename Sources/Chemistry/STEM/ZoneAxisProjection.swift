import Foundation

/// A crystal seen down a zone axis [uvw] of its own lattice: the 2-D lattice of atomic columns and
/// what each column of one 2-D cell holds.
///
/// Method: the lattice vector **t** = u**a** + v**b** + w**c** (indices reduced by their gcd) is
/// completed to a unimodular basis (**t**, **p**, **q**), so the cell (**t**, **p**, **q**) has the
/// volume and atom count of the original. Every atom's fractional coordinates in that basis give its
/// column directly: (f_p, f_q) mod 1 is its position in the projected cell spanned by the projections
/// of **p** and **q** (Lagrange-reduced), and atoms at the same (f_p, f_q) stack in one column with
/// period |**t**|.
///
/// The 2-D frame: x along the projected **p**, y = beam × x, beam along +**t** — on screen x to the
/// right, y downward, looking along the beam.
public struct ZoneAxisProjection: Sendable {
    /// One atomic column of the projected cell.
    public struct Column: Hashable, Sendable {
        /// Position in the 2-D frame, in Å, inside the cell spanned by `basis`.
        public var position: SIMD2<Double>
        /// Atomic numbers present in the column, ascending.
        public var atomicNumbers: [Int]
        /// Summed occupancy of each of `atomicNumbers` over one repeat period |**t**| of the column.
        public var amounts: [Double]

        /// Σ amount · Z^γ per Å of thickness: the column's HAADF weight.
        public func weight(zExponent: Double, repeatDistance: Double) -> Double {
            var w = 0.0
            for (z, n) in zip(atomicNumbers, amounts) { w += n * pow(Double(z), zExponent) }
            return w / repeatDistance
        }
    }

    /// Largest |index| accepted in a zone axis.
    public static let maxIndex = 12
    /// Columns closer than this (Å, in projection) are merged into one.
    public static let mergeTolerance = 0.01

    /// The zone axis divided by the gcd of its indices.
    public let zoneAxis: SIMD3<Int>
    /// Unit beam direction (along **t**), cartesian.
    public let beamDirection: SIMD3<Double>
    /// |**t**|: the repeat distance along each column, in Å.
    public let repeatDistance: Double
    /// Integer indices of the in-plane lattice vectors **p**, **q** (rows of the new basis with **t**).
    public let inPlaneIndices: (SIMD3<Int>, SIMD3<Int>)
    /// The projected cell's basis vectors in the 2-D frame, in Å (Lagrange-reduced: shortest first).
    public let basis: (SIMD2<Double>, SIMD2<Double>)
    /// Cartesian unit vectors of the 2-D frame's x and y axes.
    public let frame: (x: SIMD3<Double>, y: SIMD3<Double>)
    /// The columns of one projected cell.
    public let columns: [Column]

    /// Area of the projected cell in Å² (= cell volume / |**t**|).
    public var cellArea: Double { Swift.abs(basis.0.x * basis.1.y - basis.0.y * basis.1.x) }

    /// Projects `crystal` along `zoneAxis` (indices of its lattice vectors).
    /// - Throws: `STEMError.noSites`, `.zeroVolume`, `.zeroZoneAxis`, `.zoneAxisTooHigh`.
    public init(crystal: Crystal, zoneAxis uvw: SIMD3<Int>) throws(STEMError) {
        let lattice = crystal.lattice
        let volume = lattice.volume
        guard volume.isFinite, volume > 1e-6 else { throw .zeroVolume(volume: volume) }
        guard uvw != .zero else { throw .zeroZoneAxis }
        guard Swift.max(Swift.abs(uvw.x), Swift.abs(uvw.y), Swift.abs(uvw.z)) <= Self.maxIndex else {
            throw .zoneAxisTooHigh(u: uvw.x, v: uvw.y, w: uvw.z, limit: Self.maxIndex)
        }
        let g = Self.gcd(Self.gcd(uvw.x, uvw.y), uvw.z)
        let t = uvw / g
        zoneAxis = t

        let cart = { (v: SIMD3<Int>) -> SIMD3<Double> in lattice.cartesian(SIMD3(Double(v.x), Double(v.y), Double(v.z))) }
        let tCart = cart(t)
        repeatDistance = norm(tCart)
        let n = tCart / repeatDistance
        beamDirection = n
        let project = { (v: SIMD3<Double>) -> SIMD3<Double> in v - dot(v, n) * n }

        // Complete t to a unimodular basis, then Lagrange-reduce the projected pair.
        var (p, q) = Self.unimodularCompletion(t)
        var (pc, qc) = (project(cart(p)), project(cart(q)))
        while true {
            if dot(pc, pc) > dot(qc, qc) { swap(&p, &q); swap(&pc, &qc) }
            // Stop once |p·q| ≤ |p|²/2 (with slack for rounding): a ratio of exactly ±½ would
            // otherwise flip q back and forth forever.
            let ratio = dot(pc, qc) / dot(pc, pc)
            if Swift.abs(ratio) <= 0.5 + 1e-9 { break }
            let m = Int(ratio.rounded())
            q &-= m &* p
            qc = project(cart(q))
        }
        // Right-handed in the plane: p × q along the beam.
        if dot(cross(pc, qc), n) < 0 { q = 0 &- q; qc = -qc }
        inPlaneIndices = (p, q)
        let ex = pc / norm(pc)
        let ey = cross(n, ex)
        frame = (ex, ey)
        let b0 = SIMD2(dot(pc, ex), dot(pc, ey)), b1 = SIMD2(dot(qc, ex), dot(qc, ey))
        basis = (b0, b1)

        // Fractional coordinates in the new basis: f' = f · M⁻¹ with M = rows (t, p, q).
        let inverse = Self.inverse(rows: t, p, q)
        var merged = [Column]()
        for site in crystal.sites {
            let occupants = site.occupants.filter { $0.occupancy > 0 }
            guard !occupants.isEmpty else { continue }
            let f = site.fracCoords
            let fp = f.x * inverse[0].y + f.y * inverse[1].y + f.z * inverse[2].y
            let fq = f.x * inverse[0].z + f.y * inverse[1].z + f.z * inverse[2].z
            let frac = SIMD2(fp - fp.rounded(.down), fq - fq.rounded(.down))
            let position = frac.x * b0 + frac.y * b1
            let index = merged.firstIndex { column in
                // Minimum-image distance in the reduced 2-D cell.
                var d = Self.fractional2D(column.position - position, b0, b1)
                d -= d.rounded(.toNearestOrAwayFromZero)
                let dc = d.x * b0 + d.y * b1
                return (dc * dc).sum().squareRoot() < Self.mergeTolerance
            }
            var column = index.map { merged[$0] } ?? Column(position: position, atomicNumbers: [], amounts: [])
            for o in occupants {
                let z = o.species.element.atomicNumber
                if let k = column.atomicNumbers.firstIndex(of: z) {
                    column.amounts[k] += o.occupancy
                } else {
                    column.atomicNumbers.append(z)
                    column.amounts.append(o.occupancy)
                }
            }
            if let index { merged[index] = column } else { merged.append(column) }
        }
        guard !merged.isEmpty else { throw .noSites }
        columns = merged.map { c in
            let order = c.atomicNumbers.indices.sorted { c.atomicNumbers[$0] < c.atomicNumbers[$1] }
            return Column(position: c.position, atomicNumbers: order.map { c.atomicNumbers[$0] },
                          amounts: order.map { c.amounts[$0] })
        }
    }

    /// Coordinates of `v` in the 2-D basis (`b0`, `b1`).
    static func fractional2D(_ v: SIMD2<Double>, _ b0: SIMD2<Double>, _ b1: SIMD2<Double>) -> SIMD2<Double> {
        let det = b0.x * b1.y - b0.y * b1.x
        return SIMD2((v.x * b1.y - v.y * b1.x) / det, (b0.x * v.y - b0.y * v.x) / det)
    }

    /// Two integer vectors p, q with det[t; p; q] = 1, for a primitive t (gcd of indices 1):
    /// p is the smallest vector with t × p primitive, q solves (t × p) · q = 1 by Bézout.
    static func unimodularCompletion(_ t: SIMD3<Int>) -> (SIMD3<Int>, SIMD3<Int>) {
        for p in completionCandidates {
            let c = SIMD3(t.y * p.z - t.z * p.y, t.z * p.x - t.x * p.z, t.x * p.y - t.y * p.x)
            guard c != .zero, gcd(gcd(c.x, c.y), c.z) == 1 else { continue }
            let (g1, x1, y1) = extendedGCD(c.x, c.y)
            let (g2, x2, y2) = extendedGCD(g1, c.z)
            precondition(g2 == 1, "Bézout failed for a primitive vector")
            return (p, SIMD3(x1 * x2, y1 * x2, y2))
        }
        // Unreachable: an exhaustive check of every primitive t with indices in ±maxIndex (12)
        // finds a p within ±2 (STEMProjectionTests.completionExistsForEveryAllowedAxis).
        preconditionFailure("no unimodular completion found for \(t)")
    }

    /// Integer vectors with entries in ±2, shortest first: where `unimodularCompletion` looks for p.
    static let completionCandidates: [SIMD3<Int>] = {
        var candidates = [SIMD3<Int>]()
        for x in -2...2 { for y in -2...2 { for z in -2...2 { candidates.append(SIMD3(x, y, z)) } } }
        return candidates.sorted { ($0 &* $0).wrappedSum() < ($1 &* $1).wrappedSum() }
    }()

    /// The inverse of the integer matrix with rows a, b, c, whose determinant is ±1, as rows.
    static func inverse(rows a: SIMD3<Int>, _ b: SIMD3<Int>, _ c: SIMD3<Int>) -> [SIMD3<Double>] {
        let m = [a, b, c].map { SIMD3(Double($0.x), Double($0.y), Double($0.z)) }
        let det = dot(m[0], cross(m[1], m[2]))
        // Columns of the inverse are the cross products of rows divided by the determinant.
        let c0 = cross(m[1], m[2]) / det, c1 = cross(m[2], m[0]) / det, c2 = cross(m[0], m[1]) / det
        return [SIMD3(c0.x, c1.x, c2.x), SIMD3(c0.y, c1.y, c2.y), SIMD3(c0.z, c1.z, c2.z)]
    }
}

extension ZoneAxisProjection {
    /// Greatest common divisor, non-negative (gcd(0, 0) = 0).
    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (Swift.abs(a), Swift.abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }

    /// (g, x, y) with a·x + b·y = g = gcd(a, b) ≥ 0.
    static func extendedGCD(_ a: Int, _ b: Int) -> (Int, Int, Int) {
        var (oldR, r) = (a, b), (oldS, s) = (1, 0), (oldT, t) = (0, 1)
        while r != 0 {
            let quotient = oldR / r
            (oldR, r) = (r, oldR - quotient * r)
            (oldS, s) = (s, oldS - quotient * s)
            (oldT, t) = (t, oldT - quotient * t)
        }
        return oldR < 0 ? (-oldR, -oldS, -oldT) : (oldR, oldS, oldT)
    }
}
