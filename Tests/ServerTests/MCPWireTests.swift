#if canImport(MCP)
import Foundation
import MCP
import Testing
@testable import Server

/// Collects what a raw in-memory transport receives, so a test can send hand-written (and broken) JSON-RPC
/// lines to the tool server and read the answers.
actor MCPInbox {
    private var messages: [Data] = []
    private var finished = false

    init(_ transport: InMemoryTransport) async {
        let stream = await transport.receive()
        Task {
            do { for try await data in stream { self.append(data) } } catch {}
            self.finish()
        }
    }

    private func append(_ data: Data) { messages.append(data) }
    private func finish() { finished = true }

    /// The next message as JSON; polls every 5 ms (the suite's time limit bounds a server that never answers).
    func next() async throws -> JSONValue {
        while true {
            if let message = try await next(polls: 1000) { return message }
        }
    }

    /// The next message as JSON, or `nil` when none came within `polls` polls of 5 ms.
    func next(polls: Int) async throws -> JSONValue? {
        var polls = polls
        while messages.isEmpty {
            if finished { throw ProtocolError(.internalError, "transport closed") }
            if polls == 0 { return nil }
            polls -= 1
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        let text = String(decoding: messages.removeFirst(), as: UTF8.self)
        return try JSONParser().parse(text)
    }
}

@Suite("MCP tool server on the wire, and Value conversion", .timeLimit(.minutes(1)))
struct MCPWireTests {
    /// A started tool server and a raw transport to it.
    func rawConnection() async throws -> (InMemoryTransport, MCPInbox, MCP.Server) {
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let server = try await MCPToolServer(dispatcher: MCPFixture.dispatcher).start(on: serverSide)
        try await clientSide.connect()
        let inbox = await MCPInbox(clientSide)
        return (clientSide, inbox, server)
    }

    @Test func brokenJSONRPCGetsErrorsAndTheServerKeepsAnswering() async throws {
        let (transport, inbox, server) = try await rawConnection()
        defer { Task { await transport.disconnect(); await server.stop() } }

        let broken = [
            #"this is not json"#,
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search","arguments":[1,2,3]}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"arguments":{}}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":"search"}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"tools/call"}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"no/such/method","params":{}}"#,
            #"{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"search","arguments":{"query":{"text":"x"},"k":1e400}}}"#,
        ]
        for (n, line) in broken.enumerated() {
            try await transport.send(Data(line.utf8))
            let answer = try await inbox.next()
            // Each gets a JSON-RPC error (from the SDK, which decodes the envelope) or a tool error (from us),
            // answering the request's id when it could be read — never silence, never a crash.
            let isToolError = answer["result"]?["isError"] == true
            #expect(answer["error"]?["code"]?.intValue != nil || isToolError, "\(line) → \(answer.jsonText)")
            if (1...5).contains(n) { #expect(answer["id"] == .number(Double(n)), "\(line) → \(answer.jsonText)") }
        }

        let call = #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"search","arguments":{"query":{"text":"quartz"},"k":2}}}"#
        try await transport.send(Data(call.utf8))
        let answer = try await inbox.next()
        #expect(answer["id"] == 7)
        #expect(answer["result"]?["isError"] == false)
        #expect(answer["result"]?["structuredContent"]?["params"] == ["query": ["text": "quartz"], "k": 2])
        let text = try #require(answer["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue)
        #expect(try JSONParser().parse(text)["method"] == "search")
    }

    @Test func cancellingTheServingTaskEndsRun() async throws {
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let serving = Task { try await MCPToolServer(dispatcher: MCPFixture.dispatcher).run(on: serverSide) }
        // Answering a call shows it is serving (the in-memory transport drops what arrives before the server
        // connects, so ask until it answers); cancelling it must then end `run` (the time limit catches a hang).
        try await clientSide.connect()
        let inbox = await MCPInbox(clientSide)
        var answer: JSONValue?
        while answer == nil {
            try await clientSide.send(Data(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#.utf8))
            answer = try await inbox.next(polls: 20)
        }
        #expect(answer?["id"] == 1)
        serving.cancel()
        try await serving.value
        await clientSide.disconnect()
    }

    @Test func valueConversionRoundTrips() throws {
        let value: JSONValue = [
            "n": nil, "t": true, "i": 42, "neg": -7, "d": 2.5, "big": 1e300, "s": "Fe₂O₃",
            "a": [1, [2, ["x"]], [:]], "o": ["nested": ["k": 0.1]],
        ]
        #expect(JSONValue(value.mcpValue) == value)
        #expect(value.mcpValue.objectValue?["i"] == .int(42))
        #expect(value.mcpValue.objectValue?["d"] == .double(2.5))
        // Beyond ±2⁵³ integers are no longer exact: they stay doubles.
        #expect(JSONValue.number(1e17).mcpValue == .double(1e17))
        // JSON has no NaN or ∞: they become null rather than breaking the SDK's encoder.
        #expect(JSONValue.number(.nan).mcpValue == .null)
        #expect(JSONValue.number(-.infinity).mcpValue == .null)
        // A data value (the SDK's reading of a data: URL string) comes back as that data URL.
        let png = Data([0x89, 0x50, 0x4E, 0x47])
        #expect(JSONValue(Value.data(mimeType: "image/png", png)) == .string("data:image/png;base64,iVBORw=="))
    }

    @Test func depthCountsContainersAndStopsAtTheLimit() {
        #expect(MCPToolServer.depth(of: "x", limit: 64) == 0)
        #expect(MCPToolServer.depth(of: ["a": [1, 2]], limit: 64) == 2)
        var deep: Value = 1
        for _ in 0..<10_000 { deep = .object(["d": deep]) }
        #expect(MCPToolServer.depth(of: deep, limit: 64) == 64)

        // The limit is inclusive: 64 levels pass the argument check, 65 are refused.
        let server = MCPToolServer(dispatcher: MCPFixture.dispatcher)
        func nested(_ levels: Int) -> Value {
            var v: Value = "leaf"
            for _ in 0..<levels { v = .array([v]) }
            return v
        }
        #expect(server.check(["query": nested(64)], for: .search) == nil)
        #expect(server.check(["query": nested(65)], for: .search)?.field == "query")
    }

    @Test func everyStandardToolSchemaDeclaresOnlyKnownKeywords() {
        // A guard against typos in the schemas agents read: every keyword used is one we mean to use.
        let keywords: Set<String> = ["type", "properties", "required", "additionalProperties", "description",
                                     "items", "minItems", "maxItems", "minimum", "maximum", "default", "enum",
                                     "anyOf", "minProperties"]
        func check(_ schema: JSONValue, _ path: String) {
            guard let object = schema.objectValue else { return }
            for (key, value) in object {
                #expect(keywords.contains(key), "\(path).\(key)")
                switch key {
                case "properties": for (name, sub) in value.objectValue ?? [:] { check(sub, "\(path).\(name)") }
                case "items", "additionalProperties": check(value, "\(path).\(key)")
                case "anyOf": for sub in value.arrayValue ?? [] { check(sub, "\(path).anyOf") }
                default: break
                }
            }
            if let required = object["required"]?.arrayValue {
                for name in required {
                    #expect(object["properties"]?[name.stringValue ?? ""] != nil, "\(path) requires \(name)")
                }
            }
        }
        for tool in MCPToolDefinition.standard {
            check(tool.inputSchema, tool.name)
            #expect(tool.refusesUnknownArguments)
            #expect(tool.method == tool.name)
        }
    }
}
#endif
