import Testing
@testable import Server

@Suite struct RequestParserTests {
    let parser = RequestParser()

    func request(_ line: String) -> Request? {
        if case .request(let r) = parser.parse(line: line) { return r }
        return nil
    }

    func failure(_ line: String) -> (ProtocolError, Request.Style)? {
        if case .failure(let e, let s) = parser.parse(line: line) { return (e, s) }
        return nil
    }

    @Test func parsesJSONRPC() throws {
        let r = try #require(request(#"{"jsonrpc":"2.0","id":7,"method":"search","params":{"k":5,"query":{"text":"LiCoO2"}}}"#))
        #expect(r.method == "search")
        #expect(r.params["k"] == 5)
        #expect(r.params["query"]?["text"] == "LiCoO2")
        #expect(r.style == .jsonRPC(id: 7))
    }

    @Test func rejectsBadJSONRPCWithTheField() throws {
        let (e1, s1) = try #require(failure(#"{"jsonrpc":"2.0","id":"a","params":{}}"#))
        #expect(e1.code == .invalidRequest && e1.field == "method" && s1 == .jsonRPC(id: "a"))
        let (e2, _) = try #require(failure(#"{"jsonrpc":"1.0","id":1,"method":"ping"}"#))
        #expect(e2.field == "jsonrpc")
        let (e3, _) = try #require(failure(#"{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}"#))
        #expect(e3.code == .invalidParams)
        let (e4, s4) = try #require(failure(#"{"jsonrpc":"2.0","id":1,"method":"#))
        #expect(e4.code == .parseError && s4 == .jsonRPC(id: .null))
    }

    @Test func parsesInlineCommandsFromDesign() throws {
        let r = try #require(request(#"SEARCH text="layered lithium cobalt oxide" k=2"#))
        #expect(r.method == "search" && r.style == .inline)
        #expect(r.params == ["text": "layered lithium cobalt oxide", "k": 2])

        let f = try #require(request(#"search composition="Fe2O3" filter="crystal_system=\"trigonal\"" k=1"#))
        #expect(f.params["filter"] == "crystal_system=\"trigonal\"")

        let s = try #require(request(#"SEARCH spectrum={"kind":"xrd","peaks":[[26.6,100],[20.9,22],[50.1,14]]} k=1"#))
        #expect(s.params["spectrum"]?["peaks"]?.arrayValue?.count == 3)

        let b = try #require(request("SEARCH text=oops k=banana"))
        #expect(b.params == ["text": "oops", "k": "banana"])  // k's type is checked by the method, not the parser

        #expect(request("PING")?.method == "ping")
        #expect(request("  ping  ")?.params.isEmpty == true)
    }

    @Test func rejectsMalformedInlineCommands() throws {
        #expect(failure("SEARCH text")?.0.code == .parseError)
        #expect(failure(#"SEARCH text="unterminated"#)?.0.field == "text")
        #expect(failure(#"SEARCH spectrum={"kind":}"#)?.0.field == "spectrum")
        #expect(failure("SEARCH k=1 k=2")?.0.field == "k")
        #expect(failure("\u{1F600} x=1")?.0.code == .parseError)
    }

    @Test func reportsInvalidUTF8WithItsOffset() throws {
        guard case .failure(let e, _) = parser.parse(line: Array("PING ".utf8) + [0xFF, 0x41]) else {
            Issue.record("invalid UTF-8 accepted"); return
        }
        #expect(e.message == "invalid UTF-8 at byte 5")
        #expect({ if case .empty = parser.parse(line: Array("   ".utf8)) { return true } else { return false } }())
    }

    @Test func rendersOneLinePerResponse() {
        #expect(Response.result("pong", .inline).line == #"{"result":"pong"}"#)
        #expect(Response.error(.invalidParams("k must be an integer between 1 and 1000", field: "k"), .inline).line
                == #"{"error":{"code":-32602,"field":"k","message":"k must be an integer between 1 and 1000"}}"#)
        #expect(Response.result(["a": 1], .jsonRPC(id: 7)).line == #"{"id":7,"jsonrpc":"2.0","result":{"a":1}}"#)
    }

    /// Seeded fuzz: random and mutated lines never crash or hang the parser; each gets an outcome.
    @Test func survivesFuzzedLines() {
        var rng = SplitMix(seed: 42)
        let seeds = [#"{"jsonrpc":"2.0","id":7,"method":"search","params":{"query":{"text":"x"},"k":5}}"#,
                     #"SEARCH spectrum={"kind":"xrd","peaks":[[26.6,100]]} k=1 filter="a=\"b\"""#]
        for n in 0..<10_000 {
            var bytes = Array(seeds[n % 2].utf8)
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                let p = Int(rng.next() % UInt64(bytes.count + 1))
                switch rng.next() % 3 {
                case 0: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: p)
                case 1: if p < bytes.count { bytes.remove(at: p) }
                default: if p < bytes.count { bytes[p] = UInt8(truncatingIfNeeded: rng.next()) }
                }
            }
            switch parser.parse(line: bytes) {
            case .request, .failure, .empty: break
            }
        }
    }
}

/// A tiny deterministic PRNG for seeded tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
