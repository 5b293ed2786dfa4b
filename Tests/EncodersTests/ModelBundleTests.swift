import Chemistry
import Encoders
import Foundation
import Learning
import Testing

@Suite struct ModelBundleTests {
    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("matlas-bundle-\(UUID().uuidString)")
    }

    func inputs() throws -> [ModalityInput] {
        try Fixture.names.flatMap { try Fixture.inputs($0) }
    }

    @Test func saveLoadEmbedReproducesVectorsExactly() throws {
        let bundle = ModelBundle(untrained: .small, tokenizer: Fixture.tokenizer)
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try bundle.save(to: dir)
        for file in [ModelBundle.configFile, ModelBundle.weightsFile, ModelBundle.tokenizerFile] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path), "\(file)")
        }
        let loaded = try ModelBundle.load(from: dir)
        #expect(loaded.config == bundle.config)
        let all = try inputs()
        let before = try bundle.embed(batch: all)
        let after = try loaded.embed(batch: all)
        #expect(before == after)  // bit-identical: same weights, same code path
        // Single embedding agrees with the batched one (tolerance 1e-5: batch-size-dependent BLAS blocking).
        for (i, input) in all.enumerated() {
            let one = try loaded.embed(input)
            #expect(one.count == ModelConfig.small.dimension)
            #expect(zip(one, after[i]).allSatisfy { abs($0 - $1) < 1e-5 }, "\(input.modality)")
        }
    }

    @Test func embedEachKeepsGoingPastABadInput() throws {
        let bundle = ModelBundle(untrained: .small, tokenizer: Fixture.tokenizer)
        let good = ModalityInput.composition(try Composition(parsing: "LiFePO4"))
        let results = bundle.embedEach([good, .properties(["colour": 1]), .text("quartz")])
        #expect(try results[0].get() == bundle.embed(good))
        #expect(throws: EncoderError.unknownProperty(name: "colour")) { try results[1].get() }
        #expect(try results[2].get().count == ModelConfig.small.dimension)
    }

    @Test func fusedVectorIsTheNormalisedMean() {
        // (1,0) and (0,1) fuse to (1/√2, 1/√2); tolerance 1e-6.
        let f = ModelBundle.fuse([[1, 0], [0, 1]])
        #expect(abs(f[0] - Float(0.5).squareRoot()) < 1e-6 && abs(f[1] - Float(0.5).squareRoot()) < 1e-6)
        let w = ModelBundle.fuse([[1, 0], [0, 1]], weights: [3, 0])
        #expect(w == [1, 0])
        #expect(ModelBundle.fuse([[1, 0], [-1, 0]]) == [1, 0])  // zero mean falls back to the first
    }

    @Test func configRoundTripsAndMissingKeysTakeDefaults() throws {
        let small = ModelConfig.small
        #expect(try JSONDecoder().decode(ModelConfig.self, from: JSONEncoder().encode(small)) == small)
        let partial = #"{"dimension": 48, "spectrum": {"points": 256}}"#
        let c = try JSONDecoder().decode(ModelConfig.self, from: Data(partial.utf8))
        var expected = ModelConfig()
        expected.dimension = 48
        expected.spectrum.points = 256
        #expect(c == expected)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ModelConfig.self, from: Data(#"{"dimension": "wide"}"#.utf8))
        }
    }

    @Test func modelCardIsKept() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try ModelBundle(config: .small, model: MultiModalModel(config: .small, vocabularySize: Fixture.tokenizer.vocabularySize),
                        tokenizer: Fixture.tokenizer, modelCard: "# card\n").save(to: dir)
        // Saving a bundle without a card leaves the existing card alone.
        try ModelBundle(untrained: .small, tokenizer: Fixture.tokenizer).save(to: dir)
        #expect(try ModelBundle.load(from: dir).modelCard == "# card\n")
    }

    @Test func loadNamesTheBadFile() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: ModelBundleError.missingFile("config.json")) { try ModelBundle.load(from: dir) }
        try ModelBundle(untrained: .small, tokenizer: Fixture.tokenizer).save(to: dir)

        let weights = dir.appendingPathComponent(ModelBundle.weightsFile)
        let good = try Data(contentsOf: weights)
        try Data(good.prefix(100)).write(to: weights)
        #expect { try ModelBundle.load(from: dir) } throws: { ($0 as? ModelBundleError)?.file == "weights.safetensors" }
        try good.write(to: weights)

        // Weights that do not fit the config: a wider model's checkpoint.
        var wider = ModelConfig.small
        wider.dimension = 48
        try MultiModalModel(config: wider, vocabularySize: Fixture.tokenizer.vocabularySize).save(to: weights)
        #expect { try ModelBundle.load(from: dir) } throws: {
            guard case .weightsMismatch(let file, _)? = $0 as? ModelBundleError else { return false }
            return file == "weights.safetensors"
        }
        try good.write(to: weights)

        let config = dir.appendingPathComponent(ModelBundle.configFile)
        try Data("{\"dimension\": ".utf8).write(to: config)
        #expect { try ModelBundle.load(from: dir) } throws: { ($0 as? ModelBundleError)?.file == "config.json" }

        try FileManager.default.removeItem(at: dir.appendingPathComponent(ModelBundle.tokenizerFile))
        try ModelBundle(untrained: .small, tokenizer: Fixture.tokenizer).save(to: dir)
        try FileManager.default.removeItem(at: dir.appendingPathComponent(ModelBundle.tokenizerFile))
        #expect(throws: ModelBundleError.missingFile("tokenizer.json")) { try ModelBundle.load(from: dir) }
    }

    @Test func concurrentEmbeddingMatchesSerial() async throws {
        let bundle = ModelBundle(untrained: .small, tokenizer: Fixture.tokenizer)
        let all = try inputs()
        let serial = try all.map { try bundle.embed($0) }
        let parallel = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for round in 0..<4 {
                for (i, input) in all.enumerated() {
                    group.addTask { (i + 0 * round, try bundle.embed(input)) }
                }
            }
            var out: [(Int, [Float])] = []
            for try await r in group { out.append(r) }
            return out
        }
        #expect(parallel.count == 4 * all.count)
        for (i, v) in parallel { #expect(v == serial[i], "item \(i)") }
        // Gradient mode is task-local: a concurrent inference leaves the caller's mode on.
        #expect(Learning.isGradientEnabled)
    }

    @Test func aModelWithoutAModalityRefusesIt() throws {
        var config = ModelConfig.small
        config.modalities = [.composition]
        let bundle = ModelBundle(untrained: config, tokenizer: nil)
        #expect(throws: EncoderError.modalityUnavailable(.crystal)) {
            try bundle.embed(.crystal(try Fixture.crystal("halite")))
        }
        #expect(throws: EncoderError.modalityUnavailable(.text)) { try bundle.embed(.text("quartz")) }
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try bundle.save(to: dir)
        let loaded = try ModelBundle.load(from: dir)  // no tokenizer.json needed without text
        let v = try loaded.embed(.composition(try Composition(parsing: "Fe2O3")))
        #expect(v == (try bundle.embed(.composition(try Composition(parsing: "Fe2O3")))))
    }
}
