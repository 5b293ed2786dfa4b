/// One value of a CIF: the text as written (quotes and `;` delimiters removed) and where it was.
public struct CIFValue: Hashable, Sendable, CustomStringConvertible {
    /// The value's text without its delimiters.
    public var text: String
    /// True when the value was quoted or a `;` text field (so `?` and `.` are literal text).
    public var isQuoted: Bool
    /// 1-based line where the value starts.
    public var line: Int

    public init(_ text: String, isQuoted: Bool = false, line: Int = 0) {
        self.text = text
        self.isQuoted = isQuoted
        self.line = line
    }

    /// CIF's "unknown" (`?` unquoted).
    public var isUnknown: Bool { !isQuoted && text == "?" }
    /// CIF's "inapplicable" (`.` unquoted).
    public var isInapplicable: Bool { !isQuoted && text == "." }

    public var description: String { text }
}

/// A lexical token of CIF 1.1 (the syntax pymatgen reads, with `save_` frames and `global_`).
enum CIFToken: Sendable {
    case dataBlock(String)
    case loop
    /// `save_name` opens a frame; `save_` (empty name) closes it.
    case saveFrame(String)
    case global
    case stop
    case tag(String)
    case value(CIFValue)
}

/// Splits CIF text into tokens with their lines: quoted strings (a closing quote counts only when
/// followed by whitespace, so `'O'Neill'` is one value), `;` text fields, `#` comments, reserved
/// words (case-insensitive), tags and bare values. Works on UTF-8 bytes; non-ASCII bytes are kept
/// inside values.
struct CIFTokenizer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var atLineStart = true
    private(set) var warnings: [CIFWarning] = []

    init(_ text: String) {
        bytes = Array(text.utf8)
        // Skip a UTF-8 byte-order mark, which some Windows tools write.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    private static let semicolon = UInt8(ascii: ";")
    private static let hash = UInt8(ascii: "#")
    private static let newline = UInt8(ascii: "\n")
    private static let singleQuote = UInt8(ascii: "'")
    private static let doubleQuote = UInt8(ascii: "\"")

    @inline(__always) private static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// All tokens with their 1-based lines.
    /// - Throws: `CIFError.unterminatedTextField` when a `;` field runs to the end of the text.
    mutating func tokenize() throws -> [(token: CIFToken, line: Int)] {
        var tokens: [(token: CIFToken, line: Int)] = []
        tokens.reserveCapacity(bytes.count / 6)
        while let token = try next() { tokens.append(token) }
        return tokens
    }

    private mutating func next() throws -> (token: CIFToken, line: Int)? {
        while index < bytes.count {
            let c = bytes[index]
            if c == Self.newline {
                line += 1
                atLineStart = true
                index += 1
            } else if Self.isWhitespace(c) {
                index += 1
            } else if c == Self.semicolon && atLineStart {
                return (.value(try textField()), line)
            } else if c == Self.hash {
                while index < bytes.count && bytes[index] != Self.newline { index += 1 }
            } else if c == Self.singleQuote || c == Self.doubleQuote {
                atLineStart = false
                return (.value(quoted(c)), line)
            } else {
                atLineStart = false
                return (bare(), line)
            }
        }
        return nil
    }

    /// A `;` text field: from after the opening `;` to the next line that starts with `;`.
    private mutating func textField() throws -> CIFValue {
        let startLine = line
        index += 1
        let start = index
        var lineStart = false
        while index < bytes.count {
            let c = bytes[index]
            if lineStart && c == Self.semicolon {
                // Drop the newline before the closing `;`.
                var end = index - 1
                if end > start && bytes[end - 1] == 0x0D { end -= 1 }
                let value = CIFValue(text(start..<Swift.max(start, end)).cifTrimmed(), isQuoted: true,
                                     line: startLine)
                index += 1
                atLineStart = false
                return value
            }
            lineStart = c == Self.newline
            if lineStart { line += 1 }
            index += 1
        }
        throw CIFError(.unterminatedTextField, line: startLine, token: ";")
    }

    /// A quoted value; the closing quote must be followed by whitespace or the end. A quote that
    /// never closes on its line is repaired (the rest of the line becomes the value) with a warning.
    private mutating func quoted(_ quote: UInt8) -> CIFValue {
        let start = index + 1
        var j = start
        while j < bytes.count && bytes[j] != Self.newline {
            if bytes[j] == quote && (j + 1 == bytes.count || Self.isWhitespace(bytes[j + 1])) {
                index = j + 1
                return CIFValue(text(start..<j), isQuoted: true, line: line)
            }
            j += 1
        }
        var end = j
        if end > start && bytes[end - 1] == 0x0D { end -= 1 }
        warnings.append(CIFWarning("unterminated quoted string: rest of the line taken as the value", line: line))
        index = j
        return CIFValue(text(start..<end), isQuoted: true, line: line)
    }

    /// A bare token: a tag, a reserved word or a value.
    private mutating func bare() -> CIFToken {
        let start = index
        while index < bytes.count && !Self.isWhitespace(bytes[index]) { index += 1 }
        let word = text(start..<index)
        if bytes[start] == UInt8(ascii: "_") { return .tag(word.lowercased()) }
        if word.count >= 5 {
            let head = word.prefix(5).lowercased()
            if head == "data_" { return .dataBlock(String(word.dropFirst(5))) }
            if head == "save_" { return .saveFrame(String(word.dropFirst(5))) }
            if head == "loop_" && word.count == 5 { return .loop }
            if head == "stop_" && word.count == 5 { return .stop }
            if word.count == 7 && word.lowercased() == "global_" { return .global }
        }
        return .value(CIFValue(word, line: line))
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    func cifTrimmed() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
