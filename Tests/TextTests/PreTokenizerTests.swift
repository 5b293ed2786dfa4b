import Testing
@testable import Text

@Suite struct PreTokenizerTests {
    let pre = PreTokenizer()

    /// "kind:text" for each pre-token, for compact expectations.
    func tokens(_ text: String) -> [String] { pre.pretokenize(text).map(\.description) }

    /// The texts of the pre-tokens of one kind.
    func texts(_ text: String, _ kind: PreToken.Kind) -> [String] {
        pre.pretokenize(text).filter { $0.kind == kind }.map(\.text)
    }

    @Test(arguments: ["LiCoO2", "Ca(OH)2", "CuSO4·5H2O", "Li0.5CoO2", "FeSO4.H2O", "(Cu,Fe)SO4.H2O",
                      "Mg(Al,Fe3+)2O4", "(Sr1-2xNaxLax)TiO3", "Fe3-xTixO4", "BaAl3[PO3(O,OH)]2(OH)6",
                      "Fe3+", "NaTixNb1-xO3", "Al2O3*H2O", "Pb", "PbS6", "K4OBr2"])
    func formulasAreSingleUnits(formula: String) {
        #expect(tokens("the \(formula) phase") == ["word:the", "formula:\(formula)", "word:phase"])
    }

    @Test(arguments: ["P2_1/c", "Fm-3m", "P6_3/mmc", "R-3m", "I4_1/amd", "Pnma", "P-1", "Pa-3", "P2_12_12_1",
                      "Cmcm", "P4_2/mnm", "Pna2_1", "P21/c", "Fd-3m"])
    func spaceGroups(symbol: String) {
        #expect(tokens("in the \(symbol) space group") ==
                ["word:in", "word:the", "spaceGroup:\(symbol)", "word:space", "word:group"])
    }

    @Test func spaceGroupThatIsAlsoAFormulaNeedsContext() {
        #expect(texts("the monoclinic C2 space group", .spaceGroup) == ["C2"])
        #expect(texts("space group C2 at 5 K", .spaceGroup) == ["C2"])
        #expect(texts("C2 dimers and P4 molecules", .formula) == ["C2", "P4"])
        #expect(texts("a Fm-3m-type cell", .spaceGroup) == ["Fm-3m"])
        #expect(texts("typeset Fm3\u{0304}m and P6₃/mmc", .spaceGroup) == ["Fm3\u{0304}m", "P63/mmc"])
    }

    @Test func numbersWithUnits() {
        #expect(tokens("3.2 g/cm3, 1200 °C, 5 GPa, 2.96 Å, 60°, 300 K and 1.5e-3 s") == [
            "number:3.2", "unit:g/cm3", "punctuation:,", "number:1200", "unit:°C", "punctuation:,",
            "number:5", "unit:GPa", "punctuation:,", "number:2.96", "unit:Å", "punctuation:,",
            "number:60", "unit:°", "punctuation:,", "number:300", "unit:K", "word:and",
            "number:1.5e-3", "unit:s",
        ])
        // "K" is a unit only after a number: otherwise potassium.
        #expect(texts("two inequivalent K sites", .formula) == ["K"])
        // NFKC first: U+2103 and the angstrom sign.
        #expect(tokens("900 ℃ and 2.1 \u{212B}") == ["number:900", "unit:°C", "word:and", "number:2.1", "unit:Å"])
    }

    @Test func robocrysSentence() throws {
        // AMCSD 3 (galena), the first fixture record.
        let text = try #require(try TextFixtures.robocrys().first)
        let first = tokens(String(text.prefix(while: { $0 != "." })) + ".")
        #expect(first == ["formula:PbS", "word:crystallizes", "word:in", "word:the", "word:cubic",
                          "spaceGroup:Fm-3m", "word:space", "word:group", "punctuation:."])
        #expect(tokens("All Pb(1)-S(1) bond lengths are 2.96 Å.") == [
            "word:all", "siteLabel:Pb(1)", "punctuation:-", "siteLabel:S(1)", "word:bond", "word:lengths",
            "word:are", "number:2.96", "unit:Å", "punctuation:.",
        ])
        #expect(tokens("K(1)O8 hexagonal bipyramids") == ["siteLabel:K(1)", "formula:O8", "word:hexagonal", "word:bipyramids"])
    }

    @Test func everyRobocrysFixtureHasItsFormulaSpaceGroupAndSites() throws {
        for text in try TextFixtures.robocrys() {
            let tokens = pre.pretokenize(text)
            #expect(tokens.first?.kind == .formula, "\(text.prefix(40))")
            // "… crystallizes in the <system> <symbol> space group."
            let words = tokens.map(\.text)
            let at = try #require(words.firstIndex(of: "space"))
            #expect(tokens[at - 1].kind == .spaceGroup, "\(words[at - 1]) in \(text.prefix(60))")
            // Every "El(n)" in the text is one site label.
            let labels = text.matches(of: /[A-Z][a-z]?\(\d+\)/).count
            #expect(tokens.filter { $0.kind == .siteLabel }.count == labels)
        }
    }

    @Test func titlesWithOxidationStatesAndRomanNumerals() {
        #expect(tokens("Structural refinement of low-temperature copper(II) pyrophosphate") == [
            "word:structural", "word:refinement", "word:of", "word:low", "punctuation:-", "word:temperature",
            "word:copper", "punctuation:(", "word:ii", "punctuation:)", "word:pyrophosphate",
        ])
        #expect(texts("Oxydes de plomb. IV. Evolution structurale de l'oxyde Pb3O4", .formula) == ["Pb3O4"])
        #expect(texts("Bi(III) and Fe(III)", .formula) == ["Bi", "Fe"])
        #expect(texts("In the crystal structure of As4S4", .formula) == ["As4S4"])
        #expect(texts("La structure de LaB6", .formula) == ["LaB6"])
        #expect(texts("titanomagnetites (Fe3-xTixO4)", .formula) == ["Fe3-xTixO4"])
    }

    @Test func caseDistinguishesFormulasButFoldsWords() {
        #expect(tokens("CO and Co in STRASSE Straße") == ["formula:CO", "word:and", "formula:Co", "word:in",
                                                         "word:strasse", "word:strasse"])
        #expect(tokens("Ｆｅ₂Ｏ₃ Straße") == ["formula:Fe2O3", "word:strasse"])
    }

    @Test func wordsThatLookLikeSymbolsStayWords() {
        #expect(texts("Crystal Structure Of Oxides", .formula).isEmpty)
        #expect(texts("NO REFINEMENT OF IT", .formula).isEmpty)
        #expect(texts("Sample ID: 25", .word) == ["sample", "id"])
    }

    @Test func inlineLaTeXMathIsFlattened() {
        // arXiv cond-mat title style.
        #expect(texts("Superconductivity in YBa$_2$Cu$_3$O$_{7-\\delta}$ films", .formula) == ["YBa2Cu3O7-δ"])
        #expect(tokens("$\\alpha$-RuCl$_3$ at $41~T$") ==
                ["word:α", "punctuation:-", "formula:RuCl3", "word:at", "number:41", "unit:T"])
        #expect(tokens("$\\mathrm{MoS}_2$") == ["formula:MoS2"])
        #expect(tokens("costs $5") == ["word:costs", "punctuation:$", "number:5"])  // odd count: not math
    }

    @Test func rawBytes() throws {
        #expect(try pre.pretokenize(utf8: Array("Fe₂O₃".utf8)).map(\.description) == ["formula:Fe2O3"])
        #expect(throws: TextError.invalidUTF8(byteOffset: 2)) { try pre.pretokenize(utf8: [0x46, 0x65, 0xC3]) }
    }

    @Test func followsSpaceRecordsWhiteSpace() {
        let tokens = pre.pretokenize("  Pb(1)-S(1)  bond")
        #expect(tokens.map(\.followsSpace) == [true, false, false, true])
    }

    @Test func everyTitleFixtureKeepsItsCharacters() throws {
        // Nothing but white space is dropped: the non-word pre-tokens reappear verbatim in the
        // NFKC text, and the total length matches once white space is removed (words fold, so
        // compare lengths of the folded forms).
        for title in try TextFixtures.titles() {
            let joined = pre.pretokenize(title).map(\.text).joined()
            let expected = TextNormalizer.normalize(title).unicodeScalars.filter { !$0.properties.isWhitespace }
            #expect(TextNormalizer.normalize(joined) == String(String.UnicodeScalarView(expected)), "\(title)")
        }
    }
}
