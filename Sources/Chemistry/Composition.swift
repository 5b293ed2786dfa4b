/// Amounts of elements: a formula unit (`Fe2O3`), a cell's content, or any mixture.
///
/// Amounts are in atoms (or moles of atoms) per formula unit and may be fractional (`Li0.5CoO2`).
/// Amounts at or below `amountTolerance` (pymatgen's 1e-8) are dropped, so two compositions that
/// differ only by such amounts are equal. Formula strings (`reducedFormula`, `hillFormula`,
/// `anonymousFormula`) follow pymatgen's `Composition` exactly; see `Composition+Formula.swift`.
public struct Composition: Hashable, Sendable, CustomStringConvertible {
    /// Amounts below or at this are treated as zero (pymatgen's `Composition.amount_tolerance`).
    public static let amountTolerance = 1e-8

    /// Amount of each element present (all > `amountTolerance`).
    public let amounts: [Element: Double]

    /// A composition from amounts per element. Amounts ≤ `amountTolerance` and non-finite amounts
    /// are dropped; use `init(symbolAmounts:)` to validate untrusted input instead.
    public init(_ amounts: [Element: Double]) {
        self.amounts = amounts.filter { $0.value.isFinite && $0.value > Composition.amountTolerance }
    }

    /// Parses a formula string (see `FormulaParser` for the accepted syntax).
    /// - Throws: `FormulaError` with the offending token and its offset.
    public init(parsing formula: String) throws(FormulaError) {
        self.init(try FormulaParser.parse(formula))
    }

    /// A composition from a `{symbol: amount}` map (the wire form `{"Li": 1, "O": 2}`).
    /// - Throws: `FormulaError` `.unknownElement` for a symbol outside the table, `.invalidAmount` for a
    ///   negative or non-finite amount, `.empty` for an empty map, `.zeroTotal` when all are zero. The
    ///   error's `offset` is the entry's index in sorted-symbol order.
    public init(symbolAmounts: [String: Double]) throws(FormulaError) {
        guard !symbolAmounts.isEmpty else {
            throw FormulaError(.empty, token: "", offset: 0, message: "empty composition")
        }
        var out: [Element: Double] = [:]
        for (index, (symbol, amount)) in symbolAmounts.sorted(by: { $0.key < $1.key }).enumerated() {
            let trimmed = trimmedWhitespace(symbol)
            guard let e = Element(symbol: trimmed) else {
                throw FormulaError(.unknownElement, token: symbol, offset: index,
                                   message: "unknown element \"\(symbol)\" (entry \(index))")
            }
            guard amount.isFinite, amount >= 0 else {
                throw FormulaError(.invalidAmount, token: symbol, offset: index,
                                   message: "invalid amount \(amount) for \"\(symbol)\" (entry \(index))")
            }
            out[e, default: 0] += amount
        }
        let c = Composition(out)
        guard !c.amounts.isEmpty else {
            throw FormulaError(.zeroTotal, token: "", offset: 0, message: "all amounts are zero")
        }
        self = c
    }

    /// The elements present, by increasing atomic number.
    public var elements: [Element] { amounts.keys.sorted() }

    /// The amount of `element` (0 when absent).
    public func amount(of element: Element) -> Double { amounts[element] ?? 0 }

    /// Sum of all amounts (pymatgen's `num_atoms`).
    public var totalAmount: Double { amounts.values.reduce(0, +) }

    /// True when there is no element.
    public var isEmpty: Bool { amounts.isEmpty }

    /// Atomic fractions, summing to 1 (empty for an empty composition).
    public var fractions: [Element: Double] {
        let total = totalAmount
        guard total > 0 else { return [:] }
        return amounts.mapValues { $0 / total }
    }

    /// Mass of one formula unit in g/mol (summed in element order, so the result does not depend on
    /// the dictionary's per-process ordering).
    public var formulaMass: Double {
        elements.reduce(0) { $0 + $1.atomicMass * amounts[$1, default: 0] }
    }

    /// Every amount multiplied by `factor` (> 0).
    public func scaled(by factor: Double) -> Composition {
        precondition(factor > 0 && factor.isFinite, "scale factor must be positive and finite")
        return Composition(amounts.mapValues { $0 * factor })
    }

    /// True when both have the same elements and each amount differs by at most `tolerance`
    /// (absolute, in atoms per formula unit; pymatgen's `==` uses 1e-8).
    public func isApproximatelyEqual(_ other: Composition, tolerance: Double = 1e-8) -> Bool {
        guard Set(amounts.keys) == Set(other.amounts.keys) else { return false }
        return amounts.allSatisfy { Swift.abs($0.value - other.amount(of: $0.key)) <= tolerance }
    }

    /// True when the atomic fractions agree within `tolerance` (so `Fe2O3` ≈ `Fe4O6`).
    public func hasApproximatelySameFractions(as other: Composition, tolerance: Double = 1e-6) -> Bool {
        let (f, g) = (fractions, other.fractions)
        guard Set(f.keys) == Set(g.keys) else { return false }
        return f.allSatisfy { Swift.abs($0.value - (g[$0.key] ?? 0)) <= tolerance }
    }

    /// The reduced formula, e.g. `"LiFePO4"`.
    public var description: String { reducedFormula }
}

/// `text` without leading and trailing whitespace.
private func trimmedWhitespace(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
          let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    return String(scalars[first...last])
}
