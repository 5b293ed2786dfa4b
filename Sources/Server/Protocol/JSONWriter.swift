/// Compact JSON serialisation of `JSONValue`, with object keys sorted so output is deterministic.
extension JSONValue {
    /// The value as one line of compact JSON (no newlines, keys sorted).
    public var jsonText: String {
        var out = ""
        out.reserveCapacity(64)
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d): out += JSONValue.format(d)
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let a):
            out += "["
            for (k, v) in a.enumerated() {
                if k > 0 { out += "," }
                v.write(to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (k, key) in o.keys.sorted().enumerated() {
                if k > 0 { out += "," }
                JSONValue.writeString(key, to: &out)
                out += ":"
                o[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    /// Integers print without a decimal point; other finite values use Swift's shortest round-trip form;
    /// non-finite values (which JSON cannot express) print as null.
    static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d.rounded() == d, Swift.abs(d) < 1e15 { return String(Int64(d)) }
        return "\(d)"
    }

    /// Appends `s` as a JSON string literal. Runs of bytes that need no escape are appended
    /// whole (a profile of `search` showed scalar-by-scalar appends taking a fifth of the request);
    /// `"`, `\\`, control characters and U+2028/U+2029 (line breaks to JavaScript) are escaped.
    static func writeString(_ s: String, to out: inout String) {
        out += "\""
        var s = s
        s.withUTF8 { bytes in
            let n = bytes.count
            var runStart = 0, i = 0
            func flush(upTo end: Int) {
                if runStart < end { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<end]), as: UTF8.self) }
            }
            while i < n {
                let b = bytes[i]
                let escape: String
                var width = 1
                switch b {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0..<0x20: escape = b < 0x10 ? "\\u000" + String(b, radix: 16) : "\\u001" + String(b - 0x10, radix: 16)
                case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    escape = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default:
                    i += 1
                    continue
                }
                flush(upTo: i)
                out += escape
                i += width
                runStart = i
            }
            flush(upTo: n)
        }
        out += "\""
    }
}

extension JSONValue {
    /// The value as indented, multi-line JSON for people (keys sorted, two-space indent).
    public func prettyText(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .array(let a) where !a.isEmpty:
            if a.allSatisfy({ if case .number = $0 { return true } else { return false } }) { return jsonText }
            return "[\n" + a.map { inner + $0.prettyText(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let o) where !o.isEmpty:
            let rows = o.keys.sorted().map { key in
                var k = ""
                JSONValue.writeString(key, to: &k)
                return inner + k + ": " + o[key]!.prettyText(indent: inner)
            }
            return "{\n" + rows.joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return jsonText
        }
    }
}
