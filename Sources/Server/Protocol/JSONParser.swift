/// A small, strict JSON (RFC 8259) parser over UTF-8 bytes.
///
/// Limits: nesting depth (default 64) so deeply nested input cannot exhaust the stack; numbers must
/// be finite doubles. Duplicate object keys keep the last value.
public struct JSONParser {
    public var maxDepth: Int

    public init(maxDepth: Int = 64) { self.maxDepth = maxDepth }

    /// Parses one JSON value filling the whole text (surrounding whitespace allowed).
    /// - Throws: `JSONParseError` with the byte offset of the problem.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        let bytes = Array(text.utf8)
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buf in
            Result { () throws(JSONParseError) -> JSONValue in try parse(bytes: buf) }
        }
        return try result.get()
    }

    /// Parses one JSON value from UTF-8 bytes.
    public func parse(bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var cursor = Cursor(bytes: bytes, maxDepth: maxDepth)
        cursor.skipWhitespace()
        let value = try cursor.parseValue(depth: 0)
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw JSONParseError(reason: .trailingCharacters, offset: cursor.i) }
        return value
    }

    /// Parses a JSON value that starts at `offset` in `bytes` and returns it with the offset just past it.
    func parsePrefix(bytes: UnsafeBufferPointer<UInt8>, from offset: Int) throws(JSONParseError) -> (JSONValue, Int) {
        var cursor = Cursor(bytes: bytes, maxDepth: maxDepth)
        cursor.i = offset
        let value = try cursor.parseValue(depth: 0)
        return (value, cursor.i)
    }
}

private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    var atEnd: Bool { i >= bytes.count }

    mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    func fail(_ r: JSONParseError.Reason, _ at: Int? = nil) -> JSONParseError { JSONParseError(reason: r, offset: at ?? i) }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard i < bytes.count else { throw fail(.unexpectedEnd) }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail(.unexpectedCharacter(bytes[i]))
        }
    }

    mutating func literal(_ word: String) throws(JSONParseError) {
        for (k, expected) in word.utf8.enumerated() {
            guard i + k < bytes.count else { throw fail(.unexpectedEnd) }
            guard bytes[i + k] == expected else { throw fail(.unexpectedCharacter(bytes[i + k]), i + k) }
        }
        i += word.utf8.count
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw fail(.tooDeep(limit: maxDepth)) }
        i += 1
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
        while true {
            skipWhitespace()
            guard i < bytes.count else { throw fail(.unexpectedEnd) }
            guard bytes[i] == UInt8(ascii: "\"") else { throw fail(.unexpectedCharacter(bytes[i])) }
            let key = try parseString()
            skipWhitespace()
            guard i < bytes.count else { throw fail(.unexpectedEnd) }
            guard bytes[i] == UInt8(ascii: ":") else { throw fail(.unexpectedCharacter(bytes[i])) }
            i += 1
            object[key] = try parseValue(depth: depth)
            skipWhitespace()
            guard i < bytes.count else { throw fail(.unexpectedEnd) }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
            throw fail(.unexpectedCharacter(bytes[i]))
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= maxDepth else { throw fail(.tooDeep(limit: maxDepth)) }
        i += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(array) }
        while true {
            array.append(try parseValue(depth: depth))
            skipWhitespace()
            guard i < bytes.count else { throw fail(.unexpectedEnd) }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(array) }
            throw fail(.unexpectedCharacter(bytes[i]))
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count else { throw fail(.unexpectedEnd) }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
        } else if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[i]) {
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        } else {
            throw fail(.invalidNumber, start)
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail(.invalidNumber, start) }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail(.invalidNumber, start) }
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw fail(.numberOutOfRange, start) }
        return value
    }

    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    mutating func parseString() throws(JSONParseError) -> String {
        i += 1  // opening quote
        var out: [UInt8] = []
        var runStart = i
        while true {
            guard i < bytes.count else { throw fail(.unexpectedEnd) }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                i += 1
                break
            }
            if c < 0x20 { throw fail(.controlCharacterInString) }
            if c == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                i += 1
                guard i < bytes.count else { throw fail(.unexpectedEnd) }
                switch bytes[i] {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    let escapeStart = i - 1
                    var scalar = try hex4(at: i + 1)
                    i += 4
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate must be followed by \u and a low surrogate.
                        guard i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u")
                        else { throw fail(.invalidUnicodeEscape, escapeStart) }
                        let low = try hex4(at: i + 3)
                        guard (0xDC00..<0xE000).contains(low) else { throw fail(.invalidUnicodeEscape, escapeStart) }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw fail(.invalidUnicodeEscape, escapeStart)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail(.invalidUnicodeEscape, escapeStart) }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw fail(.invalidEscape)
                }
                i += 1
                runStart = i
                continue
            }
            i += 1
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail(.invalidUTF8) }
        return s
    }

    func hex4(at p: Int) throws(JSONParseError) -> UInt32 {
        guard p + 4 <= bytes.count else { throw fail(.unexpectedEnd) }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = bytes[p + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw fail(.invalidUnicodeEscape, p + k)
            }
            v = v << 4 | d
        }
        return v
    }
}
