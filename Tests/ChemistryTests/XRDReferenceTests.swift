import Foundation
import Testing
@testable import Chemistry

/// The fast kernel (Friedel half-space, phase tables built by recurrence, SIMD sums, merge by
/// sort) against a direct transcription of the formulas (whole sphere, cos/sin per atom and
/// reflection, dictionary merge) on seeded random crystals: triclinic cells, 1–12 sites, mixed and
/// partial occupancy, Debye–Waller factors, random windows and wavelengths.
@Suite struct XRDReferenceTests {
    /// A small deterministic generator (SplitMix64) so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Peaks as (2θ, scaled intensity) from the textbook sums.
    static func reference(_ crystal: Crystal, lambda: Double, range: ClosedRange<Double>,
                          debyeWaller: [Element: Double]) -> [(Double, Double)] {
        let recip = crystal.lattice.reciprocal.vectors
        let maxR = 2 * sin(range.upperBound * .pi / 360) / lambda
        let minR = 2 * sin(range.lowerBound * .pi / 360) / lambda
        let lengths = crystal.lattice.lengths
        let n = SIMD3<Int>(Int(maxR * lengths.x) + 1, Int(maxR * lengths.y) + 1, Int(maxR * lengths.z) + 1)
        var bins: [Int: (twoTheta: Double, intensity: Double)] = [:]
        for h in -n.x...n.x {
            for k in -n.y...n.y {
                for l in -n.z...n.z where h != 0 || k != 0 || l != 0 {
                    let g = Double(h) * recip[0] + Double(k) * recip[1] + Double(l) * recip[2]
                    let gl = (g * g).sum().squareRoot()
                    guard gl <= maxR, gl >= minR else { continue }
                    let s2 = gl * gl / 4
                    var fr = 0.0, fi = 0.0
                    for site in crystal.sites {
                        let phase = 2 * Double.pi * (Double(h) * site.fracCoords.x + Double(k) * site.fracCoords.y + Double(l) * site.fracCoords.z)
                        for o in site.occupants {
                            let f = AtomicScatteringFactors.value(o.element, sSquared: s2)! * exp(-(debyeWaller[o.element] ?? 0) * s2)
                            fr += o.occupancy * f * cos(phase)
                            fi += o.occupancy * f * sin(phase)
                        }
                    }
                    let theta = asin(lambda * gl / 2)
                    let lp = (1 + pow(cos(2 * theta), 2)) / (pow(sin(theta), 2) * cos(theta))
                    let twoTheta = 2 * theta * 180 / .pi
                    let key = Int((twoTheta / 1e-5).rounded(.toNearestOrEven))
                    bins[key, default: (twoTheta, 0)].intensity += (fr * fr + fi * fi) * lp
                }
            }
        }
        let maxI = bins.values.map(\.intensity).max() ?? 1
        return bins.values.filter { $0.intensity / maxI * 100 > 1e-3 }
            .map { ($0.twoTheta, $0.intensity / maxI * 100) }.sorted { $0.0 < $1.0 }
    }

    @Test(arguments: 0..<40)
    func fastKernelEqualsDirectSums(seed: Int) throws {
        var rng = SplitMix(state: UInt64(seed) &* 7919 &+ 17)
        let symbols = ["H", "Li", "O", "Na", "Si", "Fe", "Cu", "Sr", "Ba", "W", "Pb", "U"]
        let lattice = Lattice(a: .random(in: 3...9, using: &rng), b: .random(in: 3...9, using: &rng),
                              c: .random(in: 3...9, using: &rng), alpha: .random(in: 70...110, using: &rng),
                              beta: .random(in: 70...110, using: &rng), gamma: .random(in: 70...120, using: &rng))
        var sites: [Site] = []
        for _ in 0..<Int.random(in: 1...12, using: &rng) {
            let count = Int.random(in: 1...2, using: &rng)
            let occupants = (0..<count).map { _ in
                Occupant(Species(Element(symbol: symbols.randomElement(using: &rng)!)!),
                         occupancy: count == 1 && Bool.random(using: &rng) ? 1 : .random(in: 0.1...0.5, using: &rng))
            }
            sites.append(Site(occupants: occupants, fracCoords: SIMD3(.random(in: -0.5...1.5, using: &rng),
                                                                       .random(in: 0..<1, using: &rng),
                                                                       .random(in: 0..<1, using: &rng))))
        }
        let crystal = Crystal(lattice: lattice, sites: sites)
        let lambda = [0.71073, 1.54184, 2.291][seed % 3]
        let lower = Double.random(in: 0...20, using: &rng)
        let range = lower...Double.random(in: (lower + 30)...150, using: &rng)
        var dw: [Element: Double] = [:]
        if seed % 2 == 0 { dw[sites[0].occupants[0].element] = .random(in: 0...2, using: &rng) }

        let ours = try XRDCalculator(wavelength: Wavelength(angstroms: lambda), twoThetaRange: range,
                                     debyeWallerFactors: dw).pattern(for: crystal).peaks
        let reference = Self.reference(crystal, lambda: lambda, range: range, debyeWaller: dw)
        // Same peaks: count, 2θ to 1e-9°, intensities to 1e-6 of 100. A reference peak within
        // 1e-4 of the 1e-3 cut-off may fall on either side of it, so those are not counted.
        let clear = reference.filter { Swift.abs($0.1 - 1e-3) > 1e-4 }
        let oursClear = ours.filter { Swift.abs($0.intensity - 1e-3) > 1e-4 }
        #expect(oursClear.count == clear.count, "seed \(seed)")
        for (p, r) in zip(oursClear, clear) {
            #expect(Swift.abs(p.twoTheta - r.0) < 1e-9, "seed \(seed)")
            #expect(Swift.abs(p.intensity - r.1) < 1e-6, "seed \(seed)")
        }
        // Structural invariants: ascending 2θ, intensities in (0, 100], the maximum is 100, and
        // Bragg's law λ = 2 d sin θ (1e-12 relative).
        #expect(zip(ours, ours.dropFirst()).allSatisfy { $0.twoTheta < $1.twoTheta })
        #expect(ours.allSatisfy { $0.intensity > 0 && $0.intensity <= 100 })
        #expect(ours.isEmpty || ours.map(\.intensity).max() == 100)
        for p in ours {
            #expect(Swift.abs(2 * p.dSpacing * sin(p.twoTheta * .pi / 360) - lambda) / lambda < 1e-12)
        }
    }
}
