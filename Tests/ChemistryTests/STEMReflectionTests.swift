import Foundation
import Testing
@testable import Chemistry

/// Zone-axis reflections: the spots a Z-contrast image's power spectrum shows.
struct STEMReflectionTests {
    @Test func rockSaltDown001HasTheFCCExtinctions() throws {
        // Reference (kinematic, by hand): galena (a = 5.936 Å) down [001] projects to four equal
        // columns (Pb + S each) per a × a cell at (0,0), (½,0), (0,½), (½,½); F(h,k) = w(1 + (−1)^h
        // + (−1)^k + (−1)^{h+k}) vanishes unless h and k are both even, so the first spots are
        // (±2,0), (0,±2) at |g| = 2/a and the (1,0) spot at 1/a is extinct. Tolerances: 1e-9 Å⁻¹,
        // power 1e-9 relative.
        let a = 5.936
        let projection = try ZoneAxisProjection(crystal: STEMTestCrystals.galena, zoneAxis: SIMD3(0, 0, 1))
        let spots = projection.reflections(maxFrequency: 0.5)
        let strongest = spots.map(\.power).max()!
        let lit = spots.filter { $0.power > 1e-9 * strongest }
        let first = lit.map(\.frequency).min()!
        #expect(abs(first - 2 / a) < 1e-9)
        #expect(lit.filter { abs($0.frequency - 2 / a) < 1e-9 }.count == 4)
        let extinct = spots.filter { abs($0.frequency - 1 / a) < 1e-9 }
        #expect(extinct.count == 4 && extinct.allSatisfy { $0.power <= 1e-9 * strongest })
        // Every spot comes with its Friedel mate −g of equal power.
        for s in spots {
            #expect(spots.contains { $0.h == -s.h && $0.k == -s.k && abs($0.power - s.power) <= 1e-9 * strongest })
        }
        // Power of (2,0): (4 w)², w = (82^γ + 16^γ) / a per Å of column (γ = 1.7), tolerance 1e-9 relative.
        let w = (pow(82, 1.7) + pow(16, 1.7)) / a
        let p20 = lit.first { abs($0.frequency - 2 / a) < 1e-9 }!.power
        #expect(abs(p20 - 16 * w * w) <= 1e-9 * p20)
    }

    @Test func spotsStayWithinTheRequestedFrequency() throws {
        let projection = try ZoneAxisProjection(crystal: STEMTestCrystals.simpleCubic(4), zoneAxis: SIMD3(1, 1, 1))
        let spots = projection.reflections(maxFrequency: 0.6)
        #expect(!spots.isEmpty && spots.allSatisfy { $0.frequency <= 0.6 && $0.frequency > 0 })
        #expect(projection.reflections(maxFrequency: 0).isEmpty && projection.reflections(maxFrequency: .nan).isEmpty)
        // Simple cubic down [111]: a hexagonal net of side a·√(2/3); its first spots at
        // 2 / (√3 · a·√(2/3)) = √2 / a, six of them (tolerance 1e-9 Å⁻¹).
        let first = spots.map(\.frequency).min()!
        #expect(abs(first - 2.0.squareRoot() / 4) < 1e-9)
        #expect(spots.filter { abs($0.frequency - first) < 1e-9 }.count == 6)
    }
}
