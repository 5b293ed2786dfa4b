import Testing
@testable import Chemistry

struct FormulaParserTests {
    private func amounts(_ formula: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for (e, a) in try FormulaParser.parse(formula) { out[e.symbol] = a }
        return out
    }

    private func error(_ formula: String) -> FormulaError? {
        do throws(FormulaError) {
            _ = try FormulaParser.parse(formula)
            return nil
        } catch {
            return error
        }
    }

    @Test func simpleAndNested() throws {
        #expect(try amounts("Fe2O3") == ["Fe": 2, "O": 3])
        #expect(try amounts("Ca(OH)2") == ["Ca": 1, "O": 2, "H": 2])
        #expect(try amounts("K4[Fe(CN)6]") == ["K": 4, "Fe": 1, "C": 6, "N": 6])
        #expect(try amounts("Ca{OH}2") == ["Ca": 1, "O": 2, "H": 2])
        #expect(try amounts("Mg3Al2(SiO4)3") == ["Mg": 3, "Al": 2, "Si": 3, "O": 12])
        #expect(try amounts("((CH3)2)2") == ["C": 4, "H": 12])
        #expect(try amounts("NaCl NaCl") == ["Na": 2, "Cl": 2])   // repeated elements add up
    }

    @Test func fractionalAndAMCSDStyle() throws {
        #expect(try amounts("Li0.5CoO2") == ["Li": 0.5, "Co": 1, "O": 2])
        #expect(try amounts("Pb S") == ["Pb": 1, "S": 1])
        #expect(try amounts("Ca Mg Si2 O6") == ["Ca": 1, "Mg": 1, "Si": 2, "O": 6])
        #expect(try amounts("(Mn.9 Zn.1) Ti O3") == ["Mn": 0.9, "Zn": 0.1, "Ti": 1, "O": 3])
        #expect(try amounts("Ca2.778 Mn.129") == ["Ca": 2.778, "Mn": 0.129])
        #expect(try amounts("  Fe2 O3\t") == ["Fe": 2, "O": 3])
        #expect(try amounts("Li1.5Co1.5O3") == ["Li": 1.5, "Co": 1.5, "O": 3])
    }

    @Test func hydrates() throws {
        let pentahydrate: [String: Double] = ["Cu": 1, "S": 1, "O": 9, "H": 10]
        #expect(try amounts("CuSO4·5H2O") == pentahydrate)
        #expect(try amounts("CuSO4•5H2O") == pentahydrate)
        #expect(try amounts("CuSO4*5H2O") == pentahydrate)
        #expect(try amounts("CuSO4.5H2O") == pentahydrate)       // the dot before "5H2O" separates
        #expect(try amounts("CuSO4 · 5 H2O") == pentahydrate)
        #expect(try amounts("Na2CO3.10H2O") == ["Na": 2, "C": 1, "O": 13, "H": 20])
        #expect(try amounts("CaSO4.0.5H2O") == ["Ca": 1, "S": 1, "O": 4.5, "H": 1])
        #expect(try amounts("CuSO4.H2O") == ["Cu": 1, "S": 1, "O": 5, "H": 2])
        #expect(try amounts("Al2O3·2SiO2·2H2O") == ["Al": 2, "O": 9, "Si": 2, "H": 4])
        #expect(try amounts("2H2O") == ["H": 4, "O": 2])
        #expect(try amounts("Ca.5H2O") == ["Ca": 1, "H": 10, "O": 5])        // hydrate dot right after a symbol
        #expect(try amounts("(CaO).2H2O") == ["Ca": 1, "H": 4, "O": 3])      // … and after a bracket
    }

    @Test func charges() throws {
        #expect(try amounts("Fe2+") == ["Fe": 1])
        #expect(try amounts("Fe3+ O2-") == ["Fe": 1, "O": 1])
        #expect(try amounts("(Na+)2 Cl-") == ["Na": 2, "Cl": 1])
    }

    /// The issue's bad inputs, each with its kind, token and offset.
    @Test func badInputsNameTokenAndOffset() {
        let cases: [(String, FormulaError.Kind, String, Int)] = [
            ("Xx2", .unknownElement, "Xx", 0),
            ("Fe(", .unbalancedBracket, "(", 2),
            ("H-1", .invalidAmount, "-1", 1),
            ("", .empty, "", 0),
            ("   ", .empty, "", 0),
            ("H0", .zeroTotal, "H0", 0),
            ("Fe)", .unbalancedBracket, ")", 2),
            ("(Fe]", .mismatchedBracket, "]", 3),
            ("Ca(OH)-2", .invalidAmount, "-2", 6),
            ("fe2o3", .unexpectedCharacter, "f", 0),
            ("FeO2Am", .unknownElement, "Am", 4),
            ("CuSO4·", .misplacedSeparator, "·", 5),
            ("·H2O", .misplacedSeparator, "·", 0),
            ("(Cu·H2O)", .misplacedSeparator, "·", 3),
            ("Fe 2", .invalidAmount, "2", 3),
            ("5", .missingElement, "5", 0),
            ("()2", .missingElement, "()", 0),
            ("Fe2+O3", .unexpectedCharacter, "+", 3),
            ("Fe$", .unexpectedCharacter, "$", 2),
            ("H1.2.3", .invalidAmount, ".3", 4),
        ]
        for (input, kind, token, offset) in cases {
            guard let e = error(input) else {
                Issue.record("\(input) parsed")
                continue
            }
            #expect(e.kind == kind, "\(input): \(e)")
            #expect(e.token == token, "\(input): \(e)")
            #expect(e.offset == offset, "\(input): \(e)")
            #expect(e.message.contains("\(offset)") || kind == .empty || kind == .zeroTotal, "\(input): \(e.message)")
        }
    }

    @Test func overflowIsAnErrorNotInfinity() {
        let huge = String(repeating: "9", count: 400)
        #expect(error("H" + huge)?.kind == .invalidAmount)
        #expect(error("(H1" + String(repeating: "0", count: 200) + ")1" + String(repeating: "0", count: 200))?.kind == .invalidAmount)
    }
}
