/// Turns one request line into a `Request`: JSON-RPC 2.0 when the line starts with `{`, otherwise an
/// inline command `VERB key=value …` (DESIGN §5). Pure: no sockets, no state.
public struct RequestParser: Sendable {
    /// The outcome for one line.
    public enum Outcome: Sendable {
        case request(Request)
        /// The line was rejected; `style` says how to shape the error (id `null` when unknown).
        case failure(ProtocolError, Request.Style)
        /// A blank line: nothing to answer.
        case empty
    }

    public var maxJSONDepth: Int

    public init(maxJSONDepth: Int = 64) { self.maxJSONDepth = maxJSONDepth }

    public func parse(line bytes: [UInt8]) -> Outcome {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = RequestParser.firstInvalidUTF8Offset(bytes)
            return .failure(ProtocolError(.parseError, "invalid UTF-8 at byte \(offset)"), RequestParser.guessStyle(bytes))
        }
        return parse(line: text)
    }

    public func parse(line: String) -> Outcome {
        let trimmed = String(line.trimmingASCIIWhitespace())
        if trimmed.isEmpty { return .empty }
        if trimmed.hasPrefix("{") { return parseJSONRPC(trimmed) }
        if trimmed.hasPrefix("[") {
            return .failure(ProtocolError(.invalidRequest, "batch requests are not supported: send one request per line"),
                            .jsonRPC(id: .null))
        }
        return parseInline(trimmed)
    }

    // MARK: JSON-RPC

    func parseJSONRPC(_ text: String) -> Outcome {
        let nullStyle = Request.Style.jsonRPC(id: .null)
        let value: JSONValue
        do {
            value = try JSONParser(maxDepth: maxJSONDepth).parse(text)
        } catch {
            return .failure(ProtocolError(.parseError, "invalid JSON: \(error)"), nullStyle)
        }
        guard case .object(let object) = value else {
            return .failure(ProtocolError(.invalidRequest, "a request must be a JSON object"), nullStyle)
        }
        let id = object["id"] ?? .null
        switch id {
        case .null, .string, .number: break
        default:
            return .failure(ProtocolError(.invalidRequest, "id must be a string, a number or null", field: "id"), nullStyle)
        }
        let style = Request.Style.jsonRPC(id: id)
        guard object["jsonrpc"]?.stringValue == "2.0" else {
            return .failure(ProtocolError(.invalidRequest, "jsonrpc must be \"2.0\"", field: "jsonrpc"), style)
        }
        guard let method = object["method"]?.stringValue, !method.isEmpty else {
            return .failure(ProtocolError(.invalidRequest, "method must be a non-empty string", field: "method"), style)
        }
        var params: [String: JSONValue] = [:]
        switch object["params"] {
        case nil, .null?: break
        case .object(let o)?: params = o
        default:
            return .failure(ProtocolError(.invalidParams, "params must be an object of named parameters", field: "params"), style)
        }
        return .request(Request(method: method, params: params, style: style))
    }

    // MARK: Inline commands

    func parseInline(_ text: String) -> Outcome {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count, !isSpace(bytes[i]) { i += 1 }
        let verb = String(decoding: bytes[0..<i], as: UTF8.self)
        guard verb.utf8.allSatisfy({ isKeyByte($0) }) else {
            return .failure(ProtocolError(.parseError, "a command starts with a verb such as SEARCH or PING, got \"\(verb.prefix(32))\""), .inline)
        }
        var params: [String: JSONValue] = [:]
        while true {
            while i < bytes.count, isSpace(bytes[i]) { i += 1 }
            if i >= bytes.count { break }
            let keyStart = i
            while i < bytes.count, isKeyByte(bytes[i]) { i += 1 }
            let key = String(decoding: bytes[keyStart..<i], as: UTF8.self)
            guard !key.isEmpty, i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
                return .failure(ProtocolError(.parseError, "expected key=value at character \(keyStart + 1)"), .inline)
            }
            i += 1
            guard params[key] == nil else {
                return .failure(ProtocolError(.invalidParams, "\(key) is given twice", field: key), .inline)
            }
            switch parseInlineValue(bytes, &i) {
            case .success(let v): params[key] = v
            case .failure(let message):
                return .failure(ProtocolError(.parseError, "\(message) in the value of \(key)", field: key), .inline)
            }
        }
        return .request(Request(method: verb.lowercased(), params: params, style: .inline))
    }

    /// A value is JSON (`{…}`, `[…]`, `"…"` with JSON escapes) or a bare token up to the next space,
    /// read as a JSON number/true/false/null when it is one and as a string otherwise.
    func parseInlineValue(_ bytes: [UInt8], _ i: inout Int) -> Result<JSONValue, InlineError> {
        guard i < bytes.count, !isSpace(bytes[i]) else { return .success(.string("")) }
        let c = bytes[i]
        if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") || c == UInt8(ascii: "\"") {
            do {
                let start = i
                let parsed: Result<(JSONValue, Int), JSONParseError> = bytes.withUnsafeBufferPointer { buf in
                    Result { () throws(JSONParseError) in try JSONParser(maxDepth: maxJSONDepth).parsePrefix(bytes: buf, from: start) }
                }
                let (value, end) = try parsed.get()
                guard end >= bytes.count || isSpace(bytes[end]) else {
                    return .failure(InlineError("unexpected text after the value at character \(end + 1)"))
                }
                i = end
                return .success(value)
            } catch {
                return .failure(InlineError("invalid JSON (\(error))"))
            }
        }
        let start = i
        while i < bytes.count, !isSpace(bytes[i]) { i += 1 }
        let token = String(decoding: bytes[start..<i], as: UTF8.self)
        if let v = try? JSONParser(maxDepth: 1).parse(token), !(v.arrayValue != nil || v.objectValue != nil) {
            return .success(v)
        }
        return .success(.string(token))
    }

    struct InlineError: Error { let message: String; init(_ m: String) { message = m } }

    @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
    @inline(__always) func isKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2E || c == 0x2D
    }

    static func guessStyle(_ bytes: [UInt8]) -> Request.Style {
        bytes.first(where: { $0 != 0x20 && $0 != 0x09 }) == UInt8(ascii: "{") ? .jsonRPC(id: .null) : .inline
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: break loop
            case .error: return offset
            }
        }
        return offset
    }
}

extension RequestParser.InlineError: CustomStringConvertible { var description: String { message } }

extension String {
    func trimmingASCIIWhitespace() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s.removeLast() }
        return s
    }
}
