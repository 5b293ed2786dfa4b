import Foundation
import Testing
@testable import Chemistry

/// A structure from `Fixtures/neighbors/pymatgen_neighbors.json` (made by `Scripts/fixtures/neighbors.py`).
struct NeighborFixture: Decodable {
    struct OccupantEntry: Decodable {
        let symbol: String
        let occupancy: Double
        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            symbol = try c.decode(String.self)
            occupancy = try c.decode(Double.self)
        }
    }
    struct Structure: Decodable {
        let name: String
        let lattice: [[Double]]
        let occupants: [[OccupantEntry]]
        let frac_coords: [[Double]]
        let counts: [String: [Int]]
        let graph_distances: [[Double]]

        func crystal() throws -> Crystal {
            var sites: [Site] = []
            for (occ, f) in zip(occupants, frac_coords) {
                let o = try occ.map { Occupant(Species(try #require(Element(symbol: $0.symbol))), occupancy: $0.occupancy) }
                sites.append(Site(occupants: o, fracCoords: SIMD3(f[0], f[1], f[2])))
            }
            return Crystal(lattice: Lattice(matrix: lattice), sites: sites, title: name)
        }
    }
    let cutoffs: [Double]
    let structures: [Structure]

    static func load() throws -> NeighborFixture {
        try JSONDecoder().decode(NeighborFixture.self, from: ChemistryFixtures.data("neighbors/pymatgen_neighbors.json"))
    }
}

struct NeighborListTests {
    /// Per-site neighbour counts equal pymatgen's `get_all_neighbors` (exact integers; the fixture
    /// records that no distance lies within 1e-4 Å of a cutoff).
    @Test func countsMatchPymatgen() throws {
        let fixture = try NeighborFixture.load()
        #expect(fixture.structures.count >= 10)
        for s in fixture.structures {
            let crystal = try s.crystal()
            for r in fixture.cutoffs {
                let list = crystal.neighbors(within: r)
                let counts = (0..<crystal.sites.count).map { list.neighbors(of: $0).count }
                #expect(counts == s.counts[String(r)], "\(s.name) r=\(r)")
            }
        }
    }

    /// Random strongly skewed cells against brute force over ±10 images per axis (enough: every cell
    /// has plane spacings ≥ 0.7 Å and cutoffs ≤ 6 Å, so no neighbour is more than 9.6 cells away).
    /// Same (neighbour, image) pairs; distances equal within 1e-9 Å.
    @Test func matchesBruteForceOnRandomSkewedCells() {
        var rng = SeededGenerator(seed: 42)
        var checked = 0
        while checked < 25 {
            let a = SIMD3(Double.random(in: 2...7, using: &rng), 0, 0)
            let b = SIMD3(Double.random(in: -9...9, using: &rng), Double.random(in: 1.5...6, using: &rng), 0)
            let c = SIMD3(Double.random(in: -9...9, using: &rng), Double.random(in: -9...9, using: &rng),
                          Double.random(in: 1.5...6, using: &rng))
            let lattice = Lattice(vectors: a, b, c)
            let spacing = lattice.reciprocal.vectors.map { 1 / ($0 * $0).sum().squareRoot() }
            guard spacing.allSatisfy({ $0 >= 0.7 }) else { continue }
            let n = Int.random(in: 1...8, using: &rng)
            // Unwrapped coordinates on purpose: images must refer to the coordinates as given.
            let fracs = (0..<n).map { _ in SIMD3((0..<3).map { _ in Double.random(in: -1.5...2.5, using: &rng) }) }
            let cutoff = Double.random(in: 1...6, using: &rng)
            let list = NeighborList(lattice: lattice, fracCoords: fracs, cutoff: cutoff)
            for i in 0..<n {
                var expected: [String: Double] = [:]
                for j in 0..<n {
                    for x in -10...10 { for y in -10...10 { for z in -10...10 {
                        let image = SIMD3(x, y, z)
                        let v = lattice.cartesian(fracs[j] + SIMD3<Double>(Double(x), Double(y), Double(z))) - lattice.cartesian(fracs[i])
                        let d = (v * v).sum().squareRoot()
                        if d <= cutoff, d >= 1e-8 { expected["\(j) \(image)"] = d }
                    } } }
                }
                let got = list.neighbors(of: i)
                #expect(got.count == expected.count, "cell \(checked) site \(i)")
                for nb in got {
                    let d = expected["\(nb.neighbor) \(nb.image)"]
                    #expect(d != nil && abs(d! - nb.distance) < 1e-9, "cell \(checked) site \(i) \(nb)")
                    let v = lattice.cartesian(fracs[nb.neighbor] + SIMD3<Double>(nb.image)) - lattice.cartesian(fracs[i])
                    #expect(((v - nb.vector) * (v - nb.vector)).sum() < 1e-18)
                }
                #expect(zip(got, got.dropFirst()).allSatisfy { $0.distance <= $1.distance })
            }
            checked += 1
        }
    }

    /// One atom in a 2.556 Å fcc primitive cell with a 10 Å cutoff: the fcc shells (12, 6, 24, 12,
    /// 24, 8, 48, …) — counted by brute force over ±12 images, not recomputed by the same code.
    @Test func cutoffMuchLargerThanCell() {
        let lattice = Lattice(a: 2.556, b: 2.556, c: 2.556, alpha: 60, beta: 60, gamma: 60)
        let list = NeighborList(lattice: lattice, fracCoords: [.zero], cutoff: 10)
        var brute = 0
        for x in -12...12 { for y in -12...12 { for z in -12...12 where (x, y, z) != (0, 0, 0) {
            let v = lattice.cartesian(SIMD3(Double(x), Double(y), Double(z)))
            if (v * v).sum().squareRoot() <= 10 { brute += 1 }
        } } }
        #expect(list.neighbors(of: 0).count == brute)
        #expect(list.neighbors(of: 0).prefix(12).allSatisfy { abs($0.distance - 2.556) < 1e-9 })
    }

    @Test func degenerateInputsGiveNoPairsInsteadOfTrapping() {
        let flat = Lattice(vectors: SIMD3(1, 0, 0), SIMD3(2, 0, 0), SIMD3(0, 0, 1))
        #expect(NeighborList(lattice: flat, fracCoords: [.zero, SIMD3(0.5, 0.5, 0.5)], cutoff: 3).pairs.isEmpty)
        let cubic = Lattice(a: 3, b: 3, c: 3, alpha: 90, beta: 90, gamma: 90)
        let list = NeighborList(lattice: cubic, fracCoords: [.zero, SIMD3(.nan, 0, 0)], cutoff: 3.1)
        #expect(list.neighbors(of: 0).count == 6)   // the six face neighbours of a simple cubic site
        #expect(list.neighbors(of: 1).isEmpty)
        #expect(NeighborList(lattice: cubic, fracCoords: [], cutoff: 3).siteCount == 0)
    }

    /// Two sites at the same point (a split/mixed site given twice) are not each other's neighbours
    /// (as in pymatgen), but both see the rest.
    @Test func coincidentSitesAreNotNeighbours() {
        let cubic = Lattice(a: 3, b: 3, c: 3, alpha: 90, beta: 90, gamma: 90)
        let list = NeighborList(lattice: cubic, fracCoords: [.zero, .zero], cutoff: 3.1)
        #expect(list.neighbors(of: 0).count == 12)  // 6 images of itself + 6 of the twin
        #expect(!list.neighbors(of: 0).contains { $0.distance < 1e-8 })
    }
}
