import ArgumentParser
import Foundation
import Server

/// `matlas query`: a command-line client for a running `matlas serve`.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Send requests to a running Matlas server and print the answers.",
        discussion: """
            With words, sends them as one inline command, e.g.
              matlas query SEARCH 'text="layered lithium cobalt oxide"' k=3
            Without words, sends each line of standard input (inline commands or JSON-RPC), pipelined.
            """)

    @Option(help: "Server address.") var host = "127.0.0.1"
    @Option(help: "Server port.") var port = 7470
    @Flag(help: "Print each response line as the server sent it (JSON).") var json = false
    @Option(help: "Seconds to wait for each response.") var timeout = 60
    @Argument(parsing: .captureForPassthrough, help: "An inline command: VERB key=value …")
    var words: [String] = []

    func run() async throws {
        let client: LineClient
        do {
            client = try LineClient(host: host, port: port, timeoutSeconds: timeout)
        } catch {
            throw ValidationError("\(host):\(port): \(error)")
        }
        var failed = false
        if !words.isEmpty {
            failed = show(try await client.ask(words.joined(separator: " ")))
        } else {
            var lines: [String] = []
            while let line = Swift.readLine() {
                if line.allSatisfy(\.isWhitespace) { continue }
                lines.append(line)
            }
            // Pipeline: send everything, then read the answers in order.
            let sent = lines
            let replies = try await client.io { c in
                try c.send(sent.map { $0 + "\n" }.joined())
                return try sent.map { _ in try c.readLine() }
            }
            for reply in replies { failed = show(reply) || failed }
        }
        if failed { throw ExitCode(1) }
    }

    /// Prints one response; returns true when it was an error.
    func show(_ line: String) -> Bool {
        if json { print(line); return line.contains("\"error\":{") }
        guard let value = try? JSONParser().parse(line) else { print(line); return true }
        if let error = value["error"] {
            let field = error["field"]?.stringValue.map { " [\($0)]" } ?? ""
            printError("error \(error["code"]?.intValue ?? 0)\(field): \(error["message"]?.stringValue ?? "")")
            return true
        }
        let result = value["result"] ?? .null
        if let hits = result["hits"]?.arrayValue {
            print(HitTable.render(hits))
            if let took = result["took_ms"]?.doubleValue { print("(\(hits.count) hits, \(took) ms)") }
        } else if let s = result.stringValue {
            print(s)
        } else {
            print(result.prettyText())
        }
        return false
    }

    func printError(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }
}
