#if canImport(MCP)
import MCP
import Testing
@testable import Server

/// A dispatcher with fake handlers: `search`, `condition`, `profile` and `precedents` validate a little
/// (as the real ones will, through `Parameters`) and echo `{"method", "params"}`; `upsert` is a write
/// method that must never become a tool; `boom` throws a non-protocol error.
enum MCPFixture {
    struct Boom: Error {}

    static func echo(_ method: String, _ params: Parameters) -> JSONValue {
        ["method": .string(method), "params": .object(params.values)]
    }

    static var dispatcher: Dispatcher {
        var d = Dispatcher()
        d.register("search") { params in
            _ = try params.object("query")
            _ = try params.int("k", default: 10, in: 1...1000)
            return echo("search", params)
        }
        d.register("condition") { params in
            _ = try params.string("text")
            return echo("condition", params)
        }
        d.register("profile") { params in
            _ = try params.object("targets")
            return echo("profile", params)
        }
        d.register("precedents") { params in
            guard params.contains("id") || params.contains("formula") || params.contains("text") else {
                throw ProtocolError.invalidParams("give one of id, formula or text", field: "id")
            }
            return echo("precedents", params)
        }
        d.register("upsert", writes: true) { params in echo("upsert", params) }
        d.register("boom") { _ in throw Boom() }
        return d
    }

    /// A connected SDK client talking in memory to a started tool server.
    static func connect(_ server: MCPToolServer = MCPToolServer(dispatcher: dispatcher))
        async throws -> (Client, MCP.Server, Initialize.Result)
    {
        let (clientSide, serverSide) = await InMemoryTransport.createConnectedPair()
        let running = try await server.start(on: serverSide)
        let client = Client(name: "matlas-tests", version: "1.0")
        let initialized = try await client.connect(transport: clientSide)
        return (client, running, initialized)
    }

    /// The full result of a call (the SDK's `callTool` drops structured content).
    static func call(_ client: Client, _ name: String, _ arguments: [String: Value]?) async throws -> CallTool.Result {
        try await client.send(CallTool.request(.init(name: name, arguments: arguments))).value
    }

    /// The text of a result's single text content.
    static func text(_ result: CallTool.Result) -> String? {
        guard result.content.count == 1, case .text(let text, _, _) = result.content[0] else { return nil }
        return text
    }
}

@Suite("MCP tool server through the SDK client", .timeLimit(.minutes(1)))
struct MCPToolServerTests {
    @Test func listsTheFourToolsTheDispatcherHasWithSchemas() async throws {
        let (client, server, initialized) = try await MCPFixture.connect()
        defer { Task { await client.disconnect(); await server.stop() } }
        #expect(initialized.capabilities.tools != nil)
        #expect(initialized.instructions?.contains("search") == true)

        let (tools, cursor) = try await client.listTools()
        #expect(cursor == nil)
        // get/info are not registered and upsert/boom are no standard tools: exactly these four, in order.
        #expect(tools.map(\.name) == ["search", "condition", "profile", "precedents"])
        for tool in tools {
            let schema = JSONValue(tool.inputSchema)
            #expect(schema["type"] == "object", "\(tool.name)")
            #expect(schema["properties"]?.objectValue?.isEmpty == false, "\(tool.name)")
            #expect(schema["additionalProperties"] == false, "\(tool.name)")
            #expect((tool.description ?? "").contains("Example"), "\(tool.name) shows an example")
            #expect(tool.annotations.readOnlyHint == true)
        }
        let search = try #require(tools.first { $0.name == "search" })
        let schema = JSONValue(search.inputSchema)
        #expect(schema["required"] == ["query"])
        #expect(schema["properties"]?["k"]?["maximum"] == 1000)
        let modalities = schema["properties"]?["query"]?["properties"]?.objectValue?.keys.sorted()
        #expect(modalities == ["composition", "crystal", "micrograph", "properties", "spectrum", "text", "weights"])
        #expect(schema["properties"]?["query"]?["properties"]?["spectrum"]?["required"] == ["kind"])
        let profile = try #require(tools.first { $0.name == "profile" })
        #expect(JSONValue(profile.inputSchema)["required"] == ["targets"])
    }

    @Test func listsGetAndInfoWhenTheDispatcherHasThem() async throws {
        var d = MCPFixture.dispatcher
        d.register("get") { params in MCPFixture.echo("get", params) }
        d.register("info") { _ in ["model": "fake", "dimensions": 256] }
        let (client, server, _) = try await MCPFixture.connect(MCPToolServer(dispatcher: d))
        defer { Task { await client.disconnect(); await server.stop() } }
        let (tools, _) = try await client.listTools()
        #expect(tools.map(\.name) == ["search", "condition", "profile", "precedents", "get", "info"])

        let info = try await MCPFixture.call(client, "info", nil)
        #expect(info.isError == false)
        #expect(info.structuredContent == .object(["model": "fake", "dimensions": .int(256)]))
    }

    @Test func aCallReachesTheHandlerWithItsArguments() async throws {
        let (client, server, _) = try await MCPFixture.connect()
        defer { Task { await client.disconnect(); await server.stop() } }
        let arguments: [String: Value] = [
            "query": ["text": "layered lithium cobalt oxide",
                      "spectrum": ["kind": "xrd", "peaks": [[26.6, 100], [20.9, 22.5]], "wavelength": 1.54184]],
            "k": 5,
            "filter": "elements HAS ALL \"Li\",\"O\"",
            "fields": ["id", "score", "formula"],
        ]
        let result = try await MCPFixture.call(client, "search", arguments)
        #expect(result.isError == false)
        let expected: JSONValue = ["method": "search", "params": .object(arguments.mapValues(JSONValue.init))]
        // The text is the compact JSON of the result; the structured content is the same value.
        let text = try #require(MCPFixture.text(result))
        #expect(try JSONParser().parse(text) == expected)
        #expect(result.structuredContent.map(JSONValue.init) == expected)
        // Integers stay integers on the way back (`k: 5`, not `5.0`).
        #expect(result.structuredContent?.objectValue?["params"]?.objectValue?["k"] == .int(5))

        let precedents = try await MCPFixture.call(client, "precedents", ["formula": "LiFePO4", "k": 3])
        #expect(precedents.isError == false)
        #expect(precedents.structuredContent.map(JSONValue.init)?["params"] == ["formula": "LiFePO4", "k": 3])
    }

    @Test func aProtocolErrorComesBackAsAToolError() async throws {
        let (client, server, _) = try await MCPFixture.connect()
        defer { Task { await client.disconnect(); await server.stop() } }

        let badK = try await MCPFixture.call(client, "search", ["query": ["text": "quartz"], "k": "banana"])
        #expect(badK.isError == true)
        #expect(MCPFixture.text(badK) == "error -32602 invalidParams (field \"k\"): k must be an integer between 1 and 1000")
        #expect(JSONValue(badK.structuredContent ?? .null)["error"]?["field"] == "k")
        #expect(JSONValue(badK.structuredContent ?? .null)["error"]?["code"] == -32602)

        let none = try await MCPFixture.call(client, "precedents", [:])
        #expect(none.isError == true)
        #expect(MCPFixture.text(none)?.contains("give one of id, formula or text") == true)

        // The server is still answering after errors.
        let ok = try await MCPFixture.call(client, "condition", ["text": "a blue pigment"])
        #expect(ok.isError == false)
    }

    @Test func malformedArgumentsGiveToolErrorsNotCrashes() async throws {
        let (client, server, _) = try await MCPFixture.connect()
        defer { Task { await client.disconnect(); await server.stop() } }

        // No arguments at all, and a query of the wrong type: the handler's own checks answer.
        let missing = try await MCPFixture.call(client, "search", nil)
        #expect(missing.isError == true)
        #expect(MCPFixture.text(missing)?.contains("(field \"query\")") == true)
        let wrongType = try await MCPFixture.call(client, "profile", ["targets": "dense"])
        #expect(wrongType.isError == true)
        #expect(MCPFixture.text(wrongType)?.contains("targets must be an object") == true)

        // A misspelt argument is refused before dispatch, naming it and the real ones.
        let misspelt = try await MCPFixture.call(client, "search", ["query": ["text": "x"], "top_k": 5])
        #expect(misspelt.isError == true)
        #expect(MCPFixture.text(misspelt) == "error -32602 invalidParams (field \"top_k\"): search has no argument \"top_k\"; arguments: fields, filter, k, query")

        // Nesting beyond the limit is refused.
        var deep: Value = "bottom"
        for _ in 0..<200 { deep = .array([deep]) }
        let tooDeep = try await MCPFixture.call(client, "search", ["query": ["text": deep]])
        #expect(tooDeep.isError == true)
        #expect(MCPFixture.text(tooDeep)?.contains("nested deeper than 64") == true)

        // Unknown tools, and methods that exist but are no tools (a write method), are tool errors too.
        for name in ["nonexistent", "upsert", "boom", ""] {
            let result = try await MCPFixture.call(client, name, ["id": "x"])
            #expect(result.isError == true, "\(name)")
            #expect(MCPFixture.text(result)?.hasPrefix("error -32601 methodNotFound (field \"name\")") == true, "\(name)")
        }

        let ok = try await MCPFixture.call(client, "precedents", ["text": "still alive"])
        #expect(ok.isError == false)
    }

    @Test func aHandlerFailureThatIsNoProtocolErrorIsAnInternalToolError() async throws {
        let boom = MCPToolDefinition(name: "boom", title: "Boom", description: "Fails.", inputSchema: MCPSchema.object([:]))
        let tools = MCPToolServer(dispatcher: MCPFixture.dispatcher, tools: [boom])
        let (client, server, _) = try await MCPFixture.connect(tools)
        defer { Task { await client.disconnect(); await server.stop() } }
        let result = try await MCPFixture.call(client, "boom", [:])
        #expect(result.isError == true)
        #expect(MCPFixture.text(result)?.hasPrefix("error -32603 internalError: boom failed") == true)
    }
}
#endif
