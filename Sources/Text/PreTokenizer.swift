/// Chemistry-aware pre-tokenisation: splits text into words, formulas, site labels, space-group
/// symbols, numbers, units and punctuation, before any subword model sees it.
///
/// The pipeline is: NFKC (``TextNormalizer/nfkc(_:)``, case kept) → inline LaTeX math flattened
/// (`LaTeXMath`: `YBa$_2$Cu$_3$O$_7$` → `YBa2Cu3O7`) → scan → case fold the *words* only.
/// Formulas, site labels, space groups and units keep their case, because folding would merge
/// `Co` (cobalt) with `CO` (carbon monoxide), `Pnma` with `PNMA` and `mPa` with `MPa`; a word at
/// the start of a sentence is folded like any other.
///
/// Ill-formed UTF-8: a `String` is always well formed (`String(decoding:as:)` has already put
/// U+FFFD where bytes were bad), so ``pretokenize(_:)`` never fails; ``pretokenize(utf8:)`` checks
/// raw bytes and throws ``TextError/invalidUTF8(byteOffset:)`` instead of guessing.
///
/// Recognition rules (heuristics, chosen on AMCSD titles and robocrys descriptions):
/// - **Site label**: element symbol + `(digits)`, e.g. `Pb(1)`; in `K(1)O8` the label and `O8` are two tokens.
/// - **Space group**: a lattice letter then a run of digits, `_ / -` and mirror/glide letters whose
///   key (underscores removed, a digit with a combining overline read as `-digit`) is in the
///   generated table of 523 H-M symbols (`spaceGroupSymbolKeys`). A symbol that is also a
///   formula (`C2`, `P4`, `Cm`) counts as a space group only when the next word is "space" or the
///   previous token is "group".
/// - **Formula**: element symbols (from the 118 elements) with counts (`2`, `0.5`, `x`, `1-2x`,
///   `3-x`), parenthesised or bracketed groups with optional comma alternatives (`(Cu,Fe)`),
///   hydrate dots (`·` or `.`: `CuSO4·5H2O`, `FeSO4.H2O`) and charges (`Fe3+`). It must end where
///   no letter or digit follows. A lone element symbol that is also a capitalised English or French
///   word (`In`, `As`, `He`, `La`, …), all-capital words (`OF`, `ON`, `BY`, …) and Roman numerals
///   (`II`, `IV`) are words instead. A parenthesis around a formula with no count after it is punctuation.
/// - **Number**: digits with an optional fraction and exponent; a following unit from a fixed list
///   (`Å`, `°C`, `GPa`, `g/cm3`, `K`, …), with at most one space between, is a ``PreToken/Kind/unit``.
/// - **Word**: a run of letters (and combining marks), case folded; anything else is one punctuation scalar.
public struct PreTokenizer: Sendable {
    public init() {}

    /// Pre-tokenises `text` (NFKC is applied first).
    /// - Complexity: O(n) in the number of Unicode scalars (formula and symbol look-ahead is bounded).
    public func pretokenize(_ text: String) -> [PreToken] {
        var normalized = TextNormalizer.nfkc(text)
        if normalized.utf8.contains(UInt8(ascii: "$")) { normalized = LaTeXMath.flatten(normalized) }
        var scanner = PreTokenScanner(scalars: Array(normalized.unicodeScalars))
        return scanner.run()
    }

    /// Pre-tokenises raw UTF-8 bytes.
    /// - Throws: ``TextError/invalidUTF8(byteOffset:)`` at the first ill-formed sequence.
    public func pretokenize(utf8 bytes: some Collection<UInt8>) throws(TextError) -> [PreToken] {
        pretokenize(try TextNormalizer.decode(utf8: bytes))
    }

    /// The texts of ``pretokenize(_:)``, in order.
    public func terms(_ text: String) -> [String] {
        pretokenize(text).map(\.text)
    }
}

/// The scanning state over one text's scalars.
struct PreTokenScanner {
    let s: [Unicode.Scalar]
    var tokens: [PreToken] = []

    init(scalars: [Unicode.Scalar]) { self.s = scalars }

    mutating func run() -> [PreToken] {
        var i = 0
        var followsSpace = false
        while i < s.count {
            let c = s[i]
            if isSpace(c) {
                followsSpace = true
                i += 1
                continue
            }
            let start = i
            if let end = siteLabelEnd(at: i) {
                emit(.siteLabel, start, end, followsSpace)
                i = end
            } else if let end = spaceGroupEnd(at: i) {
                emit(.spaceGroup, start, end, followsSpace)
                i = end
            } else if let end = acceptedFormulaEnd(at: i) {
                emit(.formula, start, end, followsSpace)
                i = end
            } else if isDigit(c) {
                let end = numberEnd(at: i)
                emit(.number, start, end, followsSpace)
                i = end
                if let (unitStart, unitEnd) = unit(after: end) {
                    emit(.unit, unitStart, unitEnd, unitStart > end)
                    i = unitEnd
                }
            } else if isLetter(c) {
                var end = i + 1
                while end < s.count, isLetter(s[end]) || isMark(s[end]) { end += 1 }
                emit(.word, start, end, followsSpace)
                i = end
            } else {
                emit(.punctuation, start, i + 1, followsSpace)
                i += 1
            }
            followsSpace = false
        }
        return tokens
    }

    mutating func emit(_ kind: PreToken.Kind, _ start: Int, _ end: Int, _ followsSpace: Bool) {
        var view = String.UnicodeScalarView()
        var isASCII = true
        for c in s[start..<end] {
            if c.value >= 0x80 { isASCII = false }
            // ASCII words are folded here; others go through utf8proc below.
            view.append(kind == .word && isUpper(c) ? Unicode.Scalar(UInt8(c.value + 32)) : c)
        }
        var text = String(view)
        if kind == .word && !isASCII { text = TextNormalizer.normalize(text) }
        tokens.append(PreToken(kind: kind, text: text, followsSpace: followsSpace))
    }

    // MARK: character classes

    /// White space or a control character (both separate tokens and are dropped).
    func isSpace(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return c.value <= 0x20 || c.value == 0x7F }
        return c.properties.isWhitespace || c.properties.generalCategory == .control
    }

    func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
    func isUpper(_ c: Unicode.Scalar) -> Bool { c.value >= 0x41 && c.value <= 0x5A }
    func isLower(_ c: Unicode.Scalar) -> Bool { c.value >= 0x61 && c.value <= 0x7A }

    func isLetter(_ c: Unicode.Scalar) -> Bool {
        if c.value < 0x80 { return isUpper(c) || isLower(c) }
        return c.properties.isAlphabetic
    }

    func isMark(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// True when position `i` is past the end or holds neither a letter nor a digit.
    func isBoundary(_ i: Int) -> Bool {
        i >= s.count || !(isLetter(s[i]) || isDigit(s[i]) || isMark(s[i]))
    }

    /// Whether the next word after position `i` (skipping spaces) is `word`, compared case-insensitively (ASCII).
    func nextWord(after i: Int, is word: String) -> Bool {
        var j = i
        while j < s.count, j - i < 8, isSpace(s[j]) { j += 1 }
        for expected in word.unicodeScalars {
            guard j < s.count else { return false }
            let c = s[j]
            let lowered = isUpper(c) ? Unicode.Scalar(UInt8(c.value + 32)) : c
            if lowered != expected { return false }
            j += 1
        }
        return isBoundary(j)
    }

    // MARK: space groups

    static let glideLetters: Set<Unicode.Scalar> = ["a", "b", "c", "d", "e", "m", "n"]
    /// Combining macron and overline, as in "Fm3̄m".
    static let overlines: Set<Unicode.Scalar> = ["\u{0304}", "\u{0305}"]

    /// The end of a space-group symbol starting at `i`, or nil.
    func spaceGroupEnd(at i: Int) -> Int? {
        guard "ABCFIPR".unicodeScalars.contains(s[i]) else { return nil }
        var end = i + 1
        while end < s.count, end - i < 24 {
            let c = s[end]
            // After the lattice letter: digits, _ / - and the mirror/glide letters only.
            guard isDigit(c) || c == "_" || c == "/" || c == "-" || Self.glideLetters.contains(c)
                || Self.overlines.contains(c) else { break }
            end += 1
        }
        // Try the whole run, then shorter prefixes cut before a hyphen ("Fm-3m-type" → "Fm-3m").
        var candidate = end
        while candidate > i + 1 {
            if isBoundary(candidate) || s[candidate] == "-" {
                var key = String.UnicodeScalarView()
                for k in i..<candidate where s[k] != "_" && !Self.overlines.contains(s[k]) {
                    // "3̄" (a digit with a combining overline, as typeset) is "-3".
                    if k + 1 < candidate, Self.overlines.contains(s[k + 1]) { key.append("-") }
                    key.append(s[k])
                }
                if spaceGroupSymbolKeys.contains(String(key)) {
                    if formulaEnd(at: i) == candidate {
                        // Ambiguous with a formula (C2, P4): need "space group" context.
                        let previous = tokens.last?.text
                        guard nextWord(after: candidate, is: "space") || previous == "group" else { return nil }
                    }
                    return candidate
                }
            }
            candidate -= 1
            while candidate > i + 1, s[candidate] != "-" { candidate -= 1 }
        }
        return nil
    }
}
