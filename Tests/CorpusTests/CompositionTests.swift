import Chemistry
import Testing
@testable import Corpus

/// AMCSD's formulas through Chemistry's formula parser, checked against pymatgen's reduced formula
/// that the build stored (`reduced_formula`).
struct CompositionTests {
    @Test func amcsdFormulasParseAndAgreeWithPymatgen() throws {
        let records = try RealCorpusTests.records()
        var failures: [String] = []
        for record in records where record.elements.count == record.elementSymbols.count {
            do {
                let parsed = try record.composition()
                let reference = try Composition(parsing: record.reducedFormula)
                // Element fractions agree to 1e-4 (pymatgen rounds reduced formulas to ~3 decimals).
                if !parsed.hasApproximatelySameFractions(as: reference, tolerance: 1e-3) {
                    failures.append("\(record.id) \(record.formula) vs \(record.reducedFormula)")
                }
            } catch {
                failures.append("\(record.id) \(record.formula): \(error)")
            }
        }
        print("CorpusTests: \(failures.count) of \(records.count) formulas disagree: \(failures.prefix(8))")
        #expect(failures.count <= records.count / 100)
    }
}
