import ArgumentParser
import Foundation
import Server

/// `matlas mcp`: the atlas as MCP tools (search, condition, profile, precedents, get, info) over stdio,
/// for agents. Same data directory and model as `matlas serve`; standard output carries only MCP
/// messages, everything else goes to standard error.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the atlas as MCP tools over standard input/output (for agents).",
        discussion: """
            Register with an MCP client as the command `matlas mcp --data <dir> --model <dir>`. The first
            start on an empty data directory indexes the corpus (progress on standard error).
            """)

    @Option(help: "Data directory (shared with `matlas serve`; do not run both writing to it at once).") var data = ".matlas-data"
    @Option(help: "Model bundle directory.") var model = "Models/matlas-base"
    @Option(help: "Corpus file indexed on first start.") var corpus = "Corpora/amcsd/materials.jsonl.gz"
    @Option(help: "Threads for indexing (0: one per core).") var threads = 0

    func run() async throws {
        let log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(("matlas: " + $0 + "\n").utf8)) }
        let atlas: Atlas
        do {
            atlas = try Atlas.open(dataDirectory: data, modelDirectory: model, corpusPath: corpus,
                                   threads: threads > 0 ? threads : max(2, ProcessInfo.processInfo.activeProcessorCount),
                                   log: log, progress: IngestProgress(fd: 2))
        } catch {
            throw ValidationError("\(error)")
        }
        #if canImport(MCP)
        log("MCP server ready on stdio (\(atlas.store.count) materials, model \(atlas.modelName))")
        try await MCPToolServer.runStdio(dispatcher: atlas.makeDispatcher())
        try? atlas.store.snapshot()
        #else
        _ = atlas
        throw ValidationError("this build has no MCP support (the package was built without modelcontextprotocol/swift-sdk)")
        #endif
    }
}
