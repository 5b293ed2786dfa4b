/// Reads chemical formula strings into element amounts.
///
/// Accepted syntax (whitespace between tokens is ignored, so AMCSD's `Ca Mg Si2 O6` and `Pb S` read
/// like `CaMgSi2O6` and `PbS`):
/// - elements with optional amounts, integer or decimal: `Fe2O3`, `Li0.5CoO2`, and AMCSD's leading-dot
///   decimals `Mn.129` (= 0.129);
/// - nested groups in `()`, `[]` or `{}` with optional amounts: `Ca(OH)2`, `K4[Fe(CN)6]`;
/// - hydrates and adducts separated by `·` `•` `∙` `⋅` `*`, or `.` (see below), each part with an
///   optional leading multiplier: `CuSO4·5H2O`, `CuSO4*5H2O`, `Fe2O3·SiO2`; a multiplier may also
///   lead the first part (`2H2O`);
/// - a charge suffix on an element (`Fe2+`, `O2-`, `Na+`) when the sign ends the token (followed by
///   the end, whitespace, a closing bracket or a separator); the charge is dropped, the amount is 1.
///
/// **The dot.** `.` is both a decimal point (`Li0.5CoO2`, `Mn.129`) and a hydrate separator. A `.` is
/// read as a separator when (a) it is not followed by a digit (`CuSO4.H2O`), or (b) it is followed by
/// a number and then `H2O` (`CuSO4.5H2O`, `Na2CO3.10H2O`, `CaSO4.0.5H2O`); otherwise it is a decimal
/// point. So `CuSO4.5H2O` is copper sulfate pentahydrate (pymatgen reads it as `CuSO4.5` + `H2O`, i.e.
/// O5.5 — a deliberate difference), while `Li1.5Co1.5O3` keeps its decimals. Oxide-sum notation with
/// dots other than water (`Al2O3.2SiO2`) is read as decimals; write it with `·` instead.
///
/// Amounts must be finite and non-negative; elements must be in the table (Z = 1…94). `D` and `T`
/// (deuterium, tritium; AMCSD has 134 formulas with D) count as hydrogen, as in pymatgen.
public enum FormulaParser {
    /// Parses `formula` into amounts per element (elements with zero amount are kept at 0).
    /// - Throws: `FormulaError` naming the offending token and its offset.
    /// - Complexity: O(n) in the length of the formula.
    public static func parse(_ formula: String) throws(FormulaError) -> [Element: Double] {
        var scanner = FormulaScanner(Array(formula.unicodeScalars))
        let byZ = try scanner.run()
        var out: [Element: Double] = [:]
        for (z, amount) in byZ {
            if let e = Element(atomicNumber: z) { out[e] = amount }
        }
        return out
    }
}

/// The single-pass scanner behind `FormulaParser`: a stack of bracket frames, each accumulating
/// amounts by atomic number.
struct FormulaScanner {
    private struct Frame {
        var amounts: [Int: Double] = [:]
        var open: Unicode.Scalar = " "
        var offset = 0
        var hasElement = false
    }

    private let s: [Unicode.Scalar]
    private var i = 0

    init(_ scalars: [Unicode.Scalar]) { s = scalars }

    mutating func run() throws(FormulaError) -> [Int: Double] {
        var total: [Int: Double] = [:]
        var stack = [Frame()]
        var multiplier = 1.0
        var multiplierOffset = 0
        var atPartStart = true
        var lastSeparator: (offset: Int, char: Unicode.Scalar)?
        var sawElement = false

        func finishPart(_ frame: Frame) throws(FormulaError) {
            for (z, a) in frame.amounts {
                let v = (total[z] ?? 0) + a * multiplier
                guard v.isFinite else {
                    throw FormulaError(.invalidAmount, token: String(multiplier), offset: multiplierOffset,
                                       message: "amounts overflow after the multiplier at offset \(multiplierOffset)")
                }
                total[z] = v
            }
        }

        while i < s.count {
            let c = s[i]
            if c.properties.isWhitespace { i += 1; continue }
            if isSeparator(at: i) {
                if stack.count > 1 {
                    throw FormulaError(.misplacedSeparator, token: String(c), offset: i,
                                       message: "hydrate separator '\(c)' at offset \(i) inside brackets")
                }
                if atPartStart || !stack[0].hasElement {
                    throw FormulaError(.misplacedSeparator, token: String(c), offset: i,
                                       message: "hydrate separator '\(c)' at offset \(i) has no formula before it")
                }
                try finishPart(stack[0])
                stack[0] = Frame()
                multiplier = 1
                lastSeparator = (i, c)
                atPartStart = true
                i += 1
                continue
            }
            if atPartStart, isNumberStart(at: i) {
                multiplierOffset = i
                multiplier = try lexNumber(stoppingAtHydrateDot: false)
                atPartStart = false
                continue
            }
            atPartStart = false
            if isUpper(c) {
                let (z, _) = try lexElement()
                let amount = try lexAmountOrCharge()
                stack[stack.count - 1].amounts[z, default: 0] += amount
                stack[stack.count - 1].hasElement = true
                sawElement = true
            } else if Self.closing[c] != nil {
                stack.append(Frame(open: c, offset: i))
                i += 1
            } else if Self.closing.values.contains(c) {
                guard stack.count > 1 else {
                    throw FormulaError(.unbalancedBracket, token: String(c), offset: i,
                                       message: "closing '\(c)' at offset \(i) has no opening bracket")
                }
                let frame = stack.removeLast()
                guard Self.closing[frame.open] == c else {
                    throw FormulaError(.mismatchedBracket, token: String(c), offset: i,
                                       message: "'\(c)' at offset \(i) closes '\(frame.open)' opened at offset \(frame.offset)")
                }
                guard frame.hasElement else {
                    throw FormulaError(.missingElement, token: String(frame.open) + String(c), offset: frame.offset,
                                       message: "empty bracket group at offset \(frame.offset)")
                }
                let closeOffset = i
                i += 1
                let amount = try lexAmount()
                for (z, a) in frame.amounts {
                    let v = stack[stack.count - 1].amounts[z, default: 0] + a * amount
                    guard v.isFinite else {
                        throw FormulaError(.invalidAmount, token: String(c), offset: closeOffset,
                                           message: "amounts overflow after the group closed at offset \(closeOffset)")
                    }
                    stack[stack.count - 1].amounts[z] = v
                }
                stack[stack.count - 1].hasElement = true
            } else if c == "-" {
                throw negativeAmount(at: i)
            } else if isDigit(c) || c == "." {
                let start = i
                var j = i
                while j < s.count, isDigit(s[j]) || s[j] == "." { j += 1 }
                let tok = String(String.UnicodeScalarView(s[start..<j]))
                throw FormulaError(.invalidAmount, token: tok, offset: start,
                                   message: "amount '\(tok)' at offset \(start) follows no element")
            } else {
                throw FormulaError(.unexpectedCharacter, token: String(c), offset: i,
                                   message: "unexpected character '\(c)' at offset \(i)")
            }
        }
        if stack.count > 1, let open = stack.last {
            throw FormulaError(.unbalancedBracket, token: String(open.open), offset: open.offset,
                               message: "unbalanced '\(open.open)' at offset \(open.offset): no closing bracket")
        }
        if atPartStart, let sep = lastSeparator {
            throw FormulaError(.misplacedSeparator, token: String(sep.char), offset: sep.offset,
                               message: "hydrate separator '\(sep.char)' at offset \(sep.offset) has nothing after it")
        }
        if !sawElement {
            if s.allSatisfy({ $0.properties.isWhitespace }) {
                throw FormulaError(.empty, token: "", offset: 0, message: "empty formula")
            }
            throw FormulaError(.missingElement, token: String(String.UnicodeScalarView(s)),
                               offset: 0, message: "no element in the formula starting at offset 0")
        }
        if !stack[0].hasElement {
            throw FormulaError(.missingElement, token: String(multiplier), offset: multiplierOffset,
                               message: "multiplier at offset \(multiplierOffset) has no formula after it")
        }
        try finishPart(stack[0])
        if total.values.reduce(0, +) <= 0 {
            throw FormulaError(.zeroTotal, token: String(String.UnicodeScalarView(s)), offset: 0,
                               message: "all amounts are zero")
        }
        return total
    }

    // MARK: - Tokens

    private static let closing: [Unicode.Scalar: Unicode.Scalar] = ["(": ")", "[": "]", "{": "}"]
    private static let separators: Set<Unicode.Scalar> = ["·", "•", "∙", "⋅", "*"]

    private func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    private func isUpper(_ c: Unicode.Scalar) -> Bool { c.value >= 65 && c.value <= 90 }
    private func isLower(_ c: Unicode.Scalar) -> Bool { c.value >= 97 && c.value <= 122 }

    private func isNumberStart(at k: Int) -> Bool {
        guard k < s.count else { return false }
        if isDigit(s[k]) { return true }
        return s[k] == "." && k + 1 < s.count && isDigit(s[k + 1])
    }

    /// Whether an amount starts at `k` (a number, but not a hydrate dot such as the one in `Ca.5H2O`).
    private func startsAmount(at k: Int) -> Bool {
        isNumberStart(at: k) && !(s[k] == "." && isSeparator(at: k))
    }

    /// Whether the character at `k` separates hydrate parts (see the `FormulaParser` notes on `.`).
    private func isSeparator(at k: Int) -> Bool {
        let c = s[k]
        if Self.separators.contains(c) { return true }
        guard c == "." else { return false }
        guard k + 1 < s.count, isDigit(s[k + 1]) else { return true }
        // A number (integer or decimal) followed by water: `.5H2O`, `.0.5H2O`.
        var j = k + 1
        while j < s.count, isDigit(s[j]) { j += 1 }
        if j + 1 < s.count, s[j] == ".", isDigit(s[j + 1]) {
            j += 1
            while j < s.count, isDigit(s[j]) { j += 1 }
        }
        guard j + 2 < s.count, s[j] == "H", s[j + 1] == "2", s[j + 2] == "O" else { return false }
        return j + 3 == s.count || !isLower(s[j + 3])
    }

    /// Reads an element symbol (an uppercase letter and any lowercase letters after it).
    private mutating func lexElement() throws(FormulaError) -> (z: Int, start: Int) {
        let start = i
        i += 1
        while i < s.count, isLower(s[i]) { i += 1 }
        let symbol = String(String.UnicodeScalarView(s[start..<i]))
        if symbol == "D" || symbol == "T" { return (1, start) }  // deuterium, tritium: hydrogen, as pymatgen
        guard let e = Element(symbol: symbol) else {
            let beyond = Self.beyondTable.contains(symbol) ? " (the table covers Z = 1…94)" : ""
            throw FormulaError(.unknownElement, token: symbol, offset: start,
                               message: "unknown element \"\(symbol)\" at offset \(start)\(beyond)")
        }
        return (e.atomicNumber, start)
    }

    /// Real elements past plutonium, for a clearer message.
    private static let beyondTable: Set<String> = [
        "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds",
        "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
    ]

    /// Reads the amount after an element, or a charge suffix (`2+`, `-`), which counts as amount 1.
    private mutating func lexAmountOrCharge() throws(FormulaError) -> Double {
        var amount = 1.0
        if startsAmount(at: i) { amount = try lexNumber(stoppingAtHydrateDot: true) }
        guard i < s.count, s[i] == "+" || s[i] == "-" else { return amount }
        let next = i + 1
        let ends = next == s.count || s[next].properties.isWhitespace || Self.closing.values.contains(s[next])
            || Self.separators.contains(s[next])
        if ends {
            i = next
            return 1
        }
        if s[i] == "-" { throw negativeAmount(at: i) }
        throw FormulaError(.unexpectedCharacter, token: "+", offset: i,
                           message: "unexpected '+' at offset \(i) (a charge sign must end the token)")
    }

    /// Reads an optional amount (after a closing bracket).
    private mutating func lexAmount() throws(FormulaError) -> Double {
        if startsAmount(at: i) { return try lexNumber(stoppingAtHydrateDot: true) }
        if i < s.count, s[i] == "-" { throw negativeAmount(at: i) }
        return 1
    }

    /// Reads `digits [. digits]` or `. digits`; an amount stops before a hydrate dot (`O4` in
    /// `CuSO4.5H2O`), a part's multiplier does not (`0.5` in `CaSO4.0.5H2O`).
    private mutating func lexNumber(stoppingAtHydrateDot: Bool) throws(FormulaError) -> Double {
        let start = i
        while i < s.count, isDigit(s[i]) { i += 1 }
        if i + 1 < s.count, s[i] == ".", isDigit(s[i + 1]), !(stoppingAtHydrateDot && isSeparator(at: i)) {
            i += 1
            while i < s.count, isDigit(s[i]) { i += 1 }
        }
        let text = String(String.UnicodeScalarView(s[start..<i]))
        guard let v = Double(text), v.isFinite else {
            throw FormulaError(.invalidAmount, token: text, offset: start,
                               message: "invalid amount '\(text)' at offset \(start)")
        }
        return v
    }

    private func negativeAmount(at k: Int) -> FormulaError {
        var j = k + 1
        while j < s.count, isDigit(s[j]) || s[j] == "." { j += 1 }
        let tok = String(String.UnicodeScalarView(s[k..<j]))
        return FormulaError(.invalidAmount, token: tok, offset: k,
                            message: "negative or invalid amount '\(tok)' at offset \(k)")
    }
}
