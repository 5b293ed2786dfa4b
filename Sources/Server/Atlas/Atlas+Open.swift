#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMatlas
import Encoders
import Foundation
import Index
import Learning

extension Atlas {
    /// Why an atlas could not be opened, in words for the command line.
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens the atlas behind `matlas serve` / `matlas mcp`: loads the model bundle (and its
    /// `calibration.json`), opens the store in `dataDirectory`, and — when the store is empty — indexes
    /// the corpus file first (bulk writes without per-write fsync, then one snapshot, then the store is
    /// reopened with durable writes).
    /// - Parameters:
    ///   - corpusLimit: index at most this many corpus materials (smoke runs).
    ///   - log: progress and notes (the caller decides stdout or stderr).
    /// - Throws: `OpenError` naming the file at fault.
    public static func open(dataDirectory: String, modelDirectory: String, corpusPath: String, corpusLimit: Int? = nil,
                            threads: Int = 2, log: @escaping @Sendable (String) -> Void,
                            progress: IngestProgress? = nil) throws -> Atlas {
        let modelURL = URL(fileURLWithPath: modelDirectory)
        let bundle: ModelBundle
        do { bundle = try ModelBundle.load(from: modelURL) } catch {
            throw OpenError(description: "cannot load the model in \(modelDirectory): \(error) "
                + "(train one with `matlas train`, or pass --model)")
        }
        let calibration: Calibration
        do { calibration = try Calibration.load(modelDirectory: modelURL) } catch {
            throw OpenError(description: "\(error)")
        }
        if !calibration.isFitted { log("note: \(modelDirectory) has no calibration.json; confidences use the documented fallback") }
        let name = modelURL.standardizedFileURL.lastPathComponent
        let storeLog: @Sendable (String) -> Void = { log($0) }
        func openStore(synchronous: Bool) throws -> VectorStore {
            do {
                return try VectorStore.open(directory: dataDirectory,
                                            configuration: storeConfiguration(dimension: bundle.dimension, synchronousWrites: synchronous, log: storeLog))
            } catch {
                throw OpenError(description: "cannot open the data directory \(dataDirectory): \(error)")
            }
        }
        try checkModelStamp(dataDirectory: dataDirectory, bundle: bundle, modelDirectory: modelDirectory, log: log)
        var store = try openStore(synchronous: true)
        if store.count == 0 {
            let started = ContinuousClock.now
            log("indexing \(corpusPath) into \(dataDirectory) with the model \(name) (first start only)")
            let bulk = Atlas(bundle: bundle, store: try openStore(synchronous: false), calibration: calibration, modelName: name)
            let drafts: [MaterialDraft]
            do { drafts = try CorpusIngest.drafts(path: corpusPath, limit: corpusLimit, log: log) } catch {
                throw OpenError(description: "cannot read the corpus \(corpusPath): \(error)")
            }
            progress?.start(total: drafts.count)
            let summary = try bulk.ingest(drafts, threads: threads) { done, total in progress?.update(done: done, total: total) }
            try bulk.store.snapshot()
            progress?.finish()
            let seconds = Atlas.milliseconds(since: started) / 1000
            log("indexed \(summary.indexed) materials in \(String(format: "%.1f", seconds)) s; \(summary.failures.count) skipped")
            for f in summary.failures.prefix(10) { log("  skipped \(f.id): \(f.reason)") }
            store = try openStore(synchronous: true)
            // The bulk ingest's pooled tensor buffers and freed heap go back to the OS: without
            // this a first start kept ~490 MB of anonymous memory it no longer used (a restart
            // holds ~54 MB).
            Learning.releaseCachedBuffers()
            _ = cmatlas_trim_heap()
        }
        return Atlas(bundle: bundle, store: store, calibration: calibration, modelName: name)
    }

    /// Records which model built a data directory (`model.json`) and warns when another model opens it:
    /// its vectors would not be comparable with the new model's queries.
    static func checkModelStamp(dataDirectory: String, bundle: ModelBundle, modelDirectory: String,
                                log: (String) -> Void) throws {
        try? FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let weights = URL(fileURLWithPath: modelDirectory).appendingPathComponent(ModelBundle.weightsFile)
        let size = (try? FileManager.default.attributesOfItem(atPath: weights.path)[.size] as? Int) ?? 0
        let stamp: JSONValue = ["model": .string(bundle.config.name), "dimension": .number(Double(bundle.dimension)),
                                "weights_bytes": .number(Double(size))]
        let url = URL(fileURLWithPath: dataDirectory).appendingPathComponent("model.json")
        if let data = try? Data(contentsOf: url), let old = try? JSONParser().parse(String(decoding: data, as: UTF8.self)) {
            if old != stamp {
                log("warning: \(dataDirectory) was indexed with another model (\(old.jsonText)); "
                    + "delete the directory to re-index with \(modelDirectory)")
            }
            return
        }
        try? Data(stamp.jsonText.utf8).write(to: url, options: .atomic)
    }
}

/// Progress of the first-start indexing: a live line with ETA on a terminal, plain lines every 10%
/// otherwise.
public final class IngestProgress: @unchecked Sendable {
    private let fd: Int32
    private let isTerminal: Bool
    private var started = ContinuousClock.now
    private var lastDecile = -1
    /// Guards the counters above (updates come from one thread, but the type is shared).
    private let lock = NSLock()

    /// - Parameter fd: where to write (1 stdout, 2 stderr).
    public init(fd: Int32) {
        self.fd = fd
        isTerminal = isatty(fd) == 1
    }

    func start(total: Int) {
        lock.lock(); started = .now; lastDecile = -1; lock.unlock()
        write("indexing \(total) materials\n")
    }

    func update(done: Int, total: Int) {
        lock.lock(); defer { lock.unlock() }
        let elapsed = Atlas.milliseconds(since: started) / 1000
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let pct = total > 0 ? 100 * done / total : 100
        let line = "  \(done)/\(total) (\(pct)%)  \(String(format: "%.0f", rate))/s  ETA \(Self.clock(eta))"
        if isTerminal {
            write("\r" + line + "   ")
        } else if pct / 10 > lastDecile {
            lastDecile = pct / 10
            write(line + "\n")
        }
    }

    func finish() { if isTerminal { write("\n") } }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    private func write(_ text: String) {
        FileHandle(fileDescriptor: fd, closeOnDealloc: false).write(Data(text.utf8))
    }
}
