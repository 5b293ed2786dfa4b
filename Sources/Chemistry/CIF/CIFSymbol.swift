/// Element (and charge) from a CIF `_atom_site_type_symbol` or, failing that, an
/// `_atom_site_label`, following pymatgen's `CifParser._parse_symbol`:
/// 1. water/hydroxyl conventions by prefix: `Hw…` → H, `Ow…` → O, `Wat`/`wat` → O, `NO3` → N, and
///    `OH…` → no element (pymatgen drops such sites; so do we, with a warning);
/// 2. else the first two characters title-cased if they are a symbol (`FE1` → Fe, `Ca2` → Ca);
/// 3. else the first character upper-cased (`O2-` → O, `C12` → C).
/// Deuterium and tritium (`D`, `T`) are read as hydrogen. The table stops at Z = 94: Am, Cm, Bk, Cf
/// and Es are refused, and labels pymatgen reads as superheavy elements (`NH4` → Nh) fall through to
/// step 3 here (`NH4` → N).
enum CIFSymbol {
    enum Parsed: Equatable {
        case element(Element, oxidationState: Double?)
        /// A hydroxyl-style label that names no single element.
        case none
        /// Nothing recognisable.
        case unknown
        /// A real element beyond the table (Z > 94) that crystals are known for: Am, Cm, Bk, Cf, Es.
        case beyondTable(String)
    }

    /// Actinides past Pu with solid compounds in structure databases (AMCSD holds AmO2, CmO2 …).
    /// Reading `Cm1` as carbon would be silently wrong, so these are refused; heavier symbols
    /// (`Nh`, `Fl` …) never occur in crystals, and labels that spell them (`NH4`, `FL1`) are read by
    /// their first letter as below.
    private static let unsupportedActinides: Set<String> = ["Am", "Cm", "Bk", "Cf", "Es"]

    private static let specialPrefixes: [(prefix: String, symbol: String?)] = [
        ("Hw", "H"), ("Ow", "O"), ("Wat", "O"), ("wat", "O"), ("OH", nil), ("NO3", "N"),
    ]

    /// Parses a type symbol or a label. Charges (`Fe2+`, `O2-`, `Na+`, `Fe+3`) are read only when
    /// `readCharge` is set (type symbols, not labels) and the rest of the text is exactly a charge.
    static func parse(_ raw: String, readCharge: Bool) -> Parsed {
        let text = raw.cifTrimmed()
        guard !text.isEmpty else { return .unknown }
        for (prefix, symbol) in specialPrefixes where text.hasPrefix(prefix) {
            guard let symbol, let element = Element(symbol: symbol) else { return .none }
            return .element(element, oxidationState: nil)
        }
        let chars = Array(text)
        if chars.count >= 2 {
            let two = String(chars[0]).uppercased() + String(chars[1]).lowercased()
            if unsupportedActinides.contains(two) { return .beyondTable(two) }
            if let element = element(two) {
                return .element(element, oxidationState: readCharge ? charge(String(chars[2...])) : nil)
            }
        }
        if let element = element(String(chars[0]).uppercased()) {
            return .element(element, oxidationState: readCharge ? charge(String(chars[1...])) : nil)
        }
        return .unknown
    }

    private static func element(_ symbol: String) -> Element? {
        if symbol == "D" || symbol == "T" { return Element(symbol: "H") }
        return Element(symbol: symbol)
    }

    /// `2+`, `3-`, `+`, `+2`, `0.5+` → signed charge; anything else → nil.
    static func charge(_ rest: String) -> Double? {
        guard let last = rest.last, let first = rest.first else { return nil }
        let sign: Double
        let magnitude: Substring
        if last == "+" || last == "-" {
            sign = last == "-" ? -1 : 1
            magnitude = rest.dropLast()
        } else if first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            magnitude = rest.dropFirst()
        } else {
            return nil
        }
        if magnitude.isEmpty { return sign }
        guard magnitude.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let m = Double(magnitude) else {
            return nil
        }
        return sign * m
    }

    /// True when pymatgen would not warn: the text is the symbol followed by digits only.
    static func isPlain(_ raw: String, element: Element) -> Bool {
        guard raw.hasPrefix(element.symbol) else { return false }
        return raw.dropFirst(element.symbol.count).allSatisfy { $0.isASCII && $0.isNumber }
    }
}
