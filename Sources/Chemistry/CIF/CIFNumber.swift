/// CIF numbers: `1.234`, `-0.5`, `.5`, `1e-3`, and the standard-uncertainty form `0.1234(5)`
/// (the bracket is dropped, as pymatgen's `str2float` does; a missing `)` is tolerated).
enum CIFNumber {
    /// The value of a CIF number, or `nil` when the text is not one (including `?` and `.`).
    static func parse(_ text: String) -> Double? {
        var utf8 = Substring(text).utf8[...]
        // Strip a trailing standard uncertainty "(digits)" or "(digits".
        if let open = utf8.firstIndex(of: UInt8(ascii: "(")) {
            var tail = utf8[utf8.index(after: open)...]
            if tail.last == UInt8(ascii: ")") { tail = tail.dropLast() }
            guard tail.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            utf8 = utf8[..<open]
        }
        guard isDecimal(utf8) else { return nil }
        return Double(String(decoding: utf8, as: UTF8.self))
    }

    /// True for `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`: what Swift's
    /// `Double(_:)` also accepts, minus `inf`, `nan` and hexadecimal forms.
    private static func isDecimal(_ s: Substring.UTF8View.SubSequence) -> Bool {
        var i = s.startIndex
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        if i < s.endIndex, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i = s.index(after: i) }
        var mantissaDigits = 0
        while i < s.endIndex, isDigit(s[i]) { mantissaDigits += 1; i = s.index(after: i) }
        if i < s.endIndex, s[i] == UInt8(ascii: ".") {
            i = s.index(after: i)
            while i < s.endIndex, isDigit(s[i]) { mantissaDigits += 1; i = s.index(after: i) }
        }
        guard mantissaDigits > 0 else { return false }
        if i < s.endIndex, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i = s.index(after: i)
            if i < s.endIndex, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i = s.index(after: i) }
            var exponentDigits = 0
            while i < s.endIndex, isDigit(s[i]) { exponentDigits += 1; i = s.index(after: i) }
            guard exponentDigits > 0 else { return false }
        }
        return i == s.endIndex
    }
}

extension CIFBlock {
    /// A required finite number.
    /// - Throws: `.missingTag` when absent, `.invalidNumber` when not a number (`?` included).
    func number(_ tag: String) throws -> Double {
        guard let v = value(tag) else { throw CIFError(.missingTag, line: nil, token: tag, block: name) }
        return try CIFBlock.number(v, tag: tag, block: name)
    }

    static func number(_ v: CIFValue, tag: String, block: String) throws -> Double {
        guard let x = CIFNumber.parse(v.text), x.isFinite else {
            throw CIFError(.invalidNumber, line: v.line, token: v.text.isEmpty ? tag : v.text, block: block)
        }
        return x
    }
}
