import Foundation
import Testing
@testable import Server

/// Bad inputs over TCP: each gets an error with a stable code and the offending field, and the
/// connection stays usable (checked with a PING after each).
@Suite struct AtlasErrorTests {
    static let badPNG: String = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5]).base64EncodedString()

    struct Case: Sendable, CustomTestStringConvertible {
        var params: JSONValue
        var code: Int
        var field: String
        var testDescription: String { field }
    }

    static let cases: [Case] = {
        var c: [Case] = []
        c.append(Case(params: ["query": ["crystal": ["cif": "data_x\n_cell_length_a 5\n_cell_length_b oops\n"]]], code: -32004, field: "query.crystal.cif"))
        c.append(Case(params: ["query": ["crystal": ["poscar": "only one line"]]], code: -32004, field: "query.crystal.poscar"))
        c.append(Case(params: ["query": ["crystal": ["lattice": [[1, 0, 0], [0, 1, 0]], "species": [], "frac_coords": []]]], code: -32602, field: "query.crystal.lattice"))
        c.append(Case(params: ["query": ["crystal": ["lattice": [[4, 0, 0], [0, 4, 0], [0, 0, 4]], "species": ["Xx"], "frac_coords": [[0, 0, 0]]]]], code: -32004, field: "query.crystal.species"))
        c.append(Case(params: ["query": ["composition": "Fe2O3)"]], code: -32004, field: "query.composition"))
        c.append(Case(params: ["query": ["composition": ["Qq": 1]]], code: -32004, field: "query.composition"))
        c.append(Case(params: ["query": ["micrograph": ["png_base64": .string(badPNG)]]], code: -32004, field: "query.micrograph.png_base64"))
        c.append(Case(params: ["query": ["micrograph": ["png_base64": "***"]]], code: -32004, field: "query.micrograph.png_base64"))
        let png = (try? AtlasFixture.pngBase64()) ?? ""
        c.append(Case(params: ["query": ["micrograph": ["png_base64": .string(png), "pixel_size": -0.2]]], code: -32004, field: "query.micrograph.pixel_size"))
        c.append(Case(params: ["query": ["micrograph": ["png_base64": .string(png), "pixel_size": "fine"]]], code: -32004, field: "query.micrograph.pixel_size"))
        c.append(Case(params: ["query": ["spectrum": ["kind": "xrd", "peaks": [[200, 100]]]]], code: -32004, field: "query.spectrum.peaks"))
        c.append(Case(params: ["query": ["spectrum": ["x": [10, 20], "y": [1]]]], code: -32004, field: "query.spectrum.y"))
        c.append(Case(params: ["query": ["spectrum": ["peaks": [[20, 100]], "wavelength": -1]]], code: -32004, field: "query.spectrum.wavelength"))
        c.append(Case(params: ["query": ["spectrum": ["peaks": [[30, 100]], "two_theta_range": [40, 20]]]], code: -32004,
                      field: "query.spectrum.two_theta_range"))
        c.append(Case(params: ["query": ["spectrum": ["peaks": [[50, 100]], "two_theta_range": [20, 40]]]], code: -32004,
                      field: "query.spectrum.peaks"))
        c.append(Case(params: ["query": ["spectrum": ["peaks": [[30, 100]], "two_theta_range": "wide"]]], code: -32602,
                      field: "query.spectrum.two_theta_range"))
        c.append(Case(params: ["query": ["properties": ["density": "heavy"]]], code: -32602, field: "query.properties.density"))
        c.append(Case(params: ["query": ["properties": ["happiness": 3]]], code: -32004, field: "query.properties.happiness"))
        c.append(Case(params: ["query": ["text": "   "]], code: -32004, field: "query.text"))
        c.append(Case(params: ["query": ["smell": "sweet"]], code: -32602, field: "query.smell"))
        c.append(Case(params: ["query": ["text": "rock salt"], "fields": ["id", "colour"]], code: -32602, field: "fields[1]"))
        c.append(Case(params: ["query": ["text": "rock salt"], "fields": "id"], code: -32602, field: "fields"))
        c.append(Case(params: ["query": [:]], code: -32602, field: "query"))
        c.append(Case(params: ["query": ["text": "x"], "k": 5000], code: -32602, field: "k"))
        c.append(Case(params: ["query": ["text": "x"], "k": 0], code: -32602, field: "k"))
        c.append(Case(params: ["query": ["text": "x"], "k": "banana"], code: -32602, field: "k"))
        c.append(Case(params: ["query": ["text": "x"], "filter": "colour = \"blue\""], code: -32602, field: "filter"))
        c.append(Case(params: ["query": ["text": "x"], "filter": "elements HAS ALL"], code: -32602, field: "filter"))
        c.append(Case(params: ["query": ["text": "x"], "weights": 3], code: -32602, field: "weights"))
        c.append(Case(params: ["query": ["text": "x", "weights": ["composition": 1]]], code: -32602, field: "query.weights"))
        c.append(Case(params: [:], code: -32602, field: "query"))
        return c
    }()

    @Test(arguments: cases)
    func searchRejects(_ t: Case) async throws {
        let c = try await SharedAtlasServer.client()
        let e = try await c.failure("search", t.params)
        #expect(e.code == t.code, "\(e.message)")
        #expect(e.field == t.field, "\(e.message)")
        #expect(try await c.ask("PING") == #"{"result":"pong"}"#)
    }

    @Test func cifErrorsNameTheLine() async throws {
        let c = try await SharedAtlasServer.client()
        let cif = "data_bad\n_cell_length_a 5.0\n_cell_length_b 5.0\n_cell_length_c 5.0\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nFe1 0.0 zero 0.0\n"
        let e = try await c.failure("upsert", ["crystal": ["cif": .string(cif)]])
        #expect(e.code == -32004 && e.field == "crystal.cif")
        #expect(e.message.contains("line"), "\(e.message)")
    }

    @Test func otherMethodsRejectBadParams() async throws {
        let c = try await SharedAtlasServer.client()
        #expect(try await c.failure("get", [:]).field == "id")
        #expect(try await c.failure("get", ["id": 12]).field == "id")
        #expect(try await c.failure("upsert", ["name": "nothing else"]).code == -32602)
        #expect(try await c.failure("upsert", ["id": "has space", "composition": "NaCl"]).field == "id")
        #expect(try await c.failure("upsert", ["composition": "NaCl", "references": ["not an object"]]).field == "references")
        #expect(try await c.failure("upsert", ["composition": "NaCl", "properties": ["happiness": 1]]).field == "properties.happiness")
        #expect(try await c.failure("profile", ["targets": ["density": [5, 1]]]).field == "targets.density")
        #expect(try await c.failure("profile", ["targets": ["density": 3], "weights": ["density": -1]]).field == "weights.density")
        #expect(try await c.failure("condition", ["text": "x", "k": 101]).field == "k")
        #expect(try await c.failure("embed", ["modality": "text", "input": "x", "encoding": "hex"]).field == "encoding")
        #expect(try await c.failure("nosuchmethod", [:]).code == -32601)
        #expect(try await c.ask("PING") == #"{"result":"pong"}"#)
    }
}

/// Hostile lines: random bytes, invalid UTF-8, deep nesting, huge numbers, wrong types, oversized
/// lines. Each gets exactly one error line and the connection keeps answering.
@Suite struct MalformedInputTests {
    func expectErrorThenPing(_ c: LineClient, _ line: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reply = try await c.io { c in try c.send(line + [0x0A]); return try c.readLine() }
        #expect(reply.contains("\"error\""), "\(reply.prefix(200))", sourceLocation: sourceLocation)
        #expect(try await c.ask("PING") == #"{"result":"pong"}"#, sourceLocation: sourceLocation)
    }

    @Test func randomBytesSeeded() async throws {
        let c = try await SharedAtlasServer.client()
        var rng = FuzzRandom(seed: 42)
        for _ in 0..<40 {
            let n = Int(rng.next() % 300) + 1
            // No newline inside (that would be two lines) and not blank (a blank line gets no answer);
            // a leading letter keeps the line from being a valid inline verb-only command like PING.
            var line: [UInt8] = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }.map { $0 == 0x0A ? 0x20 : $0 }
            line.insert(UInt8(ascii: "!"), at: 0)
            try await expectErrorThenPing(c, line)
        }
    }

    @Test func invalidUTF8AndControlCharacters() async throws {
        let c = try await SharedAtlasServer.client()
        try await expectErrorThenPing(c, [0xC3, 0x28, 0x41])
        try await expectErrorThenPing(c, Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":{"text":""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}}}"#.utf8))
        try await expectErrorThenPing(c, Array("SEARCH text=\"a\u{01}b\"".utf8))
    }

    @Test func deepNestingHugeNumbersAndWrongTypes() async throws {
        let c = try await SharedAtlasServer.client()
        let deep = String(repeating: "[", count: 100_000)
        try await expectErrorThenPing(c, Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":{"text":"#.utf8) + Array(deep.utf8))
        try await expectErrorThenPing(c, Array("SEARCH text=x k=1e999".utf8))
        try await expectErrorThenPing(c, Array("SEARCH text=x k=123456789012345678901234567890".utf8))
        try await expectErrorThenPing(c, Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":{"spectrum":{"peaks":[[1e308,1e308]]}}}}"#.utf8))
        try await expectErrorThenPing(c, Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":5}}"#.utf8))
        try await expectErrorThenPing(c, Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":{"text":5}}}"#.utf8))
        try await expectErrorThenPing(c, Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":[1,2]}"#.utf8))
        try await expectErrorThenPing(c, Array(#"{"jsonrpc":"2.0","id":1,"method":7}"#.utf8))
        try await expectErrorThenPing(c, Array(#"{"jsonrpc":"2.0","id":1,"method":"upsert","params":{"crystal":{"lattice":"big"}}}"#.utf8))
        try await expectErrorThenPing(c, Array(#"{"jsonrpc":"2.0","id":1,"method":"profile","params":{"targets":[]}}"#.utf8))
    }

    @Test func oversizedLinesAreRefusedAndSkipped() async throws {
        let (_, atlas) = try await SharedAtlasServer.shared.get()
        var config = LineServerConfiguration()
        config.port = 0
        config.threads = 1
        config.maxLineLength = 64 << 10
        let server = try await LineServer.start(configuration: config, dispatcher: atlas.makeDispatcher())
        let c = try LineClient(port: server.port)
        let huge = Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":{"text":""#.utf8)
            + [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20) + Array(#""}}}"#.utf8)
        let reply = try await c.io { c in try c.send(huge + [0x0A]); return try c.readLine() }
        #expect(reply.contains("-32001"), "\(reply.prefix(200))")
        #expect(try await c.ask("PING") == #"{"result":"pong"}"#)
        await server.stop()
    }
}

/// SplitMix64 for seeded fuzz inputs.
struct FuzzRandom {
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
