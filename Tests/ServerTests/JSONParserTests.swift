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
}
