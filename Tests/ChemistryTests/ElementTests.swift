import Testing
@testable import Chemistry

struct ElementTests {
    @Test func tableIsCompleteAndIndexed() {
        #expect(Element.all.count == 94)
        for (k, e) in Element.all.enumerated() {
            #expect(e.atomicNumber == k + 1)
            #expect(Element(symbol: e.symbol) == e)
            #expect(Element(atomicNumber: e.atomicNumber) == e)
            #expect(e.atomicMass > 0)
        }
        #expect(Element(atomicNumber: 0) == nil && Element(atomicNumber: 95) == nil)
        #expect(Element(symbol: "Xx") == nil && Element(symbol: "CO") == nil && Element(symbol: "Am") == nil)
    }

    /// A few values from mendeleev 1.3.0 (the table's source): IUPAC masses, Pauling electronegativity.
    @Test func knownValues() throws {
        let fe = try #require(Element(symbol: "Fe"))
        #expect(fe.atomicNumber == 26 && fe.name == "Iron" && abs(fe.atomicMass - 55.845) < 1e-9)
        #expect(fe.period == 4 && fe.group == 8 && fe.block == .d)
        let o = try #require(Element(symbol: "O"))
        #expect(o.electronegativity == 3.44)
        #expect(Element(symbol: "He")?.electronegativity == nil)
        #expect(Element(symbol: "Fe")! < Element(symbol: "Co")!)
    }

    /// The formula-ordering table is pymatgen's `Element.X` (values from pymatgen 2026.10.16), which
    /// differs from mendeleev's for some elements.
    @Test func formulaOrderingUsesPymatgenElectronegativity() {
        #expect(Composition.orderingElectronegativity.count == 94)
        #expect(Composition.orderingElectronegativity[82 - 1] == 2.33)   // Pb
        #expect(Composition.orderingElectronegativity[36 - 1] == 3.0)    // Kr
        #expect(Composition.orderingElectronegativity[2 - 1] == .infinity)  // He: none, sorts last
    }
}
