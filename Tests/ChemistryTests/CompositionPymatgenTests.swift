import Foundation
import Testing
@testable import Chemistry

/// Parity with pymatgen's `Composition` on 700 formulas (≈630 real AMCSD formulas plus special cases),
/// reference: `Fixtures/formulas/pymatgen_formulas.json` made by `Scripts/fixtures/formulas.py`.
struct CompositionPymatgenTests {
    struct Entry: Decodable {
        let input: String
        let amounts: [String: Double]
        let formula: String
        let reduced_formula: String
        let factor: Double
        let hill_formula: String
        let anonymized_formula: String
    }
    struct Fixture: Decodable { let count: Int; let formulas: [Entry] }

    static func load() throws -> [Entry] {
        try JSONDecoder().decode(Fixture.self, from: ChemistryFixtures.data("formulas/pymatgen_formulas.json")).formulas
    }

    @Test func fixtureIsLargeEnough() throws {
        #expect(try Self.load().count >= 100)
    }

    /// Amounts: exact up to 1e-9 (both sides parse the same decimal text; products of amounts may differ
    /// in the last ulp).
    @Test func amountsMatchPymatgen() throws {
        for e in try Self.load() {
            let c = try Composition(parsing: e.input)
            #expect(c.amounts.count == e.amounts.count, "\(e.input)")
            for (symbol, amount) in e.amounts {
                let element = try #require(Element(symbol: symbol))
                #expect(abs(c.amount(of: element) - amount) <= 1e-9, "\(e.input): \(symbol)")
            }
        }
    }

    /// Formula strings: exact string equality with pymatgen.
    @Test func formulaStringsMatchPymatgen() throws {
        var mismatches: [String] = []
        for e in try Self.load() {
            let c = try Composition(parsing: e.input)
            if c.reducedFormula != e.reduced_formula { mismatches.append("reduced \(e.input): \(c.reducedFormula) vs \(e.reduced_formula)") }
            if c.hillFormula != e.hill_formula { mismatches.append("hill \(e.input): \(c.hillFormula) vs \(e.hill_formula)") }
            if c.anonymousFormula != e.anonymized_formula { mismatches.append("anon \(e.input): \(c.anonymousFormula) vs \(e.anonymized_formula)") }
            if c.formula != e.formula { mismatches.append("formula \(e.input): \(c.formula) vs \(e.formula)") }
            if abs(c.reducedFormulaAndFactor.factor - e.factor) > 1e-12 { mismatches.append("factor \(e.input)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(20))")
    }

    /// The reduced composition is this one divided by the factor (tolerance 1e-9 per amount).
    @Test func reducedCompositionDividesByFactor() throws {
        for e in try Self.load() {
            let c = try Composition(parsing: e.input)
            let scaled = c.reduced.scaled(by: e.factor)
            #expect(scaled.isApproximatelyEqual(c, tolerance: 1e-9), "\(e.input)")
        }
    }
}
