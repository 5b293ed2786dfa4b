import ArgumentParser
import Chemistry
import Encoders
import Foundation
import Imaging
import Learning
import Server
import Text

/// `matlas bench server`: latency and throughput of the line server over loopback — text search, XRD
/// search and upsert at 1, 8 and 64 connections (unpipelined: each connection waits for each answer),
/// with PING (the transport floor) measured in the same run as the reference the ratios are against.
/// Bounded: `--seconds` per cell (default 3), so the default run takes about 12 × 3 s plus indexing.
struct BenchServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Server p50/p99 latency and throughput (text, XRD and micrograph search, upsert; 1/8/64 connections).",
        discussion: """
            Goals (DESIGN issue 8): text search p99 ≤ 5 ms at 1 connection; ≥ 2,000 searches/s.
            Without --data the run indexes --materials corpus entries into a temporary directory first.
            Without a trained model at --model it uses an untrained model of the default architecture
            (latency depends on the architecture, not the weights) and says so.
            """)

    @Option(help: "Model bundle directory.") var model = "Models/matlas-base"
    @Option(help: "An existing data directory (e.g. the one `matlas serve` built); default: a new temporary one.") var data: String?
    @Option(help: "Corpus file (when indexing).") var corpus = "Corpora/amcsd/materials.jsonl.gz"
    @Option(help: "Corpus materials to index when --data is not given.") var materials = 2000
    @Option(help: "Seconds per (workload, connections) cell.") var seconds = 3.0
    @Option(help: "Connection counts.") var connections = "1,8,64"
    @Option(help: "Server request threads (0: as matlas serve, 2 per core, at least 4).") var workers = 0
    @Option(help: "Workloads to run, comma-separated (default all): ping, text, brief, xrd, window, stem, upsert.") var workloads: String?

    func run() async throws {
        let counts = connections.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 && $0 <= 256 }
        guard !counts.isEmpty, seconds > 0, seconds <= 60 else { throw ValidationError("--connections 1…256 each, --seconds ≤ 60") }
        // As `matlas serve`: one BLAS thread per request (requests run in parallel on the workers).
        Learning.setThreadCount(1)
        let log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        let modelDirectory = try Self.modelDirectory(model, corpus: corpus, log: log)
        let directory = data ?? NSTemporaryDirectory() + "matlas-bench-server-" + UUID().uuidString
        let atlas = try Atlas.open(dataDirectory: directory, modelDirectory: modelDirectory, corpusPath: corpus,
                                   corpusLimit: materials, threads: 2, log: log, progress: IngestProgress(fd: 2))
        var config = LineServerConfiguration()
        config.port = 0
        // As `matlas serve`: two request threads per core, at least 4.
        config.workers = workers > 0 ? workers : max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
        let server = try await LineServer.start(configuration: config, dispatcher: atlas.makeDispatcher())
        print("matlas bench server: \(atlas.store.count) materials, model \(atlas.modelName) (dimension \(atlas.bundle.dimension)), "
              + "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(seconds) s per cell, loopback port \(server.port)")
        print("workload        conns   requests    req/s   p50 ms   p99 ms  errors   vs PING req/s")
        var floor: [Int: Double] = [:]
        var warmups: [String] = []
        let chosen = try Workload.parse(workloads)
        for workload in chosen {
            // Each distinct request once first (caches warm: a micrograph's candidates' reflections,
            // parsed payloads), so the cells measure the steady state; the first pass is reported.
            if workload != .upsert {
                let warm = try LineClient(port: server.port)
                var slowest = 0.0
                for i in 0..<workload.distinctRequests {
                    let t0 = Date()
                    _ = try await warm.ask(Self.request(workload, i))
                    slowest = max(slowest, Date().timeIntervalSince(t0) * 1000)
                }
                warmups.append(String(format: "%@ %d requests, slowest %.0f ms", workload.rawValue, workload.distinctRequests, slowest))
            }
            for c in counts {
                let r = Self.measure(workload, connections: c, seconds: seconds, port: server.port)
                if workload == .ping { floor[c] = r.throughput }
                let ratio = floor[c].map { String(format: "%.2f", r.throughput / max($0, 1e-9)) } ?? "-"
                let name = workload.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
                print(name + String(format: " %6d %10d %8.0f %8.3f %8.3f %7d   ", c, r.count, r.throughput, r.p50, r.p99, r.errors) + ratio)
            }
        }
        // Remove what the upsert workload wrote.
        let c = try LineClient(port: server.port)
        for k in 0..<Self.upsertIDs.count() {
            _ = try? await c.ask(#"{"jsonrpc":"2.0","id":1,"method":"delete","params":{"id":"bench:\#(k)"}}"#)
        }
        print("first pass (cold caches): " + warmups.joined(separator: "; "))
        await server.stop()
        if data == nil { try? FileManager.default.removeItem(atPath: directory) }
        print("goals: text search p99 ≤ 5 ms at 1 connection; ≥ 2,000 searches/s. The machine may be shared: figures are indicative.")
    }

    enum Workload: String, CaseIterable {
        case ping, textSearch = "text search", textBrief = "text, 4 fields", xrdSearch = "xrd search", xrdWindow = "xrd 20° window"
        case micrograph = "stem + px size", upsert

        /// Short names for `--workloads`.
        var key: String {
            switch self {
            case .ping: "ping"
            case .textSearch: "text"
            case .textBrief: "brief"
            case .xrdSearch: "xrd"
            case .xrdWindow: "window"
            case .micrograph: "stem"
            case .upsert: "upsert"
            }
        }

        /// The workloads `list` names (all when nil); ping always runs first (the reference).
        static func parse(_ list: String?) throws -> [Workload] {
            guard let list else { return allCases }
            let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for n in names where !allCases.contains(where: { $0.key == n }) {
                throw ValidationError("--workloads: unknown \(n); use " + allCases.map(\.key).joined(separator: ", "))
            }
            return allCases.filter { $0 == .ping || names.contains($0.key) }
        }

        /// How many different requests the workload cycles through.
        var distinctRequests: Int {
            switch self {
            case .ping, .upsert: 1
            case .textSearch, .textBrief: BenchServer.texts.count
            case .xrdSearch, .xrdWindow: BenchServer.patterns.count
            case .micrograph: BenchServer.micrographs.count
            }
        }
    }

    /// Simulated HAADF-STEM micrographs (192 px at 0.2 Å, rotated, with shot noise) of rock-salt
    /// halite, periclase and galena and of cubic perovskite SrTiO₃, as PNG base64: micrograph
    /// searches with a pixel size re-rank 3,000 candidates by lattice.
    static let micrographs: [String] = {
        func cubic(_ a: Double, _ sites: [(String, SIMD3<Double>)]) -> Crystal {
            Crystal(lattice: Lattice(a: a, b: a, c: a, alpha: 90, beta: 90, gamma: 90),
                    sites: sites.map { Site(Element(symbol: $0.0)!, at: $0.1) })
        }
        let fcc: [SIMD3<Double>] = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]]
        func rockSalt(_ a: Double, _ m: String, _ x: String) -> Crystal {
            cubic(a, fcc.map { (m, $0) } + fcc.map { (x, $0 + SIMD3(0.5, 0, 0)) })
        }
        let crystals = [rockSalt(5.64, "Na", "Cl"), rockSalt(4.21, "Mg", "O"), rockSalt(5.936, "Pb", "S"),
                        cubic(3.905, [("Sr", [0, 0, 0]), ("Ti", [0.5, 0.5, 0.5]), ("O", [0.5, 0.5, 0]), ("O", [0.5, 0, 0.5]), ("O", [0, 0.5, 0.5])])]
        return crystals.enumerated().compactMap { i, c in
            var settings = STEMSettings(width: 192, height: 192, pixelSize: 0.2)
            settings.rotation = 17 + 11 * Double(i)
            settings.dose = 20_000
            guard let gray = try? c.stemImage(zoneAxis: SIMD3(0, 0, 1), settings: settings, seed: UInt64(i)) else { return nil }
            let top = gray.pixels.max() ?? 1
            let image = Image(width: gray.width, height: gray.height, gray: gray.pixels.map { $0 / Swift.max(top, 1e-6) })
            return (try? PNGEncoder().encode(image)).map { Data($0).base64EncodedString() }
        }
    }()

    struct Result { var count: Int; var throughput: Double; var p50: Double; var p99: Double; var errors: Int }

    static let texts = ["layered lithium cobalt oxide", "rock salt structure", "tetrahedral framework silicate",
                        "iron oxide with corundum structure", "hydrated copper sulfate", "cubic perovskite titanate",
                        "garnet with dodecahedral calcium", "sulfide of lead", "zeolite channels", "olivine orthosilicate"]
    /// Peak lists (2θ Cu Kα, relative intensity): quartz, halite, hematite, calcite, rutile (literature positions).
    static let patterns = [
        "[[20.86,22],[26.64,100],[36.54,8],[39.47,8],[50.14,14],[59.96,9]]",
        "[[27.37,13],[31.70,100],[45.45,55],[53.87,2],[56.47,15],[66.23,6]]",
        "[[24.14,30],[33.15,100],[35.61,70],[40.85,20],[49.48,40],[54.09,45]]",
        "[[23.05,12],[29.41,100],[35.97,14],[39.40,18],[43.15,18],[47.49,17],[48.50,17]]",
        "[[27.45,100],[36.09,50],[41.23,25],[54.32,60],[56.64,20]]",
    ]
    static let upsertIDs = Counter()

    /// The peaks of a pattern literal that lie in 20–40° 2θ.
    static func window(_ pattern: String) -> String {
        let pairs = pattern.dropFirst(2).dropLast(2).components(separatedBy: "],[").filter { pair in
            guard let t = Double(pair.split(separator: ",").first ?? "") else { return false }
            return t >= 20 && t <= 40
        }
        return "[[" + pairs.joined(separator: "],[") + "]]"
    }

    static func request(_ w: Workload, _ i: Int) -> String {
        switch w {
        case .ping: return #"{"jsonrpc":"2.0","id":1,"method":"ping"}"#
        case .textSearch:
            return #"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":{"text":"\#(texts[i % texts.count])"},"k":10}}"#
        case .textBrief:
            // The same searches asking for four fields per hit (no properties, references, elements).
            return #"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":{"text":"\#(texts[i % texts.count])"},"k":10,"fields":["id","score","formula","name"]}}"#
        case .xrdSearch:
            return #"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":{"spectrum":{"kind":"xrd","peaks":\#(patterns[i % patterns.count])}},"k":10}}"#
        case .xrdWindow:
            // The same patterns cut to 20–40° 2θ and said to cover only that window (re-ranks 1,000).
            let pattern = patterns[i % patterns.count]
            return #"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":{"spectrum":{"kind":"xrd","peaks":\#(window(pattern)),"two_theta_range":[20,40]}},"k":10}}"#
        case .micrograph:
            let png = micrographs[i % micrographs.count]
            return #"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":{"micrograph":{"png_base64":"\#(png)","pixel_size":0.2}},"k":10}}"#
        case .upsert:
            let id = upsertIDs.next() % 5000
            return #"{"jsonrpc":"2.0","id":1,"method":"upsert","params":{"id":"bench:\#(id)","composition":"Li\#(1 + id % 3)Fe\#(1 + id % 2)O4","text":"benchmark material \#(id)"}}"#
        }
    }

    /// `connections` threads, each with its own connection, unpipelined, for `seconds`.
    /// Whether a reply line is a JSON-RPC error: `"error"` among its first bytes (a result's body,
    /// kilobytes of hits, is not searched: the load generator shares the server's cores).
    static func isError(_ reply: String) -> Bool {
        let head = Array(reply.utf8.prefix(48)), key = Array(#""error":"#.utf8)
        guard head.count >= key.count else { return false }
        return (0...(head.count - key.count)).contains { head[$0..<($0 + key.count)].elementsEqual(key) }
    }

    static func measure(_ w: Workload, connections: Int, seconds: Double, port: Int) -> Result {
        let latencies = ParallelLatencies()
        let group = DispatchGroup()
        let deadline = Date().addingTimeInterval(seconds)
        let start = Date()
        for t in 0..<connections {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let client = try? LineClient(port: port, timeoutSeconds: 30) else { latencies.add([], errors: 1); return }
                var mine: [Double] = []
                var errors = 0
                var i = t
                while Date() < deadline {
                    let line = request(w, i) + "\n"
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    guard (try? client.send(line)) != nil, let reply = try? client.readLine() else { errors += 1; break }
                    mine.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
                    if isError(reply) { errors += 1 }
                    i += connections
                }
                latencies.add(mine, errors: errors)
            }.start()
        }
        group.wait()
        let elapsed = Date().timeIntervalSince(start)
        let (all, errors) = latencies.values
        let sorted = all.sorted()
        func q(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))] }
        return Result(count: sorted.count, throughput: Double(sorted.count) / elapsed, p50: q(0.5), p99: q(0.99), errors: errors)
    }

    /// The model directory, or an untrained default-architecture bundle written to a temporary directory.
    static func modelDirectory(_ path: String, corpus: String, log: (String) -> Void) throws -> String {
        if FileManager.default.fileExists(atPath: path + "/" + ModelBundle.configFile) { return path }
        let tmp = NSTemporaryDirectory() + "matlas-bench-model-" + UUID().uuidString
        log("no model at \(path): using an untrained model of the default architecture (weights do not change latency)")
        let drafts = try CorpusIngest.drafts(path: corpus, limit: 1000)
        let tokenizer = BPETokenizer.train(texts: drafts.flatMap { $0.descriptions.map(\.text) }, vocabularySize: 2000)
        var config = ModelConfig()
        config.name = "untrained-default"
        try ModelBundle(untrained: config, tokenizer: tokenizer).save(to: URL(fileURLWithPath: tmp))
        return tmp
    }
}

/// Latencies gathered from many threads (guarded by `lock`).
final class ParallelLatencies: @unchecked Sendable {
    private var all: [Double] = []
    private var errors = 0
    private let lock = NSLock()
    func add(_ l: [Double], errors e: Int) { lock.lock(); all += l; errors += e; lock.unlock() }
    var values: ([Double], Int) { lock.lock(); defer { lock.unlock() }; return (all, errors) }
}

/// A shared counter (guarded by `lock`).
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
    func count() -> Int { lock.lock(); defer { lock.unlock() }; return min(value, 5000) }
}
