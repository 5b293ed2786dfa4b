import Foundation
import Testing
@testable import Chemistry

/// Crystals built in code for the STEM tests (no CIF reader involved).
enum STEMTestCrystals {
    static func cubic(_ a: Double) -> Lattice { Lattice(a: a, b: a, c: a, alpha: 90, beta: 90, gamma: 90) }

    /// One atom per cubic cell.
    static func simpleCubic(_ a: Double, _ symbol: String = "Cu") -> Crystal {
        Crystal(lattice: cubic(a), sites: [Site(Element(symbol: symbol)!, at: .zero)])
    }

    /// Rock salt AB in the conventional cell (8 atoms): A on fcc sites, B shifted by (½, 0, 0).
    static func rockSalt(_ a: Double, _ cation: String, _ anion: String) -> Crystal {
        let fcc: [SIMD3<Double>] = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]]
        let A = Element(symbol: cation)!, B = Element(symbol: anion)!
        return Crystal(lattice: cubic(a),
                       sites: fcc.map { Site(A, at: $0) } + fcc.map { Site(B, at: $0 + SIMD3(0.5, 0, 0)) })
    }

    /// Galena, PbS, a = 5.936 Å (a common room-temperature value; the AMCSD fixture has 5.93 Å).
    static let galena = rockSalt(5.936, "Pb", "S")
}

/// The zone-axis projection: unimodular bases, projected cells and column contents.
struct STEMProjectionTests {
    @Test func projectedCellsOfSimpleCubic() throws {
        // Reference: the projected lattice of a cubic P lattice (a = 4 Å) down [001] is square a;
        // down [110] rectangular a/√2 × a; down [111] hexagonal with side a·√(2/3). Tolerance 1e-9 Å.
        let sc = STEMTestCrystals.simpleCubic(4)
        let cases: [(SIMD3<Int>, Double, Double, Double)] = [
            ([0, 0, 1], 4, 4, 90),
            ([1, 1, 0], 4 / 2.0.squareRoot(), 4, 90),
            ([1, 1, 1], 4 * (2.0 / 3).squareRoot(), 4 * (2.0 / 3).squareRoot(), 60),
        ]
        for (zone, l0, l1, angle) in cases {
            let p = try ZoneAxisProjection(crystal: sc, zoneAxis: zone)
            let (b0, b1) = p.basis
            let n0 = (b0 * b0).sum().squareRoot(), n1 = (b1 * b1).sum().squareRoot()
            #expect(abs(n0 - l0) < 1e-9 && abs(n1 - l1) < 1e-9, "\(zone): \(n0), \(n1)")
            let cosine = (b0 * b1).sum() / (n0 * n1)
            // Lagrange reduction gives 60° or 120° for a hexagonal net: compare |cos|.
            #expect(abs(abs(cosine) - abs(cos(angle * .pi / 180))) < 1e-9)
            #expect(p.columns.count == 1)
        }
    }

    @Test func everyLowIndexAxisGivesAUnimodularBasis() throws {
        // For each axis with indices in −3…3: det[t; p; q] = ±1 and cell area = V / |t| (1e-9 relative),
        // in a triclinic cell so that no symmetry hides an error.
        let lattice = Lattice(a: 4.1, b: 5.3, c: 6.7, alpha: 81, beta: 97, gamma: 104)
        let crystal = Crystal(lattice: lattice, sites: [Site(Element(symbol: "Fe")!, at: [0.1, 0.2, 0.3])])
        for u in -3...3 { for v in -3...3 { for w in -3...3 where (u, v, w) != (0, 0, 0) {
            let p = try ZoneAxisProjection(crystal: crystal, zoneAxis: [u, v, w])
            let t = p.zoneAxis, (a, b) = p.inPlaneIndices
            let det = t.x * (a.y * b.z - a.z * b.y) - t.y * (a.x * b.z - a.z * b.x) + t.z * (a.x * b.y - a.y * b.x)
            #expect(abs(det) == 1, "[\(u) \(v) \(w)]")
            let expected = lattice.volume / p.repeatDistance
            #expect(abs(p.cellArea - expected) < 1e-9 * expected, "[\(u) \(v) \(w)]")
            #expect(ZoneAxisProjection.gcd(ZoneAxisProjection.gcd(t.x, t.y), t.z) == 1)
        } } }
    }

    @Test func completionExistsForEveryAllowedAxis() {
        // Every primitive [uvw] with indices in ±12 (ZoneAxisProjection.maxIndex) completes to a
        // basis of determinant exactly 1 — the search radius ±2 is enough (the code relies on it).
        let n = ZoneAxisProjection.maxIndex
        var checked = 0
        for u in -n...n { for v in -n...n { for w in -n...n {
            let t = SIMD3(u, v, w)
            guard t != .zero, ZoneAxisProjection.gcd(ZoneAxisProjection.gcd(u, v), w) == 1 else { continue }
            let (p, q) = ZoneAxisProjection.unimodularCompletion(t)
            let det = t.x * (p.y * q.z - p.z * q.y) - t.y * (p.x * q.z - p.z * q.x) + t.z * (p.x * q.y - p.y * q.x)
            if det != 1 { Issue.record("[\(u) \(v) \(w)]: det \(det)") }
            checked += 1
        } } }
        #expect(checked > 10_000)
    }

    @Test func rockSaltColumns() throws {
        let galena = STEMTestCrystals.galena
        // [001]: four columns per conventional projected cell, each one Pb + one S per period a.
        let p001 = try ZoneAxisProjection(crystal: galena, zoneAxis: [0, 0, 1])
        #expect(p001.columns.count == 4)
        #expect(p001.columns.allSatisfy { $0.atomicNumbers == [16, 82] && $0.amounts == [1, 1] })
        // [110]: pure columns, two Pb and two S per cell, each 2 atoms per period a√2.
        let p110 = try ZoneAxisProjection(crystal: galena, zoneAxis: [2, 2, 0])  // reduced to [110]
        #expect(p110.zoneAxis == [1, 1, 0])
        #expect(p110.columns.filter { $0.atomicNumbers == [82] }.count == 2)
        #expect(p110.columns.filter { $0.atomicNumbers == [16] }.count == 2)
        #expect(p110.columns.allSatisfy { $0.amounts == [2] })
        #expect(abs(p110.repeatDistance - 5.936 * 2.0.squareRoot()) < 1e-9)
    }

    @Test func partialOccupancyWeightsTheColumn() throws {
        // A mixed Fe0.5Ni0.5 site: weight = (0.5·26^1.7 + 0.5·28^1.7) / a (per Å), tolerance 1e-9 relative.
        let site = Site(occupants: [Occupant(Species(Element(symbol: "Fe")!), occupancy: 0.5),
                                    Occupant(Species(Element(symbol: "Ni")!), occupancy: 0.5)], fracCoords: .zero)
        let crystal = Crystal(lattice: STEMTestCrystals.cubic(3), sites: [site])
        let p = try ZoneAxisProjection(crystal: crystal, zoneAxis: [0, 0, 1])
        let expected = (0.5 * pow(26, 1.7) + 0.5 * pow(28, 1.7)) / 3
        let weight = p.columns[0].weight(zExponent: 1.7, repeatDistance: p.repeatDistance)
        #expect(abs(weight - expected) < 1e-9 * expected)
    }

    @Test func crystalsThatCannotBeImaged() {
        let cubic = STEMTestCrystals.cubic(4)
        #expect(throws: STEMError.noSites) {
            try ZoneAxisProjection(crystal: Crystal(lattice: cubic, sites: []), zoneAxis: [0, 0, 1])
        }
        let empty = Site(occupants: [Occupant(Species(Element(symbol: "O")!), occupancy: 0)], fracCoords: .zero)
        #expect(throws: STEMError.noSites) {
            try ZoneAxisProjection(crystal: Crystal(lattice: cubic, sites: [empty]), zoneAxis: [0, 0, 1])
        }
        let flat = Lattice(vectors: [1, 0, 0], [0, 1, 0], [1, 1, 0])
        #expect(throws: STEMError.zeroVolume(volume: 0)) {
            try ZoneAxisProjection(crystal: Crystal(lattice: flat, sites: [Site(Element(symbol: "O")!, at: .zero)]),
                                   zoneAxis: [0, 0, 1])
        }
        let sc = STEMTestCrystals.simpleCubic(4)
        #expect(throws: STEMError.zeroZoneAxis) { try ZoneAxisProjection(crystal: sc, zoneAxis: .zero) }
        #expect(throws: STEMError.zoneAxisTooHigh(u: 13, v: 1, w: 0, limit: 12)) {
            try ZoneAxisProjection(crystal: sc, zoneAxis: [13, 1, 0])
        }
    }
}
