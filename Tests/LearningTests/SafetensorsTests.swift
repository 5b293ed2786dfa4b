import Foundation
import Learning
import Testing

/// safetensors I/O: exact round trips, files exchanged with the Python package, typed errors, fuzz.
@Suite struct SafetensorsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/safetensors")

    /// The reference tensors (Scripts/learning/safetensors_check.py builds the same in numpy).
    static func reference() -> [String: Tensor] {
        [
            "layers.0.weight": Tensor(shape: [2, 3], values: (0..<6).map { Float($0) * 0.5 - 1 }),
            "layers.0.bias": Tensor(shape: [4], values: [1e-8, -0.0, 3.402_823_5e38, 1.175_494_4e-38]),
            "scalar": Tensor(scalar: 3.25),
            "empty": Tensor(shape: [0, 2]),
        ]
    }

    static let metadata = ["format": "pt", "producer": "matlas-learning-fixture"]

    func bits(_ t: Tensor) -> [UInt32] { t.values.map(\.bitPattern) }

    @Test func roundTripIsBitExact() throws {
        let tensors = Self.reference()
        let file = try Safetensors.decode(Safetensors.encode(tensors, metadata: Self.metadata))
        #expect(file.metadata == Self.metadata)
        #expect(Set(file.tensors.keys) == Set(tensors.keys))
        for (name, t) in tensors {
            #expect(file.tensors[name]?.shape == t.shape)
            #expect(file.tensors[name].map(bits) == bits(t))
        }
    }

    /// The committed Swift-written file equals what the encoder writes today (the Python script
    /// checks that `safetensors` reads that file). Set LEARNING_WRITE_FIXTURES=1 to regenerate it.
    @Test func swiftWrittenFixtureIsCurrent() throws {
        let url = Self.fixtures.appendingPathComponent("swift_written.safetensors")
        let bytes = Safetensors.encode(Self.reference(), metadata: Self.metadata)
        if ProcessInfo.processInfo.environment["LEARNING_WRITE_FIXTURES"] == "1" {
            try Data(bytes).write(to: url)
        }
        #expect(try [UInt8](Data(contentsOf: url)) == bytes)
    }

    /// Written by `safetensors.numpy.save_file` (Scripts/learning/safetensors_check.py --write-fixture).
    @Test func readsFileWrittenByPython() throws {
        let file = try Safetensors.read(from: Self.fixtures.appendingPathComponent("python_written.safetensors"))
        #expect(file.metadata == ["producer": "safetensors-python"])
        for (name, t) in Self.reference() {
            #expect(file.tensors[name]?.shape == t.shape)
            #expect(file.tensors[name].map(bits) == bits(t), "\(name)")
        }
        // Float64 and Float16 values chosen to be exact in Float32.
        #expect(file.tensors["as_f64"]?.shape == [2, 2])
        #expect(file.tensors["as_f64"]?.values == [0.5, -2, 1e-3, 7])
        #expect(file.tensors["as_f16"]?.values == [1.5, -0.25, 65504])
    }

    @Test func checkpointRoundTripIsExact() throws {
        let model = TransformerEncoderLayer(modelDimension: 8, heads: 2, feedForwardDimension: 16,
                                            generator: SeededGenerator(seed: 1))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("learning-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url, metadata: ["model": "test"])
        let copy = TransformerEncoderLayer(modelDimension: 8, heads: 2, feedForwardDimension: 16,
                                           generator: SeededGenerator(seed: 2))
        #expect(copy.parameters.map(bits) != model.parameters.map(bits))
        try copy.load(from: url)
        #expect(copy.parameters.map(bits) == model.parameters.map(bits))
        let x = random([2, 3, 8], seed: 3)
        copy.isTraining = false
        model.isTraining = false
        #expect(bits(copy(x)) == bits(model(x)))
    }

    @Test func loadRejectsMismatches() throws {
        let layer = Linear(3, 2, generator: SeededGenerator(seed: 1))
        #expect(throws: StateDictError.missingParameter(name: "bias")) {
            try layer.load(stateDict: ["weight": Tensor(shape: [2, 3])])
        }
        #expect(throws: StateDictError.shapeMismatch(name: "weight", expected: [2, 3], found: [3, 2])) {
            try layer.load(stateDict: ["weight": Tensor(shape: [3, 2]), "bias": Tensor(shape: [2])])
        }
        #expect(throws: StateDictError.unexpectedParameter(name: "extra")) {
            try layer.load(stateDict: ["weight": Tensor(shape: [2, 3]), "bias": Tensor(shape: [2]), "extra": Tensor(scalar: 1)])
        }
        try layer.load(stateDict: ["weight": Tensor(shape: [2, 3]), "bias": Tensor(shape: [2]), "extra": Tensor(scalar: 1)],
                       strict: false)
        #expect(layer.weight.values == [0, 0, 0, 0, 0, 0])
    }

    /// Builds a file from a header string and `dataBytes` zero bytes.
    func file(header: String, dataBytes: Int) -> [UInt8] {
        var out: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { out.append(contentsOf: $0) }
        return out + Array(header.utf8) + [UInt8](repeating: 0, count: dataBytes)
    }

    @Test func typedErrors() {
        #expect(throws: SafetensorsError.truncated(offset: 3, needed: 5)) { try Safetensors.decode([1, 2, 3]) }
        #expect(throws: SafetensorsError.truncated(offset: 10, needed: 98)) {
            try Safetensors.decode([100, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D])
        }
        #expect(throws: SafetensorsError.invalidHeader(field: "", message: "not JSON")) {
            try Safetensors.decode(file(header: "{oops", dataBytes: 0))
        }
        #expect(throws: SafetensorsError.unsupportedDType(name: "a", dtype: "I64")) {
            try Safetensors.decode(file(header: #"{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, dataBytes: 8))
        }
        #expect(throws: SafetensorsError.invalidOffsets(name: "a", begin: 0, end: 4, expectedBytes: 8, dataBytes: 8)) {
            try Safetensors.decode(file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, dataBytes: 8))
        }
        #expect(throws: SafetensorsError.invalidHeader(field: "a.shape", message: "not a non-negative integer")) {
            try Safetensors.decode(file(header: #"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, dataBytes: 4))
        }
        #expect(throws: SafetensorsError.headerTooLarge(length: UInt64.max, limit: Safetensors.headerLimit)) {
            try Safetensors.decode([UInt8](repeating: 0xFF, count: 16))
        }
    }

    /// Seeded fuzz: 3,000 mutations of a valid file (byte flips, truncations, splices) must each
    /// decode or throw a `SafetensorsError` — never crash.
    @Test func fuzzedBytesDecodeOrThrowTypedErrors() {
        let valid = Safetensors.encode(Self.reference(), metadata: Self.metadata)
        let generator = SeededGenerator(seed: 2026)
        var decoded = 0, rejected = 0
        for _ in 0..<3_000 {
            var bytes = valid
            switch generator.index(below: 3) {
            case 0:
                for _ in 0..<(1 + generator.index(below: 4)) {
                    bytes[generator.index(below: bytes.count)] = UInt8(truncatingIfNeeded: generator.next())
                }
            case 1:
                bytes = Array(bytes.prefix(generator.index(below: bytes.count)))
            default:
                let a = generator.index(below: bytes.count), b = generator.index(below: bytes.count)
                var splice = [UInt8]("[]{}\",:0-9e".utf8)
                generator.shuffle(&splice)
                bytes.replaceSubrange(Swift.min(a, b)..<Swift.max(a, b), with: splice)
            }
            do {
                _ = try Safetensors.decode(bytes)
                decoded += 1
            } catch is SafetensorsError {
                rejected += 1
            } catch {
                Issue.record("untyped error \(error)")
            }
        }
        #expect(decoded + rejected == 3_000 && rejected > 1_000)
    }
}
