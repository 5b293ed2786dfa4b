import Encoders
import Foundation
import Imaging
import Testing
import Text
@testable import Server

/// The atlas the end-to-end tests talk to: an untrained, seeded small model (dimension 32, so no test
/// depends on a trained model's quality) over the 16 corpus materials of `Fixtures/corpus/`, served on
/// a loopback port picked by the OS. Built once per test process and shared.
enum AtlasFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static var corpusPath: String { directory.appendingPathComponent("corpus/materials.jsonl.gz").path }

    /// A fresh, empty temporary directory.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "matlas-server-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A seeded untrained bundle with a tokenizer trained on the fixture descriptions.
    static func bundle() throws -> ModelBundle {
        let drafts = try CorpusIngest.drafts(path: corpusPath)
        let texts = drafts.flatMap { $0.descriptions.map(\.text) }
        let tokenizer = BPETokenizer.train(texts: texts, vocabularySize: 400, minFrequency: 1)
        var config = ModelConfig.small
        config.seed = 7
        return ModelBundle(untrained: config, tokenizer: tokenizer)
    }

    /// An atlas over the fixture corpus in a new directory.
    static func makeAtlas(directory: String = temporaryDirectory()) throws -> Atlas {
        let bundle = try bundle()
        let store = try VectorStoreOpener.open(directory: directory, dimension: bundle.dimension)
        let atlas = Atlas(bundle: bundle, store: store, modelName: "test-small")
        let summary = try atlas.ingest(try CorpusIngest.drafts(path: corpusPath), threads: 2)
        precondition(summary.failures.isEmpty, "fixture materials failed: \(summary.failures)")
        return atlas
    }

    /// A small gray PNG (a smooth gradient with a bright spot), base64.
    static func pngBase64(side: Int = 40) throws -> String {
        var pixels = [Float](repeating: 0, count: side * side)
        for y in 0..<side { for x in 0..<side {
            let dx = Float(x - side / 2), dy = Float(y - side / 2)
            pixels[y * side + x] = 0.2 + 0.6 * Float(Foundation.exp(Double(-(dx * dx + dy * dy) / 40)))
        } }
        let bytes = try PNGEncoder().encode(Image(width: side, height: side, gray: pixels))
        return Data(bytes).base64EncodedString()
    }
}

/// One server per test process over the fixture atlas (started on first use, never stopped).
actor SharedAtlasServer {
    static let shared = SharedAtlasServer()
    private var starting: Task<(LineServer, Atlas), any Error>?

    func get() async throws -> (server: LineServer, atlas: Atlas) {
        if let starting { return try await starting.value }
        let task = Task { () throws -> (LineServer, Atlas) in
            let atlas = try AtlasFixture.makeAtlas()
            var config = LineServerConfiguration()
            config.port = 0
            config.threads = 2
            config.workers = 2
            let server = try await LineServer.start(configuration: config, dispatcher: atlas.makeDispatcher())
            return (server, atlas)
        }
        starting = task
        return try await task.value
    }

    /// A client connected to the shared server.
    static func client() async throws -> LineClient {
        let (server, _) = try await shared.get()
        return try LineClient(port: server.port, timeoutSeconds: 60)
    }
}

/// A server over its own fresh atlas, for tests that write: the shared server's readers then never
/// see another test's upserts between two of their searches.
enum PrivateAtlasServer {
    static func start(writeToken: String? = nil) async throws -> (server: LineServer, client: LineClient) {
        let atlas = try AtlasFixture.makeAtlas()
        var config = LineServerConfiguration()
        config.port = 0
        config.threads = 1
        let server = try await LineServer.start(configuration: config, dispatcher: atlas.makeDispatcher(writeToken: writeToken))
        return (server, try LineClient(port: server.port, timeoutSeconds: 60))
    }
}

extension LineClient {
    /// Sends a JSON-RPC request and returns the parsed response object.
    func call(_ method: String, _ params: JSONValue = [:], id: Int = 1) async throws -> JSONValue {
        let line = JSONValue.object(["jsonrpc": "2.0", "id": .number(Double(id)), "method": .string(method), "params": params]).jsonText
        return try JSONParser().parse(try await ask(line))
    }

    /// The `result` of a call, failing the test when it is an error.
    func result(_ method: String, _ params: JSONValue = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        let reply = try await call(method, params)
        #expect(reply["error"] == nil, "\(method) failed: \(reply.jsonText)", sourceLocation: sourceLocation)
        return reply["result"] ?? .null
    }

    /// The `error` of a call (code, field), failing the test when it succeeded.
    func failure(_ method: String, _ params: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (code: Int, field: String?, message: String) {
        let reply = try await call(method, params)
        let error = reply["error"]
        #expect(error != nil, "\(method) should have failed: \(reply.jsonText.prefix(300))", sourceLocation: sourceLocation)
        return (error?["code"]?.intValue ?? 0, error?["field"]?.stringValue, error?["message"]?.stringValue ?? "")
    }
}
