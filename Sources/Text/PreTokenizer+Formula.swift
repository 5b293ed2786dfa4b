/// Formula and site-label recognition for ``PreTokenizer`` (see its documentation for the rules).
extension PreTokenScanner {
    /// The end of a site label (`Pb(1)`) starting at `i`, or nil.
    func siteLabelEnd(at i: Int) -> Int? {
        guard let afterElement = elementEnd(at: i), afterElement < s.count, s[afterElement] == "(" else {
            return nil
        }
        var j = afterElement + 1
        while j < s.count, isDigit(s[j]), j - afterElement <= 3 { j += 1 }
        guard j > afterElement + 1, j < s.count, s[j] == ")" else { return nil }
        return j + 1
    }

    /// The end of a formula at `i` after the acceptance rules (stop-words, Roman numerals, bare
    /// parentheses), or nil.
    func acceptedFormulaEnd(at i: Int) -> Int? {
        guard isUpper(s[i]) || s[i] == "(" || s[i] == "[" else { return nil }
        guard let end = formulaEnd(at: i) else { return nil }
        let text = s[i..<end]
        let hasDigitOrBracket = text.contains { isDigit($0) || $0 == "(" || $0 == "[" || $0 == "+" }
        if !hasDigitOrBracket {
            let word = String(String.UnicodeScalarView(text))
            // "In crystallizes in …" (robocrys on indium) is a formula; "In the …" is a word.
            if Self.wordsThatLookLikeElements.contains(word), !nextWord(after: end, is: "crystallizes") { return nil }
            if text.allSatisfy({ $0 == "I" || $0 == "V" || $0 == "X" }) && text.count >= 2 { return nil }
        }
        // "(Fe3-xTixO4)" in running text: the parentheses are punctuation, the inside a formula.
        if s[i] == "(" || s[i] == "[" {
            if let close = matchingBracketEnd(at: i), close == end { return nil }
        }
        return end
    }

    /// Capitalised words that are element symbols or formulas in form but words in AMCSD titles
    /// (English and French sentence starts, all-capital English words).
    static let wordsThatLookLikeElements: Set<String> = [
        "I", "In", "As", "At", "He", "No", "Am", "La", "Ce", "Au", "Ne", "Es",
        "IN", "AS", "AT", "BE", "HE", "NO", "OF", "ON", "BY", "IS", "SO", "AN", "OR", "US",
        "BCS", "SOC",  // physics acronyms (Bardeen-Cooper-Schrieffer, spin-orbit coupling)
    ]

    /// The end of a syntactically valid formula starting at `i` that ends at a boundary, or nil.
    /// Look-ahead is bounded (``maximumFormulaLength`` scalars), so scanning stays linear in the text.
    func formulaEnd(at i: Int) -> Int? {
        let limit = min(s.count, i + Self.maximumFormulaLength + 1)
        var j = i
        guard sequence(&j, commas: false, depth: 0, limit: limit) else { return nil }
        // Hydrates and adducts: "·5H2O", ".H2O", "·2NH3".
        while j + 1 < limit, Self.adductDots.contains(s[j]), isDigit(s[j + 1]) || isUpper(s[j + 1]) || s[j + 1] == "(" {
            var k = j + 1
            while k < limit, isDigit(s[k]) { k += 1 }
            guard sequence(&k, commas: false, depth: 0, limit: limit) else { break }
            j = k
        }
        if j - i > Self.maximumFormulaLength { return nil }
        return isBoundary(j) ? j : nil
    }

    /// The longest formula recognised, in scalars.
    static let maximumFormulaLength = 80

    static let adductDots: Set<Unicode.Scalar> = [".", "·", "•", "∙", "⋅", "*"]

    /// Parses groups (element or bracketed, each with a count) at `j`; true when at least one was read.
    func sequence(_ j: inout Int, commas: Bool, depth: Int, limit: Int) -> Bool {
        var groups = 0
        while j < limit {
            if let end = elementEnd(at: j), end <= limit {
                j = end
            } else if (s[j] == "(" || s[j] == "["), depth < 4 {
                let close: Unicode.Scalar = s[j] == "(" ? ")" : "]"
                var k = j + 1
                guard sequence(&k, commas: true, depth: depth + 1, limit: limit), k < limit, s[k] == close else { break }
                // "(III)", "(IV)": an oxidation state in Roman numerals, not a group.
                if s[(j + 1)..<k].allSatisfy({ $0 == "I" || $0 == "V" || $0 == "X" }) { break }
                j = k + 1
            } else if commas, s[j] == ",", groups > 0, j + 1 < limit, isUpper(s[j + 1]) {
                j += 1
                continue
            } else {
                break
            }
            groups += 1
            count(&j, limit: limit)
        }
        return groups > 0
    }

    /// Reads an optional count after a group: `2`, `0.5`, `x`, `1-2x`, `3-x`, `2+` (charge).
    func count(_ j: inout Int, limit: Int) {
        var sawVariable = false
        guard term(&j, sawVariable: &sawVariable, limit: limit) || (j < limit && (s[j] == "+" || s[j] == "-")) else { return }
        while j + 1 < limit, s[j] == "+" || s[j] == "-" {
            var k = j + 1
            var termVariable = false
            if term(&k, sawVariable: &termVariable, limit: limit), sawVariable || termVariable {
                sawVariable = true
                j = k
            } else {
                break
            }
        }
        // A charge: a sign that ends the formula or a bracketed group ("Fe3+", "(Al,Fe3+)").
        if j < limit, s[j] == "+" || s[j] == "-" {
            let next = j + 1
            if next >= s.count || s[next] == ")" || s[next] == "]" || s[next] == "," || s[next].properties.isWhitespace {
                j = next
            }
        }
    }

    /// One count term: digits with an optional fraction, and/or one variable (x, y, z, δ).
    func term(_ j: inout Int, sawVariable: inout Bool, limit: Int) -> Bool {
        let start = j
        while j < limit, isDigit(s[j]) { j += 1 }
        // A fraction, unless the "." is a hydrate dot ("CuSO4.5H2O").
        if j > start, j + 1 < limit, s[j] == ".", isDigit(s[j + 1]) {
            var k = j + 1
            while k < limit, isDigit(s[k]) { k += 1 }
            if !(k + 2 < s.count && s[k] == "H" && s[k + 1] == "2" && s[k + 2] == "O") { j = k }
        }
        if j < limit, Self.variables.contains(s[j]), j + 1 >= s.count || !isLower(s[j + 1]) {
            j += 1
            sawVariable = true
        }
        return j > start
    }

    static let variables: Set<Unicode.Scalar> = ["x", "y", "z", "δ"]

    /// The end of an element symbol at `i` (two-letter symbols preferred), or nil.
    func elementEnd(at i: Int) -> Int? {
        guard i < s.count, isUpper(s[i]) else { return nil }
        let first = Int(s[i].value - 0x41)
        if i + 1 < s.count, isLower(s[i + 1]) {
            let second = Int(s[i + 1].value - 0x61)
            if Self.twoLetterSymbols[first] & (1 << second) != 0 { return i + 2 }
        }
        return Self.oneLetterSymbols & (1 << first) != 0 ? i + 1 : nil
    }

    /// The end of the bracketed group opening at `i` (just past its close), or nil.
    func matchingBracketEnd(at i: Int) -> Int? {
        var depth = 0
        var j = i
        while j < s.count {
            if s[j] == "(" || s[j] == "[" { depth += 1 }
            if s[j] == ")" || s[j] == "]" {
                depth -= 1
                if depth == 0 { return j + 1 }
            }
            j += 1
        }
        return nil
    }

    /// The 118 element symbols (IUPAC 2016). D (deuterium) is left out: "ID", "DO" in titles are words.
    static let elementSymbols: [String] = [
        "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
        "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br",
        "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te",
        "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm",
        "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn",
        "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr",
        "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
    ]

    /// Bit `k` set: the capital letter `A + k` alone is a symbol.
    static let oneLetterSymbols: UInt32 = {
        var mask: UInt32 = 0
        for symbol in elementSymbols where symbol.unicodeScalars.count == 1 {
            mask |= 1 << (symbol.unicodeScalars.first!.value - 0x41)
        }
        return mask
    }()

    /// Indexed by capital letter; bit `k` set: that capital followed by `a + k` is a symbol.
    static let twoLetterSymbols: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 26)
        for symbol in elementSymbols where symbol.unicodeScalars.count == 2 {
            let scalars = Array(symbol.unicodeScalars)
            table[Int(scalars[0].value - 0x41)] |= 1 << (scalars[1].value - 0x61)
        }
        return table
    }()
}
