import Testing
@testable import Training

@Suite struct MaterialIdentityTests {
    /// Expected keys: what `normalise_mineral` in `Scripts/corpus/names.py` returns for these names.
    @Test(arguments: [
        ("Quartz", "quartz"), ("Iron-alpha", "iron"), ("Wurtzite-8H", "wurtzite"), ("Monazite-(Ce)", "monazite"),
        ("Beta - fergusonite-(Y)", "fergusonite"), ("Lizardite-1T", "lizardite"), ("Ima2008-067", "ima2008 067"),
        ("Åkermanite", "akermanite"),
    ])
    func normalisesLikeTheCorpusBuild(name: String, key: String) {
        #expect(MaterialIdentity.normalizedMineral(name) == key)
    }

    @Test func syntheticCompoundsAreKeyedByFormula() {
        #expect(MaterialIdentity.key(mineral: nil, reducedFormula: "LiFePO4") == "formula:LiFePO4")
        #expect(MaterialIdentity.key(mineral: "  ", reducedFormula: "NaCl") == "formula:NaCl")
        #expect(MaterialIdentity.key(mineral: "Halite", reducedFormula: "NaCl") == "halite")
    }
}
