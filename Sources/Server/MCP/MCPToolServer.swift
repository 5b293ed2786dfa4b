#if canImport(MCP)
import MCP

/// An MCP server exposing Matlas methods as tools for agents, answering in-process through a `Dispatcher`
/// (no TCP hop).
///
/// `tools/list` lists the `MCPToolDefinition`s whose method the dispatcher has registered; `tools/call`
/// forwards the arguments unchanged as that method's params and answers with the JSON result as text
/// content (and, when the result is an object, as structured content too). Every failure — a
/// `ProtocolError` from the handler, an unknown tool, a misspelt or too deeply nested argument — comes back
/// as a tool result with `isError: true` whose text gives the code, the message and the field, so the agent
/// can correct itself; nothing a client sends can crash the server.
///
/// Usage (what `matlas mcp` does):
/// ```swift
/// var dispatcher = Dispatcher()
/// dispatcher.register("search") { params in … }
/// try await MCPToolServer.runStdio(dispatcher: dispatcher)   // returns when stdin closes
/// ```
public struct MCPToolServer: Sendable {
    public let dispatcher: Dispatcher
    /// The tools offered: the requested definitions whose method the dispatcher has, in the given order.
    public let tools: [MCPToolDefinition]
    /// The name and version the server reports in the MCP handshake.
    public let name: String
    public let version: String
    /// Arguments nested deeper than this are refused (the line protocol's JSON parser has the same limit).
    public let maxArgumentDepth: Int

    private let toolsByName: [String: MCPToolDefinition]

    /// - Parameters:
    ///   - dispatcher: answers the calls; its registered methods decide which tools are listed.
    ///   - tools: the candidate tools (default: search, condition, profile, precedents, get, info).
    ///   - name, version: reported to the client at initialisation.
    ///   - maxArgumentDepth: the deepest argument nesting accepted (objects and arrays count one each).
    public init(dispatcher: Dispatcher, tools: [MCPToolDefinition] = MCPToolDefinition.standard,
                name: String = "matlas", version: String = "0.1.0", maxArgumentDepth: Int = 64) {
        precondition(maxArgumentDepth > 0, "maxArgumentDepth must be positive")
        let known = Set(dispatcher.methods)
        self.dispatcher = dispatcher
        self.tools = tools.filter { known.contains($0.method) }
        self.name = name
        self.version = version
        self.maxArgumentDepth = maxArgumentDepth
        self.toolsByName = Dictionary(self.tools.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Guidance the client may show the model once, at initialisation.
    public static let instructions = """
        Matlas is an atlas of known materials (crystal structures with their diffraction patterns, \
        descriptions, measured properties and literature) embedded in one space, so a query in any modality \
        finds materials described in any other. Start with `search` (text, formula, structure, XRD pattern, \
        micrograph or properties); use `get` for a full record, `precedents` for citable literature and \
        synthesis records, `profile` to rank by target property values or ranges, and `condition` to prepare \
        inputs for a structure generator. Call `info` to learn the property names and modalities available. \
        Results are JSON; errors name the offending argument.
        """

    /// The tools as the SDK describes them to clients.
    public var mcpTools: [Tool] {
        tools.map { tool in
            Tool(name: tool.name, title: tool.title, description: tool.description,
                 inputSchema: tool.inputSchema.mcpValue,
                 annotations: .init(title: tool.title, readOnlyHint: tool.readOnly, destructiveHint: !tool.readOnly,
                                    idempotentHint: tool.readOnly, openWorldHint: false))
        }
    }

    // MARK: - Calls

    /// Answers one `tools/call`. Never throws: every failure is a result with `isError: true`.
    public func call(_ toolName: String, arguments: [String: Value]?) async -> CallTool.Result {
        switch await answer(toolName, arguments: arguments) {
        case .result(let value, _): return Self.success(value)
        case .error(let error, _): return Self.failure(error)
        }
    }

    /// The dispatcher's response to a call, after the checks the MCP layer adds.
    func answer(_ toolName: String, arguments: [String: Value]?) async -> Response {
        guard let tool = toolsByName[toolName] else {
            let known = tools.map(\.name).joined(separator: ", ")
            return .error(ProtocolError(.methodNotFound, "unknown tool \"\(toolName.prefix(64))\"; tools: \(known)",
                                        field: "name"), .inline)
        }
        let arguments = arguments ?? [:]
        if let error = check(arguments, for: tool) { return .error(error, .inline) }
        return await dispatcher.respond(to: Request(method: tool.method, params: arguments.jsonObject))
    }

    /// Refuses argument names the tool's schema does not declare (a misspelt `top_k` would otherwise be
    /// ignored silently) and nesting deeper than `maxArgumentDepth`.
    func check(_ arguments: [String: Value], for tool: MCPToolDefinition) -> ProtocolError? {
        if tool.refusesUnknownArguments {
            let allowed = tool.argumentNames
            if let unknown = arguments.keys.sorted().first(where: { !allowed.contains($0) }) {
                let list = allowed.sorted().joined(separator: ", ")
                return .invalidParams("\(tool.name) has no argument \"\(unknown.prefix(64))\"; arguments: "
                                      + (list.isEmpty ? "none" : list), field: String(unknown.prefix(64)))
            }
        }
        for (key, value) in arguments where Self.depth(of: value, limit: maxArgumentDepth + 1) > maxArgumentDepth {
            return .invalidParams("\(key) is nested deeper than \(maxArgumentDepth) levels", field: key)
        }
        return nil
    }

    /// The nesting depth of `value` (a scalar is 0, `[1]` is 1, `{"a": [1]}` is 2), or `limit` as soon as
    /// the walk reaches that level. Iterative, so no argument can overflow the stack.
    static func depth(of value: Value, limit: Int) -> Int {
        var deepest = 0
        var stack: [(Value, Int)] = [(value, 1)]
        while let (v, level) = stack.popLast() {
            switch v {
            case .array(let items):
                deepest = max(deepest, level)
                if level >= limit { return level }
                stack.append(contentsOf: items.map { ($0, level + 1) })
            case .object(let members):
                deepest = max(deepest, level)
                if level >= limit { return level }
                stack.append(contentsOf: members.values.map { ($0, level + 1) })
            default: continue
            }
        }
        return deepest
    }

    /// A successful result: the compact JSON as text, and the value itself as structured content when it
    /// is an object (MCP's structured content must be one).
    static func success(_ value: JSONValue) -> CallTool.Result {
        let structured: Value? = value.objectValue != nil ? value.mcpValue : nil
        return CallTool.Result(content: [.text(text: value.jsonText, annotations: nil, _meta: nil)],
                               structuredContent: structured, isError: false)
    }

    /// A failed call as a tool error the agent can read: `error -32602 invalidParams (field "k"): …`.
    static func failure(_ error: ProtocolError) -> CallTool.Result {
        var text = "error \(error.code.rawValue) \(error.code)"
        if let field = error.field { text += " (field \"\(field)\")" }
        text += ": \(error.message)"
        return CallTool.Result(content: [.text(text: text, annotations: nil, _meta: nil)],
                               structuredContent: .object(["error": error.json.mcpValue]), isError: true)
    }

    // MARK: - Serving

    /// An SDK server with this tool set's `tools/list` and `tools/call` handlers, not yet started.
    public func makeServer() async -> MCP.Server {
        let server = MCP.Server(name: name, version: version, title: "Matlas materials atlas",
                                instructions: Self.instructions,
                                capabilities: .init(tools: .init(listChanged: false)))
        let listed = mcpTools
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: listed) }
        await server.withMethodHandler(CallTool.self) { params in
            await self.call(params.name, arguments: params.arguments)
        }
        return server
    }

    /// Starts serving on `transport` and returns the running server (stop it with `await server.stop()`).
    public func start(on transport: any Transport) async throws -> MCP.Server {
        let server = await makeServer()
        try await server.start(transport: transport)
        return server
    }

    /// Serves on `transport` until the peer closes it or the calling task is cancelled.
    public func run(on transport: any Transport) async throws {
        let server = try await start(on: transport)
        await withTaskCancellationHandler {
            await server.waitUntilCompleted()
        } onCancel: {
            Task { await server.stop() }
        }
        await server.stop()
    }

    /// Serves the standard tools over standard input/output (newline-delimited JSON-RPC, the MCP stdio
    /// transport) until the input reaches end of file or the calling task is cancelled.
    ///
    /// Standard output then carries only MCP messages: progress and logs must go to standard error.
    /// - Parameters:
    ///   - dispatcher: answers the calls; its registered methods decide which tools are listed.
    ///   - input, output: the file descriptors to read from and write to (default 0 and 1; tests pass
    ///     pipes). Both are switched to non-blocking mode by the SDK's transport.
    /// - Throws: when the transport cannot be set up.
    public static func runStdio(dispatcher: Dispatcher, input: Int32 = 0, output: Int32 = 1,
                                name: String = "matlas", version: String = "0.1.0") async throws {
        // `.init(rawValue:)` is the SDK's `FileDescriptor`, reached through the initializer's parameter types
        // so this module needs no direct swift-system dependency.
        let transport = StdioTransport(input: .init(rawValue: input), output: .init(rawValue: output))
        try await MCPToolServer(dispatcher: dispatcher, name: name, version: version).run(on: transport)
    }
}
#endif
