import Foundation
import Testing
@testable import Chemistry

struct CrystalGraphTests {
    /// The 12 nearest distances within 6 Å of each node equal pymatgen's (fixture from
    /// `Scripts/fixtures/neighbors.py`; tolerance 1e-5 Å, the Float32 rounding of ≤ 6 Å values).
    @Test func edgesAreTheTwelveNearestWithinSixAngstrom() throws {
        for s in try NeighborFixture.load().structures {
            let crystal = try s.crystal()
            let graph = CrystalGraph(crystal: crystal)
            #expect(graph.nodeCount == crystal.sites.count)
            for i in 0..<graph.nodeCount {
                let got = graph.edges(of: i).map { Double(graph.distances[$0]) }
                let want = s.graph_distances[i]
                #expect(got.count == want.count, "\(s.name) node \(i)")
                #expect(zip(got, want).allSatisfy { abs($0 - $1) < 1e-5 }, "\(s.name) node \(i)")
                #expect(graph.edges(of: i).allSatisfy { graph.sources[$0] == Int32(i) })
            }
        }
    }

    @Test func isolatedAndSparseNodes() {
        let big = Lattice(a: 20, b: 20, c: 20, alpha: 90, beta: 90, gamma: 90)
        let na = Element(symbol: "Na")!, cl = Element(symbol: "Cl")!
        let lone = Crystal(lattice: big, sites: [Site(na, at: .zero)])
        let g = CrystalGraph(crystal: lone)
        #expect(g.nodeCount == 1 && g.edgeCount == 0 && g.edgeOffsets == [0, 0])
        #expect(g.edgeFeatures(GaussianExpansion()).isEmpty)

        // A dimer 2.8 Å apart, alone in the cell: one edge each way, far fewer than 12.
        let dimer = Crystal(lattice: big, sites: [Site(na, at: .zero), Site(cl, at: SIMD3(0.14, 0, 0))])
        let d = CrystalGraph(crystal: dimer, includeVectors: true)
        #expect(d.sources == [0, 1] && d.destinations == [1, 0])
        #expect(abs(d.distances[0] - 2.8) < 1e-5)  // 0.14 × 20 Å, Float32
        #expect(abs(d.vectors![0].x - 2.8) < 1e-5 && abs(d.vectors![1].x + 2.8) < 1e-5)
        #expect(d.images! == [SIMD3<Int32>(0, 0, 0), SIMD3<Int32>(0, 0, 0)])
    }

    @Test func maxNeighborsIsConfigurable() throws {
        // Halite (fixture): 8 sites; with no limit each node has every neighbour within 6 Å.
        let halite = try #require(try NeighborFixture.load().structures.first { $0.name.contains("Halite") })
        let crystal = try halite.crystal()
        let all = CrystalGraph(crystal: crystal, radius: 5, maxNeighbors: nil)
        let list = crystal.neighbors(within: 5)
        #expect(all.edgeCount == list.pairs.count)
        let four = CrystalGraph(crystal: crystal, radius: 5, maxNeighbors: 4)
        #expect(four.edgeCount == 4 * crystal.sites.count)
    }

    @Test func nodeOccupantsCarryOccupancy() throws {
        let forsterite = try #require(try NeighborFixture.load().structures.first { $0.name.contains("Forsterite") })
        let graph = CrystalGraph(crystal: try forsterite.crystal())
        let mixed = graph.nodeOccupants.filter { $0.count == 2 }
        #expect(!mixed.isEmpty)
        for node in mixed {
            #expect(Set(node.map(\.atomicNumber)) == [12, 26])          // Mg and Fe
            #expect(abs(node.map(\.occupancy).reduce(0, +) - 1) < 1e-6)  // fully occupied together
        }
    }

    @Test func gaussianExpansion() {
        let g = GaussianExpansion()          // 0…6 Å, 31 centres, width 0.2 Å (CGCNN)
        #expect(g.count == 31)
        #expect(abs(g.centers[1] - 0.2) < 1e-6 && abs(g.width - 0.2) < 1e-6)
        let f = g.expand(Float(2.0))         // centre 10 sits at 2.0 Å
        #expect(abs(f[10] - 1) < 1e-6)
        #expect(abs(f[11] - Foundation.exp(-1)) < 1e-5)  // one width away: e^-1
        #expect(abs(f[9] - f[11]) < 1e-6)
        let rows = g.expand([Float(0), 6])
        #expect(rows.count == 62 && abs(rows[0] - 1) < 1e-6 && abs(rows[61] - 1) < 1e-6)
        let custom = GaussianExpansion(start: 0, stop: 5, count: 11, width: 0.5)
        #expect(custom.centers.count == 11 && abs(custom.centers[10] - 5) < 1e-6)
    }
}
