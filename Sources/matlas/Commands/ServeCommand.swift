import ArgumentParser
import Dispatch
import Foundation
import Learning
import Server
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `matlas serve`: the line-protocol server (DESIGN §5) over a data directory (DESIGN §6).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the atlas over TCP (JSON-RPC lines and inline commands such as PING, SEARCH text=\"…\").",
        discussion: """
            On an empty data directory, first indexes the corpus with the model (once; progress with ETA),
            then serves. Later starts load in seconds. Prints the address once ready. SIGINT/SIGTERM stop
            accepting, finish in-flight requests, snapshot the index and exit 0.
            Try:  matlas serve   then   printf 'PING\\nSEARCH text="rock salt" k=3\\n' | nc 127.0.0.1 7470
            """)

    @Option(help: "Data directory (index, catalog, log); created if missing.") var data = ".matlas-data"
    @Option(help: "Address to bind. Anything but loopback needs --token.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0: any free port).") var port = 7470
    @Option(help: "Model bundle directory.") var model = "Models/matlas-base"
    @Option(help: "Corpus file indexed on first start.") var corpus = "Corpora/amcsd/materials.jsonl.gz"
    @Option(help: "Token that write methods (upsert, delete, snapshot) must pass as params.token.") var token: String?
    @Option(help: "Threads for indexing and for request handlers (0: one per core for indexing, 2 per core for requests).") var threads = 0
    @Option(help: "Most simultaneous connections.") var maxConnections = 1024
    @Option(help: "Longest request line in bytes.") var maxLineBytes = 8 << 20
    @Option(help: "Seconds before an idle connection is closed.") var idleTimeout = 600
    @Option(help: .hidden) var corpusLimit: Int?

    func validate() throws {
        if !Self.isLoopback(host), token == nil {
            throw ValidationError("--host \(host) listens beyond loopback: give --token so writes need it")
        }
        if let token, token.count < 8 { throw ValidationError("--token must be at least 8 characters") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    func run() async throws {
        // Requests run in parallel on the worker pool; one BLAS thread each avoids oversubscription
        // (measured: multi-threaded OpenBLAS collapsed throughput beyond one connection).
        Learning.setThreadCount(1)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        // Ingest uses one thread per core; request handlers get twice that (at least 4), because a write
        // waits on fdatasync and the writer lock, and should not leave searches without a thread.
        let ingestThreads = threads > 0 ? threads : max(2, cores)
        let workers = threads > 0 ? threads : max(4, 2 * cores)
        let log: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(("matlas: " + $0 + "\n").utf8)) }
        let atlas: Atlas
        do {
            atlas = try Atlas.open(dataDirectory: data, modelDirectory: model, corpusPath: corpus, corpusLimit: corpusLimit,
                                   threads: ingestThreads, log: log, progress: IngestProgress(fd: 1))
        } catch {
            throw ValidationError("\(error)")
        }
        var config = LineServerConfiguration()
        config.host = host
        config.port = port
        config.maxConnections = maxConnections
        config.maxLineLength = maxLineBytes
        config.idleTimeoutSeconds = Int64(idleTimeout)
        config.workers = workers
        // Writes need the token whenever one is given (and one must be given beyond loopback).
        let server = try await LineServer.start(configuration: config, dispatcher: atlas.makeDispatcher(writeToken: token))
        log("serving \(atlas.store.count) materials with model \(atlas.modelName) on \(server.host):\(server.port)")
        let signal = await Self.waitForTermination()
        log("received \(signal); finishing in-flight requests")
        await server.stop(graceSeconds: 10)
        do {
            try atlas.store.snapshot()
            log("snapshot written; stopped")
        } catch {
            log("snapshot failed: \(error) (the write-ahead log still holds every acknowledged write)")
        }
    }

    /// Suspends until SIGINT or SIGTERM; returns the signal's name.
    static func waitForTermination() async -> String {
        await withCheckedContinuation { (continuation: CheckedContinuation<String, Never>) in
            let queue = DispatchQueue(label: "matlas.signals")
            let once = OnceFlag()
            var sources: [any DispatchSourceSignal] = []
            for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler {
                    if once.claim() { continuation.resume(returning: name) }
                }
                source.resume()
                sources.append(source)
            }
            SignalSources.keep(sources)
        }
    }
}

/// True for the first caller only (guarded by its lock).
final class OnceFlag: @unchecked Sendable {
    private var done = false
    private let lock = NSLock()
    func claim() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if done { return false }
        done = true
        return true
    }
}

/// Keeps the signal sources alive for the life of the process (a released source stops delivering).
enum SignalSources {
    nonisolated(unsafe) private static var retained: [any DispatchSourceSignal] = []
    private static let lock = NSLock()
    static func keep(_ sources: [any DispatchSourceSignal]) {
        lock.lock(); retained.append(contentsOf: sources); lock.unlock()
    }
}
