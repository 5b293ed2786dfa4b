#if canImport(MCP)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MCP
import Testing
@testable import Server

/// `runStdio` end to end: the SDK client and the tool server talk over two pipes with the SDK's stdio
/// transport on both sides, and the server returns once its input reaches end of file.
@Suite("MCP tool server over stdio pipes", .timeLimit(.minutes(1)))
struct MCPStdioTests {
    /// A pipe's (read, write) descriptors.
    func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw ProtocolError(.internalError, "pipe() failed: errno \(errno)") }
        return (fds[0], fds[1])
    }

    @Test func servesTheSDKClientOverPipesAndStopsAtEndOfInput() async throws {
        let toServer = try makePipe()
        let toClient = try makePipe()
        let dispatcher = MCPFixture.dispatcher
        let serving = Task {
            try await MCPToolServer.runStdio(dispatcher: dispatcher, input: toServer.read, output: toClient.write)
        }

        let client = Client(name: "matlas-tests", version: "1.0")
        let transport = StdioTransport(input: .init(rawValue: toClient.read), output: .init(rawValue: toServer.write))
        try await client.connect(transport: transport)
        let (tools, _) = try await client.listTools()
        #expect(tools.map(\.name) == ["search", "condition", "profile", "precedents"])

        let ok = try await MCPFixture.call(client, "search", ["query": ["composition": "Fe2O3"], "k": 3])
        #expect(ok.isError == false)
        #expect(ok.structuredContent.map(JSONValue.init)?["params"] == ["query": ["composition": "Fe2O3"], "k": 3])
        let bad = try await MCPFixture.call(client, "condition", ["k": 3])
        #expect(bad.isError == true)
        #expect(MCPFixture.text(bad) == "error -32602 invalidParams (field \"text\"): text is required")

        // Closing the server's input ends `runStdio` normally.
        await client.disconnect()
        close(toServer.write)
        try await serving.value
        for fd in [toServer.read, toClient.read, toClient.write] { close(fd) }
    }
}
#endif
