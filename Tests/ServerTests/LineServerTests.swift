import Testing
@testable import Server

/// End-to-end tests over a real loopback TCP connection to a server started by the test.
@Suite struct LineServerTests {
    static func dispatcher() -> Dispatcher {
        var d = Dispatcher()
        d.register("ping") { _ in "pong" }
        d.register("echo") { p in .object(p.values) }
        d.register("sleep") { p in
            let ms = try p.int("ms", in: 0...1000)
            try await Task.sleep(for: .milliseconds(ms))
            return .number(Double(ms))
        }
        d.register("boom") { _ in throw CancellationError() }
        return d
    }

    func withServer(_ configure: (inout LineServerConfiguration) -> Void = { _ in },
                    _ body: (LineServer) async throws -> Void) async throws {
        var config = LineServerConfiguration()
        config.port = 0
        config.threads = 2
        configure(&config)
        let server = try await LineServer.start(configuration: config, dispatcher: Self.dispatcher())
        do { try await body(server) } catch { await server.stop(); throw error }
        await server.stop()
    }

    @Test func answersPingInBothStyles() async throws {
        try await withServer { server in
            let c = try LineClient(port: server.port)
            #expect(try await c.ask("PING") == #"{"result":"pong"}"#)
            #expect(try await c.ask(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#) == #"{"id":1,"jsonrpc":"2.0","result":"pong"}"#)
        }
    }

    @Test func keepsResponsesInRequestOrderWhenPipelined() async throws {
        try await withServer { server in
            let c = try LineClient(port: server.port)
            // The first request is slow, the second fast: responses must still come back in order.
            let replies = try await c.io { c in
                try c.send("SLEEP ms=200\nSLEEP ms=0\nPING\n")
                return [try c.readLine(), try c.readLine(), try c.readLine()]
            }
            #expect(replies == [#"{"result":200}"#, #"{"result":0}"#, #"{"result":"pong"}"#])
        }
    }

    @Test func survivesMalformedInputOnTheSameConnection() async throws {
        try await withServer { server in
            let c = try LineClient(port: server.port)
            let bad: [[UInt8]] = [
                Array("SEARCH text=oops k=banana garbage\n".utf8),
                [0xFF, 0xFE, 0x00, 0x41, 0x0A],
                Array((String(repeating: "[", count: 10_000) + "\n").utf8),
                Array(#"{"jsonrpc":"2.0","id":3,"method":"echo","params":{"x":1e999}}"#.utf8) + [0x0A],
                Array("NOSUCHVERB\n".utf8),
                Array("BOOM\n".utf8),
            ]
            for line in bad {
                let reply = try await c.io { c in try c.send(line); return try c.readLine() }
                #expect(reply.contains("\"error\""), "\(reply)")
            }
            #expect(try await c.ask("PING") == #"{"result":"pong"}"#)
        }
    }

    @Test func refusesAnOversizedLineAndKeepsTheConnection() async throws {
        try await withServer({ $0.maxLineLength = 1024 }) { server in
            let c = try LineClient(port: server.port)
            let reply = try await c.io { c in
                try c.send(Array(repeating: UInt8(ascii: "a"), count: 100_000) + [0x0A])
                return try c.readLine()
            }
            #expect(reply.contains("-32001"), "\(reply)")
            #expect(try await c.ask("PING") == #"{"result":"pong"}"#)
        }
    }

    @Test func refusesConnectionsOverTheLimit() async throws {
        try await withServer({ $0.maxConnections = 2 }) { server in
            let a = try LineClient(port: server.port), b = try LineClient(port: server.port)
            _ = try await a.ask("PING")
            _ = try await b.ask("PING")
            let c = try LineClient(port: server.port)
            let (reply, closed) = try await c.io { c in (try c.readLine(), c.isClosedByPeer()) }
            #expect(reply.contains("-32005"))
            #expect(closed)
        }
    }

    @Test func closesIdleConnections() async throws {
        try await withServer({ $0.idleTimeoutSeconds = 1 }) { server in
            let c = try LineClient(port: server.port, timeoutSeconds: 5)
            #expect(try await c.io { $0.isClosedByPeer() })
        }
    }
}
