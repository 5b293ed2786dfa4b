import Foundation
import Testing
@testable import Chemistry

struct LatticeTests {
    struct Entry: Decodable {
        let parameters: [Double]
        let matrix: [[Double]]
        let volume: Double
        let reciprocal: [[Double]]
        let frac: [Double]
        let cart: [Double]
    }
    struct Fixture: Decodable { let lattices: [Entry] }

    private func close(_ v: SIMD3<Double>, _ w: [Double], _ tol: Double) -> Bool {
        abs(v.x - w[0]) < tol && abs(v.y - w[1]) < tol && abs(v.z - w[2]) < tol
    }

    /// Matrix, volume, reciprocal and cartesian(_:) against pymatgen (`Scripts/fixtures/lattices.py`);
    /// tolerance 1e-9 in Å, Å⁻¹ and Å³·1e-9 relative (same formulas, different operation order).
    @Test func matchesPymatgen() throws {
        let fixture = try JSONDecoder().decode(Fixture.self, from: ChemistryFixtures.data("lattices/pymatgen_lattices.json"))
        #expect(fixture.lattices.count == 6)
        for e in fixture.lattices {
            let p = e.parameters
            let lat = Lattice(a: p[0], b: p[1], c: p[2], alpha: p[3], beta: p[4], gamma: p[5])
            for k in 0..<3 {
                #expect(close(lat.vectors[k], e.matrix[k], 1e-9), "\(p) row \(k)")
                #expect(close(lat.reciprocal.vectors[k], e.reciprocal[k], 1e-9), "\(p) reciprocal row \(k)")
            }
            #expect(abs(lat.volume - e.volume) < 1e-9 * e.volume)
            let f = SIMD3(e.frac[0], e.frac[1], e.frac[2])
            #expect(close(lat.cartesian(f), e.cart, 1e-9))
            #expect(close(lat.fractional(lat.cartesian(f)), e.frac, 1e-12))
            // Parameters survive the round trip (1e-9 Å, 1e-9 degrees).
            #expect(close(lat.lengths, Array(p[0...2]), 1e-9) && close(lat.angles, Array(p[3...5]), 1e-9))
            // a*·a = 1, a*·b = 0 (crystallographer's reciprocal, no 2π); tolerance 1e-12.
            let r = lat.reciprocal.vectors
            for i in 0..<3 { for j in 0..<3 {
                #expect(abs((r[i] * lat.vectors[j]).sum() - (i == j ? 1 : 0)) < 1e-12)
            } }
        }
    }

    @Test func matrixInitialiserAndSignedVolume() {
        let m = [[2.0, 0, 0], [0, 3, 0], [0, 0, 4]]
        let lat = Lattice(matrix: m)
        #expect(lat.matrix == m)
        #expect(lat.volume == 24 && lat.signedVolume == 24)
        let left = Lattice(matrix: [[0.0, 3, 0], [2, 0, 0], [0, 0, 4]])
        #expect(left.signedVolume == -24 && left.volume == 24)
    }

    @Test func densityOfHalite() throws {
        // Halite, a = 5.64 Å, 4 NaCl per cell: ρ = 4 × 58.44 g/mol / (N_A × 179.4 Å³) ≈ 2.164 g/cm³
        // (tolerance 1e-3 g/cm³ covers the table's atomic masses).
        let na = Element(symbol: "Na")!, cl = Element(symbol: "Cl")!
        let fcc: [SIMD3<Double>] = [.zero, SIMD3(0, 0.5, 0.5), SIMD3(0.5, 0, 0.5), SIMD3(0.5, 0.5, 0)]
        let sites = fcc.map { Site(na, at: $0) } + fcc.map { Site(cl, at: $0 + SIMD3(0.5, 0, 0)) }
        let c = Crystal(lattice: Lattice(a: 5.64, b: 5.64, c: 5.64, alpha: 90, beta: 90, gamma: 90), sites: sites)
        #expect(abs(c.density - 2.164) < 1e-3)
        #expect(c.isOrdered)
    }
}
