/// Formula strings, written exactly as pymatgen's `Composition` writes them (checked against
/// pymatgen on the AMCSD formulas: `Tests/ChemistryTests/Fixtures/formulas/pymatgen_formulas.json`).
///
/// Ordering uses pymatgen's electronegativities (`orderingElectronegativity`, generated), then the
/// symbol. Fractional compositions are **not** reduced: like pymatgen, `Li0.5CoO2` has reduced formula
/// `Li0.5Co1O2` (every amount written, the 1 included) and factor 1. Integer compositions are divided
/// by the GCD of their amounts, the last two elements are grouped as a polyanion when their
/// electronegativities differ by less than 1.65 and they reduce further (`CaMg(SiO3)2`, `Ca(HO)2`),
/// and pymatgen's special formulas apply (`O` → `O2`, `HO` → `H2O2`, …).
extension Composition {
    /// All amounts by electronegativity, each with its amount (pymatgen's `formula`): `"Li1 Fe1 P1 O4"`.
    public var formula: String {
        Composition.formulaOrder(amounts.keys)
            .map { $0.symbol + Composition.formatAmount(amounts[$0] ?? 0, omittingOne: false) }
            .joined(separator: " ")
    }

    /// The reduced formula (pymatgen's `reduced_formula`): `"LiFePO4"` for Li4Fe4P4O16, `"Fe2O3"`.
    public var reducedFormula: String { reducedFormulaAndFactor.formula }

    /// The reduced formula and the factor this composition is of it: Li4Fe4P4O16 → ("LiFePO4", 4).
    /// The factor is 1 for fractional compositions and may be 0.5 for special formulas (`O` → `O2`).
    public var reducedFormulaAndFactor: (formula: String, factor: Double) {
        let allInteger = amounts.values.allSatisfy {
            $0 < Composition.largestExactInteger && Swift.abs($0 - $0.rounded()) < Composition.amountTolerance
        }
        guard allInteger else { return (formula.replacingSpaces(), 1) }
        let rounded = amounts.mapValues { $0.rounded() }
        var (text, factor) = Composition.reduce(rounded)
        var f = Double(factor)
        if let special = Composition.specialFormulas[text] {
            text = special
            f /= 2
        }
        return (text, f)
    }

    /// This composition divided by its reduction factor (pymatgen's `reduced_composition`):
    /// Fe4O6 → Fe2O3; fractional compositions are returned unchanged.
    public var reduced: Composition {
        let factor = reducedFormulaAndFactor.factor
        return factor == 1 ? self : scaled(by: 1 / factor)
    }

    /// Hill notation as pymatgen writes it (space-separated): C, then H, then the rest alphabetically
    /// when there is carbon; all alphabetically otherwise. `"C6 H12 O6"`, `"Fe2 O3"`, `"Cl Na"`.
    public var hillFormula: String {
        var symbols = amounts.keys.map(\.symbol).sorted()
        var order: [String] = []
        if let c = symbols.firstIndex(of: "C") {
            order.append(symbols.remove(at: c))
            if let h = symbols.firstIndex(of: "H") { order.append(symbols.remove(at: h)) }
        }
        order += symbols
        return order.map { symbol -> String in
            let amount = amounts.first { $0.key.symbol == symbol }?.value ?? 0
            return symbol + (amount == 1 ? "" : Composition.formatAmount(amount, omittingOne: true))
        }.joined(separator: " ")
    }

    /// The anonymous formula (pymatgen's `anonymized_formula`): amounts reduced by their GCD when all
    /// are integers, sorted ascending and lettered A, B, C…: perovskites are `"ABC3"`, `Li0.5CoO2` is
    /// `"A0.5BC2"`.
    public var anonymousFormula: String {
        var values = Array(amounts.values)
        let exact = values.allSatisfy { $0 < Composition.largestExactInteger && $0 == $0.rounded() }
        if exact, !values.isEmpty {
            let g = values.map { Int($0) }.reduce(0, Composition.greatestCommonDivisor)
            if g > 1 { values = values.map { $0 / Double(g) } }
        }
        values.sort()
        var out = ""
        for (k, amount) in values.enumerated() {
            out += Composition.letter(k)
            if amount == 1 { continue }
            if Swift.abs(amount.truncatingRemainder(dividingBy: 1)) < 1e-8, amount < Composition.largestExactInteger {
                out += String(Int(amount))
            } else {
                out += "\(amount)"
            }
        }
        return out
    }

    // MARK: - pymatgen's helpers

    /// pymatgen's `Composition.special_formulas`: formulas not reduced completely.
    static let specialFormulas: [String: String] = [
        "LiO": "Li2O2", "NaO": "Na2O2", "KO": "K2O2", "HO": "H2O2", "CsO": "Cs2O2", "RbO": "Rb2O2",
        "O": "O2", "N": "N2", "F": "F2", "Cl": "Cl2", "H": "H2",
    ]

    /// Amounts at or above this are not treated as integers (Int conversion would not be exact).
    static let largestExactInteger = 9.0e15

    /// pymatgen's `_symbol_sort_order`: by its electronegativity (none sorts last), then by symbol.
    static func formulaOrder<S: Sequence>(_ elements: S) -> [Element] where S.Element == Element {
        elements.sorted { a, b in
            let (xa, xb) = (orderingElectronegativity[a.atomicNumber - 1], orderingElectronegativity[b.atomicNumber - 1])
            return xa != xb ? xa < xb : a.symbol < b.symbol
        }
    }

    /// pymatgen's `reduce_formula` on integer amounts: the formula text and the GCD factor.
    static func reduce(_ amounts: [Element: Double]) -> (String, Int) {
        var symbols = formulaOrder(amounts.keys).filter { Swift.abs(amounts[$0] ?? 0) > amountTolerance }
        var factor = 1
        if amounts.values.allSatisfy({ $0 < largestExactInteger && $0 == $0.rounded() }) {
            factor = Swift.abs(amounts.values.map { Int($0) }.reduce(0, Composition.greatestCommonDivisor))
            if factor == 0 { factor = 1 }
        }
        var polyanion = ""
        if symbols.count >= 3 {
            let (last, previous) = (symbols[symbols.count - 1], symbols[symbols.count - 2])
            let dx = orderingElectronegativity[last.atomicNumber - 1] - orderingElectronegativity[previous.atomicNumber - 1]
            if dx < 1.65 {
                let pair = [previous: (amounts[previous] ?? 0) / Double(factor), last: (amounts[last] ?? 0) / Double(factor)]
                let (text, polyFactor) = reduce(pair)
                if polyFactor != 1 { polyanion = "(\(text))\(polyFactor)" }
            }
        }
        if !polyanion.isEmpty { symbols.removeLast(2) }
        var out = ""
        for e in symbols {
            out += e.symbol + formatAmount((amounts[e] ?? 0) / Double(factor), omittingOne: true)
        }
        return (out + polyanion, factor)
    }

    /// pymatgen's `formula_double_format`: "" for 1 (when omitting ones), an integer when within 1e-8
    /// of one, otherwise the value rounded to 8 decimals in Python's shortest repr.
    static func formatAmount(_ x: Double, omittingOne: Bool) -> String {
        if omittingOne, Swift.abs(x - 1) <= 1e-8 { return "" }
        let r = x.rounded(.toNearestOrEven)
        if Swift.abs(x - r) <= 1e-8, Swift.abs(r) < largestExactInteger { return String(Int(r)) }
        let scaled = (x * 1e8).rounded(.toNearestOrEven) / 1e8
        return "\(scaled)"
    }

    /// Letters for anonymous formulas: A…Z, then AA, AB… (pymatgen stops at Z; 26 elements suffice).
    static func letter(_ k: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return k < 26 ? String(alphabet[k]) : String(alphabet[k / 26 - 1]) + String(alphabet[k % 26])
    }
}

extension Composition {
    /// Greatest common divisor of two integers (non-negative result).
    static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (Swift.abs(a), Swift.abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}

extension String {
    fileprivate func replacingSpaces() -> String { String(unicodeScalars.filter { $0 != " " }) }
}
