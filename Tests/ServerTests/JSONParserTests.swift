import Testing
@testable import Server

@Suite struct JSONParserTests {
    let parser = JSONParser()

    @Test func parsesEveryKindOfValue() throws {
        let v = try parser.parse(#" {"a": [1, -2.5e3, true, false, null], "b": "x\"\u00e9\ud83d\ude00\n", "c": {}} "#)
        #expect(v["a"] == [1, -2500.0, true, false, nil])
        #expect(v["b"]?.stringValue == "x\"é😀\n")
        #expect(v["c"] == .object([:]))
    }

    @Test func roundTripsThroughTheWriter() throws {
        let text = #"{"a":[1,0.25,"q\"\\",null],"b":{"c":false}}"#
        let v = try parser.parse(text)
        #expect(v.jsonText == text)
        #expect(try parser.parse(v.jsonText) == v)
    }

    @Test(arguments: [
        ("", 0), ("{", 1), ("[1,]", 3), ("{\"a\" 1}", 5), ("01", 1), ("1.", 0), ("-", 1), ("tru", 0),
        ("\"abc", 4), ("\"\\x\"", 2), ("\"\\ud800\"", 1), ("[1] 2", 4), ("1e999", 0), ("\"a\u{01}\"", 2),
    ])
    func rejectsMalformedTextWithAnOffset(text: String, offset: Int) {
        #expect(throws: JSONParseError.self) { try parser.parse(text) }
        do { _ = try parser.parse(text) } catch { #expect(error.offset == offset, "\(text): \(error)") }
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try parser.parse(deep)
            Issue.record("deeply nested JSON was accepted")
        } catch {
            #expect(error.reason == .tooDeep(limit: 64))
        }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect((try? parser.parse(ok)) != nil)
    }

    @Test func writesNumbersCompactly() {
        #expect(JSONValue.number(3).jsonText == "3")
        #expect(JSONValue.number(-0.5).jsonText == "-0.5")
        #expect(JSONValue.number(.infinity).jsonText == "null")
        #expect(JSONValue.string("\u{2028}").jsonText == "\"\\u2028\"")
    }

    /// Reference: escaping scalar by scalar (the writer's earlier form). Random strings mixing ASCII,
    /// quotes, backslashes, every control character, U+2028/2029, accented letters, CJK and emoji
    /// must serialise identically and parse back to themselves.
    @Test func escapesStringsLikeTheScalarReference() throws {
        func reference(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where u.value < 0x20 || u.value == 0x2028 || u.value == 0x2029:
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        let pool: [Unicode.Scalar] = (0..<0x20).compactMap(Unicode.Scalar.init) + ["a", "Z", " ", "\"", "\\", "/", "é", "ß",
            "\u{2028}", "\u{2029}", "\u{2027}", "\u{E2}", "中", "\u{1F9EA}", "\u{7F}", "\u{80}"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for length in 0..<200 {
            var s = ""
            for _ in 0..<length {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                s.unicodeScalars.append(pool[Int(state >> 33) % pool.count])
            }
            let text = JSONValue.string(s).jsonText
            #expect(text == reference(s), "length \(length)")
            #expect(try JSONParser().parse(text) == .string(s))
        }
    }
}
