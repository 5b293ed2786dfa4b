/// What went wrong while reading a corpus file, with where it happened.
public struct CorpusError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// The file could not be opened (missing, unreadable); `message` carries the OS error.
        case cannotOpen
        /// zlib reported corrupt or truncated compressed data.
        case decompression
        /// A line is not valid JSON or does not match the record's schema; `message` names the
        /// field or the JSON problem.
        case malformedRecord
        /// A line is longer than the reader's limit (the reader skips to the next line).
        case lineTooLong
        /// A line is not valid UTF-8.
        case invalidUTF8
    }

    public var kind: Kind
    /// The file as given to the reader.
    public var path: String
    /// 1-based line number, when the problem belongs to one line.
    public var line: Int?
    /// Details: the JSON decoding failure (with its coding path), zlib's message, or the OS error.
    public var message: String

    public init(_ kind: Kind, path: String, line: Int? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return "\(place): \(kind): \(message)"
    }
}
