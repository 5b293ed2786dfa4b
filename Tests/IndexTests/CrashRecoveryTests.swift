import Foundation
import Testing
@testable import Index

/// Durability: kill -9 mid-stream, torn tails, checksum mismatches.
@Suite struct CrashRecoveryTests {
    static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "matlas-index-\(name)-\(UUID().uuidString)"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    /// The writer executable built beside the test bundle by `swift test`.
    static func writerExecutable() -> URL? {
        var candidates: [URL] = []
        if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(bundle.appendingPathComponent("IndexCrashWriter"))
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("IndexCrashWriter"))
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/IndexCrashWriter"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func configuration(log: @escaping @Sendable (String) -> Void = { _ in }) -> VectorStore.Configuration {
        var c = VectorStore.Configuration(parameters: HNSWParameters(dimension: 16, m: 8, efConstruction: 32))
        c.compactionMinimum = 8
        c.log = log
        return c
    }

    /// Runs the writer until it has acknowledged at least `acks` upserts, then SIGKILLs it.
    /// Returns the acknowledged and the deleted ids it reported.
    static func runAndKill(_ executable: URL, directory: String, first: Int, acks: Int) throws -> (acked: [String], deleted: Set<String>) {
        let process = Process()
        process.executableURL = executable
        process.arguments = [directory, String(first)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var text = ""
        let reader = pipe.fileHandleForReading
        while text.components(separatedBy: "ack ").count - 1 < acks {
            let data = reader.availableData
            if data.isEmpty { break } // writer exited early
            text += String(decoding: data, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        var acked: [String] = [], deleted = Set<String>()
        // Only complete lines count: a line cut by the kill was never fully reported.
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("ack ") { acked.append(String(line.dropFirst(4))) }
            if line.hasPrefix("del ") { deleted.insert(String(line.dropFirst(4))) }
        }
        return (acked, deleted)
    }

    /// An acknowledged upsert survives kill -9: two rounds of writer → SIGKILL → reopen; every
    /// acknowledged id is in the catalog and the graph with its exact vector (tolerance 1e-6 after
    /// normalisation) and finds itself first; deleted ids stay deleted; catalog and graph agree.
    @Test func acknowledgedWritesSurviveKill() throws {
        let executable = try #require(Self.writerExecutable(), "IndexCrashWriter must be built beside the tests")
        let directory = Self.temporaryDirectory("kill")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var allAcked: [String] = [], allDeleted = Set<String>()
        for round in 0..<2 {
            let (acked, deleted) = try Self.runAndKill(executable, directory: directory, first: 1000 * round, acks: 40 + 30 * round)
            #expect(acked.count >= 40)
            allAcked += acked
            allDeleted.formUnion(deleted)
            // The last acknowledged step may have started an unacknowledged delete of its predecessor.
            var uncertain = Set<String>()
            if let last = acked.last, let n = Int(last.dropFirst("crash:".count)), n % 7 == 3 {
                uncertain.insert("crash:\(n - 1)")
            }
            let store = try VectorStore.open(directory: directory, configuration: Self.configuration())
            for id in allAcked where !allDeleted.contains(id) && !uncertain.contains(id) {
                let record = try store.record(for: MaterialID(id))
                #expect(record != nil, "acknowledged \(id) lost")
                let n = Int(id.dropFirst("crash:".count))!
                var expected = (0..<16).map { Float(sin(Double(n * 16 + $0) * 0.37)) }
                _ = VectorKernels.normalize(&expected)
                let stored = try #require(store.vector(for: MaterialID(id)))
                #expect(zip(stored, expected).allSatisfy { abs($0 - $1) < 1e-6 })
                #expect(try store.search(stored, k: 1).first?.id.rawValue == id)
            }
            for id in allDeleted { #expect(try store.record(for: MaterialID(id)) == nil) }
            #expect(try store.catalog.count() == store.index.count)
        }
    }

    /// A torn tail (a record cut short by a crash) is truncated with a log line, earlier records
    /// survive, and the store keeps working.
    @Test func tornTailIsTruncated() throws {
        let directory = Self.temporaryDirectory("torn")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var gen = TestVectors(seed: 9)
        do {
            let store = try VectorStore.open(directory: directory, configuration: Self.configuration())
            for i in 0..<20 {
                try store.upsert([.init(record: MaterialRecord(id: MaterialID("m:\(i)")), vector: gen.unit(dimension: 16))])
            }
        }
        let walPath = directory + "/wal.log"
        let intact = try #require(FileManager.default.contents(atPath: walPath))
        // Append the first 30 bytes of a record (header + part of the payload): an append cut
        // short by a crash.
        var torn = intact
        torn.append(intact.prefix(30))
        try torn.write(to: URL(fileURLWithPath: walPath))
        let messages = LogLines()
        let store = try VectorStore.open(directory: directory, configuration: Self.configuration(log: messages.append))
        #expect(messages.lines.contains { $0.contains("truncated 30 bytes") })
        #expect(store.count == 20)
        #expect(try FileManager.default.attributesOfItem(atPath: walPath)[.size] as? Int == intact.count)
        try store.upsert([.init(record: MaterialRecord(id: "m:20"), vector: gen.unit(dimension: 16))])
        #expect(store.count == 21)
    }

    /// A flipped byte inside a snapshot is detected by its checksum on load; a flipped byte in
    /// a log record followed by intact records is corruption (not a torn tail) and throws.
    @Test func checksumMismatchesAreDetected() throws {
        let directory = Self.temporaryDirectory("crc")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var gen = TestVectors(seed: 10)
        do {
            let store = try VectorStore.open(directory: directory, configuration: Self.configuration())
            for i in 0..<30 {
                try store.upsert([.init(record: MaterialRecord(id: MaterialID("m:\(i)")), vector: gen.unit(dimension: 16))])
            }
            try store.snapshot()
            for i in 30..<35 {
                try store.upsert([.init(record: MaterialRecord(id: MaterialID("m:\(i)")), vector: gen.unit(dimension: 16))])
            }
        }
        // Reopening intact data works and sees all 35.
        do { #expect(try VectorStore.open(directory: directory, configuration: Self.configuration()).count == 35) }

        let walPath = directory + "/wal.log"
        var wal = try #require(FileManager.default.contents(atPath: walPath))
        wal[30] ^= 0x40 // inside the first of five records
        try wal.write(to: URL(fileURLWithPath: walPath))
        #expect(throws: IndexError.checksumMismatch(path: walPath, offset: 0)) {
            _ = try VectorStore.open(directory: directory, configuration: Self.configuration())
        }
        wal[30] ^= 0x40
        try wal.write(to: URL(fileURLWithPath: walPath))

        let snapshotPath = directory + "/index.snapshot"
        var snapshot = try #require(FileManager.default.contents(atPath: snapshotPath))
        snapshot[snapshot.count / 2] ^= 0x01
        try snapshot.write(to: URL(fileURLWithPath: snapshotPath))
        #expect(throws: IndexError.checksumMismatch(path: snapshotPath, offset: snapshot.count - 12)) {
            _ = try VectorStore.open(directory: directory, configuration: Self.configuration())
        }
    }

    /// Snapshot + log replay reproduce the same search results as before closing.
    @Test func snapshotRoundTrip() throws {
        let directory = Self.temporaryDirectory("snap")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var gen = TestVectors(seed: 11)
        let vectors = gen.clustered(count: 300, dimension: 16)
        let queries = (0..<10).map { _ in gen.unit(dimension: 16) }
        var before: [[String]] = []
        do {
            let store = try VectorStore.open(directory: directory, configuration: Self.configuration())
            try store.upsert(vectors.prefix(200).enumerated().map { .init(record: MaterialRecord(id: MaterialID("v:\($0.offset)")), vector: $0.element) })
            try store.delete((0..<50).map { MaterialID("v:\($0)") })
            try store.snapshot()
            try store.upsert(vectors.suffix(100).enumerated().map { .init(record: MaterialRecord(id: MaterialID("w:\($0.offset)")), vector: $0.element) })
            before = try queries.map { try store.search($0, k: 5).map(\.id.rawValue) }
        }
        let store = try VectorStore.open(directory: directory, configuration: Self.configuration())
        #expect(store.count == 250)
        let after = try queries.map { try store.search($0, k: 5).map(\.id.rawValue) }
        #expect(after == before)
    }
}

/// Collects log lines from the store (thread-safe).
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.withLock { storage } }
    var append: @Sendable (String) -> Void { { [self] line in lock.withLock { storage.append(line) } } }
}
