/// Why a formula string (or a `{symbol: amount}` map) could not be read, and where.
///
/// `offset` counts Unicode scalars from the start of the input (for ASCII input, the character
/// offset); `token` is the offending text. For `Composition(symbolAmounts:)` the offset is the
/// index of the offending entry in symbol order, and `token` is the symbol.
public struct FormulaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The category of the problem, stable for callers to switch on.
    public enum Kind: String, Hashable, Sendable {
        /// The input was empty or only whitespace.
        case empty
        /// A symbol that is not an element of the table (Z = 1…94), e.g. `Xx` or `Am`.
        case unknownElement
        /// An opening bracket without its closing one, or a closing one without an opening one.
        case unbalancedBracket
        /// A closing bracket of a different kind than the one it closes, as in `(Fe]`.
        case mismatchedBracket
        /// A negative, malformed, non-finite or overflowing amount, as in `H-1` or `H1.2.3`.
        case invalidAmount
        /// A character that has no place in a formula.
        case unexpectedCharacter
        /// A hydrate separator (`·`, `•`, `*`, `.`) with nothing after it, or before it, or inside
        /// brackets.
        case misplacedSeparator
        /// A multiplier or bracket group with no element in it, as in `5` or `()2`.
        case missingElement
        /// All amounts are zero.
        case zeroTotal
    }

    public let kind: Kind
    /// The offending text (a symbol, a number, a bracket, a character; empty for `.empty`).
    public let token: String
    /// Unicode-scalar offset of `token` in the input.
    public let offset: Int
    /// A sentence for humans, naming the token and its offset.
    public let message: String

    public init(_ kind: Kind, token: String, offset: Int, message: String) {
        self.kind = kind
        self.token = token
        self.offset = offset
        self.message = message
    }

    public var description: String { message }
}
