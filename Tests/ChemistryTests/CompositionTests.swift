import Testing
@testable import Chemistry

struct CompositionTests {
    private func el(_ s: String) -> Element { Element(symbol: s)! }

    @Test func basicAccessors() throws {
        let c = try Composition(parsing: "LiFePO4")
        #expect(c.elements.map(\.symbol) == ["Li", "O", "P", "Fe"])  // by Z
        #expect(c.amount(of: el("O")) == 4)
        #expect(c.amount(of: el("Na")) == 0)
        #expect(c.totalAmount == 7)
        // Fractions sum to 1 (tolerance 1e-12, floating-point sum of 4 terms).
        #expect(abs(c.fractions.values.reduce(0, +) - 1) < 1e-12)
        #expect(abs(c.fractions[el("O")]! - 4.0 / 7.0) < 1e-15)
        // Formula mass: 6.94 + 55.845 + 30.973762 + 4 × 15.999 g/mol (the table's IUPAC weights).
        #expect(abs(c.formulaMass - (6.94 + 55.845 + 30.973762 + 4 * 15.999)) < 1e-9)
    }

    @Test func reducedFollowsPymatgen() throws {
        // Values from pymatgen 2026.10.16 (see Scripts/fixtures/formulas.py for the same checks at scale).
        #expect(try Composition(parsing: "Li4Fe4P4O16").reducedFormula == "LiFePO4")
        #expect(try Composition(parsing: "Li4Fe4P4O16").reducedFormulaAndFactor.factor == 4)
        #expect(try Composition(parsing: "Ca(OH)2").reducedFormula == "Ca(HO)2")
        #expect(try Composition(parsing: "Ca Mg Si2 O6").reducedFormula == "CaMg(SiO3)2")
        #expect(try Composition(parsing: "Li0.5CoO2").reducedFormula == "Li0.5Co1O2")
        #expect(try Composition(parsing: "O4").reducedFormula == "O2")
        #expect(try Composition(parsing: "O4").reduced == Composition(parsing: "O2"))
        #expect(try Composition(parsing: "C6H12O6").reduced == Composition(parsing: "CH2O"))
        #expect(try Composition(parsing: "Li0.5CoO2").reduced == Composition(parsing: "Li0.5CoO2"))
    }

    @Test func hillAndAnonymous() throws {
        #expect(try Composition(parsing: "C6H12O6").hillFormula == "C6 H12 O6")
        #expect(try Composition(parsing: "Fe2O3").hillFormula == "Fe2 O3")
        #expect(try Composition(parsing: "NaCl").hillFormula == "Cl Na")
        #expect(try Composition(parsing: "SrTiO3").anonymousFormula == "ABC3")
        #expect(try Composition(parsing: "Li0.5CoO2").anonymousFormula == "A0.5BC2")
        #expect(try Composition(parsing: "Fe4O6").anonymousFormula == "A2B3")
    }

    @Test func symbolAmounts() throws {
        let c = try Composition(symbolAmounts: ["Li": 1, "Fe": 1, "P": 1, "O": 4])
        #expect(c == (try Composition(parsing: "LiFePO4")))
        #expect(throws: FormulaError.self) { try Composition(symbolAmounts: ["Xx": 1]) }
        #expect(throws: FormulaError.self) { try Composition(symbolAmounts: ["Fe": -1]) }
        #expect(throws: FormulaError.self) { try Composition(symbolAmounts: ["Fe": .nan]) }
        #expect(throws: FormulaError.self) { try Composition(symbolAmounts: [:]) }
        #expect(throws: FormulaError.self) { try Composition(symbolAmounts: ["Fe": 0]) }
        do throws(FormulaError) {
            _ = try Composition(symbolAmounts: ["O": 2, "Xx": 1])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unknownElement)
            #expect(error.token == "Xx")
        }
    }

    @Test func approximateEquality() throws {
        let a = Composition([el("Fe"): 2, el("O"): 3])
        let b = Composition([el("Fe"): 2.0000001, el("O"): 3])
        #expect(!a.isApproximatelyEqual(b))                  // default 1e-8
        #expect(a.isApproximatelyEqual(b, tolerance: 1e-6))
        #expect(!a.isApproximatelyEqual(Composition([el("Fe"): 2])))
        #expect(a.hasApproximatelySameFractions(as: Composition([el("Fe"): 4, el("O"): 6])))
        // Amounts at or below 1e-8 are dropped (pymatgen's amount tolerance).
        #expect(Composition([el("Fe"): 1, el("O"): 1e-9]) == Composition([el("Fe"): 1]))
    }

    @Test func crystalCompositionIsOccupancyWeighted() {
        let fe = Species(el("Fe")), mg = Species(el("Mg")), o = Species(el("O"))
        let lattice = Lattice(a: 4, b: 4, c: 4, alpha: 90, beta: 90, gamma: 90)
        let crystal = Crystal(lattice: lattice, sites: [
            Site(occupants: [Occupant(fe, occupancy: 0.5), Occupant(mg, occupancy: 0.5)], fracCoords: .zero),
            Site(occupants: [Occupant(o)], fracCoords: SIMD3(0.5, 0.5, 0.5)),
            Site(occupants: [Occupant(Species(el("Fe"), oxidationState: 3), occupancy: 0.25)], fracCoords: SIMD3(0.5, 0, 0)),
        ])
        let c = crystal.composition
        #expect(c.amount(of: el("Fe")) == 0.75)
        #expect(c.amount(of: el("Mg")) == 0.5)
        #expect(c.amount(of: el("O")) == 1)
    }
}
