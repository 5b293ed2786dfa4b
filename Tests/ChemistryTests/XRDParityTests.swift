import Foundation
import Testing
@testable import Chemistry

/// Parity with pymatgen 2026.10's `XRDCalculator` on 240 AMCSD structures (130 ordered,
/// 110 disordered) — the acceptance test of Matlas issue 3:
/// every pymatgen peak above 1 % must have one of ours within 0.02° 2θ, and for peaks above 5 %
/// the intensity must agree within 2 (of 100). Stricter than asked, it also requires no extra peak
/// above 1 % and the same hkl families and multiplicities for every peak above 1 %.
@Suite struct XRDParityTests {
    static let positionTolerance = 0.02   // degrees 2θ
    static let intensityTolerance = 2.0   // of 100

    struct Outcome {
        var id: Int
        var worstShift = 0.0          // max |Δ2θ| over pymatgen peaks > 1 %, degrees
        var worstIntensity = 0.0      // max |ΔI| over pymatgen peaks > 5 %
        var missing = 0               // pymatgen peaks > 1 % with none of ours within 0.02°
        var extra = 0                 // our peaks > 1 % with no pymatgen peak ≥ 0.2 % within 0.02°
        var familyMismatches: [String] = []  // peaks > 1 % whose hkl families differ from pymatgen's
    }

    static func compare(_ c: XRDParityCase) throws -> Outcome {
        let ours = try XRDCalculator(twoThetaRange: 5...90).pattern(for: c.crystal).peaks
        var outcome = Outcome(id: c.id)
        for ref in c.peaks where ref.intensity > 1 {
            let near = ours.min { Swift.abs($0.twoTheta - ref.twoTheta) < Swift.abs($1.twoTheta - ref.twoTheta) }
            guard let near, Swift.abs(near.twoTheta - ref.twoTheta) <= positionTolerance else {
                outcome.missing += 1
                continue
            }
            outcome.worstShift = Swift.max(outcome.worstShift, Swift.abs(near.twoTheta - ref.twoTheta))
            // Families as multisets of "h k l:m" (pymatgen's order within a peak follows rounding noise).
            let refFamilies = Set(ref.families.split(separator: ";").map(String.init))
            let ourFamilies = Set(near.families.map { "\($0.millerString):\($0.multiplicity)" })
            if refFamilies != ourFamilies {
                outcome.familyMismatches.append("\(ref.twoTheta)°: pymatgen \(ref.families) vs ours \(ourFamilies.sorted())")
            }
            if ref.intensity > 5 {
                outcome.worstIntensity = Swift.max(outcome.worstIntensity, Swift.abs(near.intensity - ref.intensity))
            }
        }
        for peak in ours where peak.intensity > 1 {
            if !c.peaks.contains(where: { Swift.abs($0.twoTheta - peak.twoTheta) <= positionTolerance }) {
                outcome.extra += 1
            }
        }
        return outcome
    }

    @Test func fixtureCoversOrderedAndDisordered() throws {
        let cases = try XRDParityCase.load()
        #expect(cases.count >= 200)
        #expect(cases.filter(\.ordered).count >= 100)
        #expect(cases.filter { !$0.ordered }.count >= 100)
    }

    @Test func matchesPymatgenOnAMCSD() throws {
        let cases = try XRDParityCase.load()
        var outcomes: [Outcome] = []
        for c in cases {
            let o = try Self.compare(c)
            outcomes.append(o)
            #expect(o.missing == 0, "AMCSD \(c.id) \(c.mineral): \(o.missing) pymatgen peaks > 1 % not found")
            #expect(o.extra == 0, "AMCSD \(c.id) \(c.mineral): \(o.extra) peaks > 1 % pymatgen does not have")
            #expect(o.familyMismatches.isEmpty, "AMCSD \(c.id) \(c.mineral): \(o.familyMismatches.prefix(3))")
            #expect(o.worstIntensity <= Self.intensityTolerance,
                    "AMCSD \(c.id) \(c.mineral): intensity off by \(o.worstIntensity)")
        }
        let shifts = outcomes.map(\.worstShift).sorted(), dI = outcomes.map(\.worstIntensity).sorted()
        print("XRD parity over \(outcomes.count) structures: per-structure worst |Δ2θ| median \(shifts[shifts.count / 2])°, max \(shifts.last ?? 0)°; worst |ΔI| median \(dI[dI.count / 2]), max \(dI.last ?? 0)")
    }
}
