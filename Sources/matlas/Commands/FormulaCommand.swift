import ArgumentParser
import Chemistry
import Foundation

/// `matlas formula`: parse chemical formulas and print their reduced, Hill and anonymous forms.
struct FormulaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formula",
        abstract: "Parse chemical formulas; print reduced, Hill and anonymous formulas and element fractions.",
        discussion: """
            Accepts nested brackets, hydrates (CuSO4·5H2O, CuSO4.5H2O, CuSO4*5H2O), fractional amounts
            (Li0.5CoO2) and AMCSD's space-separated style ('Ca Mg Si2 O6'). Formula strings follow pymatgen.
            Exits with status 1 if any formula does not parse.
            """)

    @Flag(help: "Print one JSON object per formula.") var json = false
    @Argument(help: "One or more formulas (quote those with spaces or brackets).") var formulas: [String]

    func validate() throws {
        if formulas.isEmpty { throw ValidationError("give at least one formula") }
    }

    func run() throws {
        var failed = false
        for text in formulas {
            do throws(FormulaError) {
                let c = try Composition(parsing: text)
                print(json ? Self.json(text, c) : Self.table(text, c))
            } catch {
                failed = true
                let caret = String(repeating: " ", count: error.offset) + "^"
                FileHandle.standardError.write(Data("error: \(error.message)\n  \(text)\n  \(caret)\n".utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }

    private static func fractionList(_ c: Composition) -> [(String, Double)] {
        let f = c.fractions
        return c.elements.map { ($0.symbol, f[$0] ?? 0) }
    }

    static func table(_ input: String, _ c: Composition) -> String {
        let (reduced, factor) = c.reducedFormulaAndFactor
        let fractions = fractionList(c).map { "\($0.0) \(String(format: "%.6f", $0.1))" }.joined(separator: ", ")
        return """
            input:      \(input)
            formula:    \(c.formula)
            reduced:    \(reduced) (× \(factor == factor.rounded() ? String(Int(factor)) : String(factor)))
            hill:       \(c.hillFormula)
            anonymous:  \(c.anonymousFormula)
            atoms:      \(c.totalAmount)
            mass:       \(String(format: "%.4f", c.formulaMass)) g/mol
            fractions:  \(fractions)
            """
    }

    static func json(_ input: String, _ c: Composition) -> String {
        var object: [String: Any] = [
            "input": input, "formula": c.formula, "reduced_formula": c.reducedFormula,
            "factor": c.reducedFormulaAndFactor.factor, "hill_formula": c.hillFormula,
            "anonymous_formula": c.anonymousFormula, "mass": c.formulaMass,
        ]
        var amounts: [String: Double] = [:], fractions: [String: Double] = [:]
        for e in c.elements { amounts[e.symbol] = c.amount(of: e) }
        for (s, f) in fractionList(c) { fractions[s] = f }
        object["amounts"] = amounts
        object["fractions"] = fractions
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
