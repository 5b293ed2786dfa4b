/// Number and unit recognition for ``PreTokenizer``.
extension PreTokenScanner {
    /// The end of a decimal number starting at digit `i`: digits, an optional fraction, an optional
    /// exponent (`1.5e-3`).
    func numberEnd(at i: Int) -> Int {
        var j = i
        while j < s.count, isDigit(s[j]) { j += 1 }
        if j + 1 < s.count, s[j] == ".", isDigit(s[j + 1]) {
            j += 1
            while j < s.count, isDigit(s[j]) { j += 1 }
        }
        if j + 1 < s.count, s[j] == "e" || s[j] == "E" {
            var k = j + 1
            if k < s.count, s[k] == "-" || s[k] == "+" { k += 1 }
            if k < s.count, isDigit(s[k]) {
                while k < s.count, isDigit(s[k]) { k += 1 }
                if isBoundary(k) { j = k }
            }
        }
        return j
    }

    /// A unit right after a number ending at `i` (at most one space between), as a scalar range.
    func unit(after i: Int) -> (Int, Int)? {
        var start = i
        if start < s.count, s[start] == " " { start += 1 }
        guard start < s.count else { return nil }
        for unit in Self.units {
            let end = start + unit.count
            guard end <= s.count, s[start] == unit[0] else { continue }
            var matches = true
            for k in 1..<unit.count where s[start + k] != unit[k] {
                matches = false
                break
            }
            // "5 %" is fine, "5 K," too; "5 Kb" is not a kelvin.
            if matches, isBoundary(end) || unit.last == "%" { return (start, end) }
        }
        return nil
    }

    /// Units recognised after a number, longest first so that `GPa` wins over `Pa`, `°C` over `°`.
    static let units: [[Unicode.Scalar]] = [
        "g/cm3", "g/cm^3", "g cm-3", "kJ/mol", "J/mol", "kcal/mol", "eV/atom", "cm-1", "cm^-1",
        "wt%", "at%", "mol%", "vol%", "kbar", "mbar", "GPa", "MPa", "kPa", "meV", "keV", "MeV", "deg",
        "min", "kHz", "MHz", "GHz", "emu", "mol", "bar", "atm", "Pa", "eV", "nm", "µm", "μm", "mm", "cm",
        "pm", "°C", "°F", "°K", "Hz", "kV", "mA", "mg", "kg", "ms", "μs", "ns", "ps", "Oe", "μB", "Å",
        "°", "K", "C", "h", "s", "g", "T", "V", "%",
    ].map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
}
