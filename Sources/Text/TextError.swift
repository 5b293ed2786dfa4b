/// Errors raised by the `Text` module on bad user input. Each carries the location of the problem.
public enum TextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not well-formed UTF-8; `byteOffset` is the offset (from 0) of the first byte of
    /// the first ill-formed sequence.
    case invalidUTF8(byteOffset: Int)
    /// A tokenizer file could not be read: `field` names the JSON field (or `"file"`), `reason` says why.
    case invalidTokenizerFile(field: String, reason: String)

    public var description: String {
        switch self {
        case .invalidUTF8(let offset):
            return "invalid UTF-8 at byte offset \(offset)"
        case .invalidTokenizerFile(let field, let reason):
            return "invalid tokenizer file, field \(field): \(reason)"
        }
    }
}
