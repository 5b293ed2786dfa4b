/// One unit produced by ``PreTokenizer``: subword merges never cross a pre-token boundary.
public struct PreToken: Hashable, Sendable, CustomStringConvertible {
    /// What a pre-token is, as far as the scanner can tell without a dictionary.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// An ordinary word, case folded (`"crystallizes"`, `"strasse"`).
        case word
        /// A chemical formula, case kept (`"LiCoO2"`, `"Ca(OH)2"`, `"CuSO4·5H2O"`, `"Li0.5CoO2"`,
        /// `"(Sr1-2xNaxLax)TiO3"`, `"Fe3+"`), or a lone element symbol (`"Pb"`).
        case formula
        /// A robocrys-style crystallographic site label, case kept (`"Pb(1)"`, `"O(12)"`).
        case siteLabel
        /// A Hermann-Mauguin space-group symbol, as written (`"P2_1/c"`, `"Fm-3m"`, `"Pnma"`).
        case spaceGroup
        /// A decimal number (`"2.96"`, `"1200"`, `"1.5e-3"`); a sign is a separate punctuation token.
        case number
        /// A unit directly after a number, case kept (`"Å"`, `"°C"`, `"GPa"`, `"g/cm3"`, `"K"`).
        case unit
        /// Any other single character that is not a letter, digit or space (`"."`, `"-"`, `"("`).
        case punctuation
    }

    /// The kind of this pre-token.
    public var kind: Kind
    /// The text: NFKC; case folded for words only.
    public var text: String
    /// Whether white space preceded the token in the input (used to rebuild text on decode).
    public var followsSpace: Bool

    public init(kind: Kind, text: String, followsSpace: Bool) {
        self.kind = kind
        self.text = text
        self.followsSpace = followsSpace
    }

    public var description: String { "\(kind.rawValue):\(text)" }
}
