import Testing
@testable import Index

@Suite struct FilterTests {
    @Test func parsesTheDesignSubset() throws {
        #expect(try Filter.parse(#"elements HAS ALL "Li","O""#) == .hasElements(quantifier: .all, symbols: ["Li", "O"]))
        #expect(try Filter.parse(#"elements HAS ANY "Fe""#) == .hasElements(quantifier: .any, symbols: ["Fe"]))
        #expect(try Filter.parse(#"elements HAS ONLY "Si", "O""#) == .hasElements(quantifier: .only, symbols: ["Si", "O"]))
        #expect(try Filter.parse("nelements<=3") == .compare(field: .nelements, op: .lessOrEqual, value: .number(3)))
        #expect(try Filter.parse(#"chemical_formula_reduced="LiCoO2""#)
                == .compare(field: .chemicalFormulaReduced, op: .equal, value: .string("LiCoO2")))
        #expect(try Filter.parse("space_group_number=225") == .compare(field: .spaceGroupNumber, op: .equal, value: .number(225)))
        #expect(try Filter.parse(#"crystal_system="cubic""#) == .compare(field: .crystalSystem, op: .equal, value: .string("cubic")))
        #expect(try Filter.parse("density > 3.5e0") == .compare(field: .property("density"), op: .greater, value: .number(3.5)))
        // Precedence: NOT > AND > OR.
        let f = try Filter.parse(#"NOT nelements=1 AND density<5 OR crystal_system!="cubic""#)
        #expect(f == .or(.and(.not(.compare(field: .nelements, op: .equal, value: .number(1))),
                              .compare(field: .property("density"), op: .less, value: .number(5))),
                         .compare(field: .crystalSystem, op: .notEqual, value: .string("cubic"))))
        let g = try Filter.parse(#"(elements HAS "O" OR nelements >= 4) and density<5"#)
        #expect(g == .and(.or(.hasElements(quantifier: .any, symbols: ["O"]),
                              .compare(field: .nelements, op: .greaterOrEqual, value: .number(4))),
                          .compare(field: .property("density"), op: .less, value: .number(5))))
    }

    /// Invalid filters fail with the 0-based character offset of the offending token.
    @Test(arguments: [
        ("", 0, FilterError.Kind.unexpectedEnd),
        ("nelements <= ", 13, .unexpectedEnd),
        (#"elements HAS ALL "Li", 3"#, 23, .typeMismatch),
        ("nelements = \"3\"", 12, .typeMismatch),
        (#"crystal_system = 7"#, 17, .typeMismatch),
        (#"chemical_formula_reduced = "LiCoO2"#, 27, .unterminatedString),
        ("(nelements = 2", 14, .unexpectedEnd),
        ("nelements = 2)", 13, .unexpectedToken),
        ("nelements # 2", 10, .unexpectedCharacter),
        ("density HAS \"O\"", 0, .unsupported),
        ("nelements = 2 AND", 17, .unexpectedEnd),
        ("Nelements = 2", 0, .unexpectedToken),
        (#"elements = "Li""#, 0, .typeMismatch),
        (#"elements HAS "li""#, 13, .typeMismatch),
        ("nelements = 1.2.3", 12, .invalidNumber),
    ])
    func reportsErrorPositions(text: String, offset: Int, kind: FilterError.Kind) {
        do {
            let parsed = try Filter.parse(text)
            Issue.record("parsed \(text) as \(parsed)")
        } catch {
            #expect(error.offset == offset, "\(text): \(error)")
            #expect(error.kind == kind, "\(text): \(error)")
        }
    }

    /// Seeded fuzz: single-character mutations (delete, duplicate, replace) of valid filters
    /// never crash; an error's offset lies within the text; some mutants still parse.
    @Test func fuzz() {
        var gen = SplitMix64(seed: 42)
        let seeds = [#"elements HAS ALL "Li","O" AND nelements<=3"#, #"(crystal_system="cubic" OR density>=2.5) AND NOT space_group_number=225"#,
                     #"chemical_formula_reduced="LiCoO2" OR elements HAS ONLY "Si", "O""#]
        let alphabet = Array(#"()",=<>!ANDORNOTHAS elments0123456789.-e\"#)
        var parsed = 0
        for _ in 0..<3000 {
            var chars = Array(seeds[Int(gen.next() % UInt64(seeds.count))])
            let at = Int(gen.next() % UInt64(chars.count))
            switch gen.next() % 3 {
            case 0: chars.remove(at: at)
            case 1: chars.insert(chars[at], at: at)
            default: chars[at] = alphabet[Int(gen.next() % UInt64(alphabet.count))]
            }
            let text = String(chars)
            do {
                _ = try Filter.parse(text)
                parsed += 1
            } catch {
                #expect(error.offset >= 0 && error.offset <= text.count, "\(text): \(error)")
            }
        }
        #expect(parsed > 0 && parsed < 3000)
    }
}
