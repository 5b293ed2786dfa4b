import Foundation

/// What counts as "the same material" in training batches and in evaluation.
///
/// - The **identity** of a material is its normalised mineral name (repeat refinements and
///   polymorphs of one mineral are one material), or, for a synthetic compound without a mineral
///   name, `formula:` + its reduced formula.
/// - The normalisation is the corpus build's (`Scripts/corpus/names.py`, `normalise_mineral`):
///   accents stripped, lower case, parenthesised suffixes removed, and tokens naming a polymorph or
///   polytype dropped (Greek letters, `ideal`/`high`/`low`, roman numerals, tokens with digits,
///   tokens of at most two letters): `Iron-alpha` → `iron`, `Monazite-(Ce)` → `monazite`.
public enum MaterialIdentity {
    static let greek: Set<String> = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "kappa", "omega"]
    static let modifiers: Set<String> = ["ideal", "high", "low"]

    /// The normalised mineral name, or nil for nil/blank input.
    public static func normalizedMineral(_ name: String?) -> String? {
        guard let name, name.contains(where: { !$0.isWhitespace }) else { return nil }
        // NFKD, then drop combining marks (accents).
        let decomposed = name.decomposedStringWithCompatibilityMapping
        let stripped = String(String.UnicodeScalarView(decomposed.unicodeScalars.filter {
            $0.properties.canonicalCombiningClass.rawValue == 0
        })).lowercased().trimmingCharacters(in: .whitespaces)
        // Remove "(…)" groups.
        var base = ""
        var depth = 0
        for ch in stripped {
            if ch == "(" { depth += 1; base.append(" "); continue }
            if ch == ")" { depth = Swift.max(0, depth - 1); base.append(" "); continue }
            if depth == 0 { base.append(ch) }
        }
        let separators = CharacterSet(charactersIn: " \t\n-_/,.")
        let tokens = base.components(separatedBy: separators).filter { !$0.isEmpty }
        let kept = tokens.filter { t in
            !greek.contains(t) && !modifiers.contains(t) && !isRoman(t)
                && !t.contains(where: \.isNumber) && t.count > 2
        }
        if !kept.isEmpty { return kept.joined(separator: " ") }
        if !tokens.isEmpty { return tokens.joined(separator: " ") }
        return stripped
    }

    static func isRoman(_ t: String) -> Bool {
        !t.isEmpty && t.allSatisfy { $0 == "i" || $0 == "v" || $0 == "x" }
    }

    /// The identity key of a material: normalised mineral name, else `formula:<reduced formula>`.
    public static func key(mineral: String?, reducedFormula: String) -> String {
        normalizedMineral(mineral) ?? "formula:" + reducedFormula
    }
}
