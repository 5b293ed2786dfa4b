#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The scatterers of a crystal laid out for the structure-factor kernel: occupants grouped by
/// element, each group padded to whole SIMD4 chunks with zero-occupancy dummies.
struct Scatterers {
    struct Group {
        /// Atomic number.
        var z: Int
        /// Debye–Waller B in Å².
        var debyeWaller: Double
        /// The group's chunks are `firstChunk ..< firstChunk + chunkCount`.
        var firstChunk: Int
        var chunkCount: Int
        /// Scattering-factor coefficients (a, b) for this element.
        var a: SIMD4<Double>, b: SIMD4<Double>

        /// f(s²) · exp(−B s²) in electrons.
        @inline(__always)
        func factor(sSquared s2: Double) -> Double {
            let e = SIMD4(exp(-b[0] * s2), exp(-b[1] * s2), exp(-b[2] * s2), exp(-b[3] * s2))
            var f = Double(z) - AtomicScatteringFactors.prefactor * s2 * (a * e).sum()
            if debyeWaller != 0 { f *= exp(-debyeWaller * s2) }
            return f
        }
    }

    var groups: [Group] = []
    /// Fractional coordinates and occupancies, 4 occupants per chunk.
    var x: [SIMD4<Double>] = [], y: [SIMD4<Double>] = [], zc: [SIMD4<Double>] = []
    var occupancy: [SIMD4<Double>] = []
    /// (Σ occupancy · Z)², the largest possible |F|² (electrons²): |F|² below 1e-18 of it is an
    /// exact extinction blurred by rounding (see `reflections`).
    var forwardScatteringSquared = 0.0

    /// - Throws: `XRDError` for an empty crystal, a bad occupancy or coordinate, or an element
    ///   without a scattering factor.
    init(crystal: Crystal, debyeWaller: [Element: Double]) throws {
        var byElement: [Int: [(SIMD3<Double>, Double)]] = [:]
        var order: [Int] = []
        for (i, site) in crystal.sites.enumerated() {
            let r = site.fracCoords
            guard r.x.isFinite, r.y.isFinite, r.z.isFinite else { throw XRDError.invalidCoordinates(site: i) }
            for occupant in site.occupants {
                let occ = occupant.occupancy
                guard occ.isFinite, occ >= 0 else { throw XRDError.invalidOccupancy(site: i, occupancy: occ) }
                let element = occupant.element
                guard AtomicScatteringFactors.isTabulated(element) else {
                    throw XRDError.unknownScatteringFactor(site: i, element: element.symbol)
                }
                guard occ > 0 else { continue }
                if byElement[element.atomicNumber] == nil { order.append(element.atomicNumber) }
                byElement[element.atomicNumber, default: []].append((r, occ))
            }
        }
        guard !order.isEmpty else { throw XRDError.noScatterers }
        for z in order {
            let members = byElement[z] ?? []
            let chunks = (members.count + 3) / 4
            var group = Group(z: z, debyeWaller: 0, firstChunk: x.count, chunkCount: chunks,
                              a: .zero, b: .zero)
            if let element = Element(atomicNumber: z) { group.debyeWaller = debyeWaller[element] ?? 0 }
            for (j, pair) in AtomicScatteringFactors.coefficientTable[z - 1].prefix(4).enumerated() {
                group.a[j] = pair.a
                group.b[j] = pair.b
            }
            groups.append(group)
            for c in 0..<chunks {
                var cx = SIMD4<Double>.zero, cy = cx, cz = cx, co = cx
                for lane in 0..<4 where 4 * c + lane < members.count {
                    let (r, occ) = members[4 * c + lane]
                    (cx[lane], cy[lane], cz[lane], co[lane]) = (r.x, r.y, r.z, occ)
                }
                x.append(cx); y.append(cy); zc.append(cz); occupancy.append(co)
            }
            let total = members.reduce(0) { $0 + $1.1 } * Double(z)
            forwardScatteringSquared += total
        }
        forwardScatteringSquared *= forwardScatteringSquared
    }
}
