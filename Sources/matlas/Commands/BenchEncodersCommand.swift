import ArgumentParser
import Chemistry
import Dispatch
import Encoders
import Foundation
import Imaging
import Learning
import Text

/// `matlas bench encoders`: per modality, single-item embedding latency (featurise + encode, one
/// query as the server sees it), batched throughput at 1 and 2 threads (2 = two concurrent callers
/// of one shared bundle, one BLAS thread each), and the training cost (forward + backward of one
/// batch) that sizes a full training run.
///
/// Inputs are real: the crystals of `--cif-directory` (default: the EncodersTests fixtures), their
/// formulas, their simulated Cu Kα XRD patterns and HAADF-STEM images, short descriptions and
/// densities. Without `--model` an untrained bundle of the default configuration is used (same
/// cost as a trained one). The PyTorch CPU peer (`Benchmarks/encoders/peer_torch.py`) builds the
/// same six encoders and times them on the same batch shapes in the same run; ratios are torch ÷
/// ours. The figures feed the issue's latency target (< 5 ms per text/composition/spectrum query)
/// and the training-time budget (≤ 45 min for the full training).
struct BenchEncoders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encoders",
        abstract: "Encoder latency, throughput (1 and 2 threads) and training cost per modality.")

    @Option(help: "A model bundle directory (default: an untrained default-config model).")
    var model: String?

    @Option(help: "Directory of CIF files to draw crystals from.")
    var cifDirectory = "Tests/EncodersTests/Fixtures/cif"

    @Option(help: "Items per throughput measurement.")
    var items = 256

    @Option(help: "Batch size for throughput and training steps.")
    var batch = 64

    @Option(help: "Single-item embeddings timed per modality (median reported).")
    var queries = 100

    @Option(help: "Training steps timed per modality (median reported).")
    var steps = 3

    @Option(help: "Python interpreter with torch for the peer.")
    var python = "/tmp/peers/bin/python"

    @Option(help: "Path of the peer script (relative paths: run from the repository root).")
    var peer = "Benchmarks/encoders/peer_torch.py"

    @Flag(help: "Skip the PyTorch peer.")
    var noPeer = false

    @Option(help: "Comma-separated modalities (default: all).")
    var modalities = Modality.allCases.map(\.rawValue).joined(separator: ",")

    func validate() throws {
        guard items >= 2, batch >= 1, queries >= 1, steps >= 1 else {
            throw ValidationError("items ≥ 2, batch, queries and steps ≥ 1")
        }
        for m in modalities.split(separator: ",") where Modality(rawValue: String(m)) == nil {
            throw ValidationError("unknown modality '\(m)'")
        }
    }

    func run() async throws {
        Learning.setThreadCount(1)
        let bundle: ModelBundle
        if let model {
            bundle = try ModelBundle.load(from: URL(fileURLWithPath: model))
        } else {
            let tokenizer = BPETokenizer.train(texts: BenchEncoderInputs.texts, vocabularySize: 2000, minFrequency: 1)
            bundle = ModelBundle(untrained: ModelConfig(), tokenizer: tokenizer)
        }
        let pool = try BenchEncoderInputs.make(cifDirectory: cifDirectory, count: items)
        let chosen = modalities.split(separator: ",").compactMap { Modality(rawValue: String($0)) }
            .filter { bundle.config.modalities.contains($0) && !(pool[$0] ?? []).isEmpty }
        print("Encoders — dimension \(bundle.dimension), \(bundle.model.parameterCount) parameters "
              + "(\(String(format: "%.1f", Double(bundle.model.parameterCount * 4) / 1e6)) MB f32); release build expected;")
        print("a shared 2-core machine, so wall-clock figures are indicative; training cost is process CPU time.")

        // Pre-featurised single items and training batches (the peer gets the same shapes).
        var singles: [Modality: ItemFeatures] = [:], batches: [Modality: [ItemFeatures]] = [:]
        for m in chosen {
            let features = try pool[m]!.prefix(batch).map { try bundle.featurizer.features($0) }
            singles[m] = features[0]
            batches[m] = (0..<batch).map { features[$0 % features.count] }
        }
        var rows: [Modality: Row] = [:]
        for m in chosen {
            let inputs = pool[m]!
            var row = Row()
            row.embed = try measureLatency { _ = try bundle.embed(inputs[$0 % inputs.count]) }
            row.encode = try measureLatency { _ in _ = try bundle.embed(features: [singles[m]!]) }
            row.perSecond1 = try throughput(bundle, inputs, workers: 1)
            row.perSecond2 = try throughput(bundle, inputs, workers: 2)
            row.trainCPU = try trainingStep(bundle.model, batches[m]!)
            rows[m] = row
        }
        let peerResults = noPeer ? nil : runPeer(bundle: bundle, singles: singles, batches: batches)
        if let version = peerResults?.version { print("peer: PyTorch \(version) CPU, 1 thread, same layers and batch shapes") }
        print("modality     embed ms  encode ms  torch ms  speed |  items/s 1 thr  2 thr | train CPU ms/\(batch)  torch  speed")
        var total = 0.0
        for m in chosen {
            let r = rows[m]!, t = peerResults?.results[m.rawValue]
            let cell = TablePrinter.cell
            print(TablePrinter.label(m.rawValue, 11)
                  + cell(r.embed, "%.3f", 9) + cell(r.encode, "%.3f", 11) + cell(t?.latency, "%.3f", 10)
                  + cell(t.map { $0.latency / r.encode }, "%.2f×", 7) + " |"
                  + cell(r.perSecond1, "%.0f", 15) + cell(r.perSecond2, "%.0f", 7) + " |"
                  + cell(r.trainCPU, "%.1f", 19) + cell(t?.trainCPU, "%.1f", 7)
                  + cell(t.map { $0.trainCPU / r.trainCPU }, "%.2f×", 7))
            total += r.trainCPU
        }
        print("(ms: medians of \(queries) single-item calls; embed = featurise + encode, encode = the network only;")
        print(" speed = torch ÷ ours, > 1 is faster; 2 thr = two concurrent callers sharing one bundle.)")
        let stepsPerEpoch = (7000 + batch - 1) / batch
        print(String(format: "training: all listed encoders, one batch of %d forward+backward: %.0f CPU ms;", batch, total))
        print(String(format: "→ 7,000 materials × 20 epochs ≈ %.1f CPU min of encoder compute, before featurisation",
                     total * Double(stepsPerEpoch * 20) / 60_000))
        print("  (XRD/STEM simulation) and the optimiser step.")
    }

    struct Row {
        var embed = 0.0, encode = 0.0, perSecond1 = 0.0, perSecond2 = 0.0, trainCPU = 0.0
    }

    /// Median ms of `body(i)` over `queries` calls after 5 warm-up calls.
    func measureLatency(_ body: (Int) throws -> Void) throws -> Double {
        try Timing.medianWallMilliseconds(warmup: 5, runs: queries, body)
    }

    /// Runs the PyTorch peer on the same shapes; nil when it cannot run.
    func runPeer(bundle: ModelBundle, singles: [Modality: ItemFeatures], batches: [Modality: [ItemFeatures]])
        -> (version: String, results: [String: (latency: Double, trainCPU: Double)])? {
        var modalities: [String: Any] = [:]
        for (m, single) in singles {
            modalities[m.rawValue] = ["single": BenchEncoderInputs.describe([single]),
                                      "batch": BenchEncoderInputs.describe(batches[m]!)]
        }
        let specURL = FileManager.default.temporaryDirectory.appendingPathComponent("bench-encoders-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: specURL) }
        do {
            let config = try JSONSerialization.jsonObject(with: JSONEncoder().encode(bundle.config))
            let spec: [String: Any] = ["config": config, "vocab": bundle.model.text?.vocabularySize ?? 261,
                                       "threads": 1, "steps": steps, "queries": queries, "modalities": modalities]
            try JSONSerialization.data(withJSONObject: spec).write(to: specURL)
        } catch {
            print("peer not run: \(error)")
            return nil
        }
        return PeerProcess(python: python, script: peer).runJSON([specURL.path]) { object in
            guard let results = object["modalities"] as? [String: [String: Double]] else { return nil }
            return (object["torch"] as? String ?? "?",
                    results.mapValues { ($0["latency_ms"] ?? .nan, $0["train_cpu_ms"] ?? .nan) })
        }
    }

    /// Items per second embedding all `inputs` in batches, split over `workers` concurrent callers.
    func throughput(_ bundle: ModelBundle, _ inputs: [ModalityInput], workers: Int) throws -> Double {
        let size = batch
        let failures = BenchFailureBox()
        // Repeat whole passes until at least 0.3 s has elapsed, so fast modalities are not timing noise.
        var passes = 0
        let watch = Stopwatch()
        var elapsed = 0.0
        repeat {
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let mine = stride(from: w, to: inputs.count, by: workers).map { inputs[$0] }
                var i = 0
                while i < mine.count {
                    do { _ = try bundle.embed(batch: Array(mine[i..<Swift.min(i + size, mine.count)])) } catch {
                        failures.record(error)
                    }
                    i += size
                }
            }
            if let error = failures.first { throw error }
            passes += 1
            elapsed = watch.elapsedSeconds
        } while elapsed < 0.3
        return Double(inputs.count * passes) / elapsed
    }

    /// Median CPU ms (process CPU time: robust to other processes on a shared machine) of forward +
    /// backward of one batch (a dot-product loss against a fixed direction).
    func trainingStep(_ model: MultiModalModel, _ features: [ItemFeatures]) throws -> Double {
        model.setTraining(true)
        defer { model.setTraining(false) }
        var times: [Double] = []
        for step in 0...steps {
            model.zeroGrad()
            let start = Timing.processCPUMilliseconds()
            let z = try model.encode(features)
            let target = Tensor(shape: [1, z.shape[1]], repeating: 1 / Float(z.shape[1]).squareRoot())
            (z * target).sum().backward()
            if step > 0 { times.append(Timing.processCPUMilliseconds() - start) }
        }
        model.zeroGrad()
        return Timing.median(times)
    }
}

/// The first error thrown by concurrent workers.
private final class BenchFailureBox: @unchecked Sendable {
    private let lock = NSLock()  // guards `error`
    private var error: Error?
    func record(_ e: Error) { lock.withLock { if error == nil { error = e } } }
    var first: Error? { lock.withLock { error } }
}

/// Real inputs of every modality, built from CIF files.
enum BenchEncoderInputs {
    static let texts = [
        "olivine-type lithium iron phosphate, orthorhombic Pnma, corner-sharing PO4 tetrahedra and FeO6 octahedra",
        "quartz SiO2 trigonal P3_221 framework of corner-sharing SiO4 tetrahedra",
        "Structure and elastic properties of quartz at pressure",
        "halite NaCl rock salt Fm-3m, Na bonded to six equivalent Cl atoms to form edge-sharing NaCl6 octahedra",
        "hematite Fe2O3 corundum-type R-3c; Fe3+ is bonded to six O2- atoms to form distorted FeO6 octahedra",
        "The crystal structure of a new layered lithium cobalt oxide LiCoO2 refined from neutron powder data at 10 K",
    ]

    static func make(cifDirectory: String, count: Int) throws -> [Modality: [ModalityInput]] {
        let dir = URL(fileURLWithPath: cifDirectory)
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "cif" }.sorted { $0.path < $1.path }
        var crystals: [Crystal] = []
        for f in files {
            if let c = try? CrystalFile.read(f.path) { crystals.append(c) }
        }
        guard !crystals.isEmpty else { throw ValidationError("no readable CIF in \(cifDirectory)") }
        var out: [Modality: [ModalityInput]] = [:]
        for (i, c) in crystals.enumerated() {
            out[.crystal, default: []].append(.crystal(c))
            out[.composition, default: []].append(.composition(c.composition))
            if let p = try? XRDCalculator(wavelength: .cuKalpha, twoThetaRange: 5...90).pattern(for: c) {
                let profile = p.profile(over: 5...90, step: 0.02, fwhm: 0.1)
                out[.spectrum, default: []].append(.spectrum(.profile(x: profile.twoTheta, y: profile.intensity)))
                out[.spectrum, default: []].append(.spectrum(SpectrumInput(pattern: p)))
            }
            if let sim = try? STEMSimulator(crystal: c, zoneAxis: SIMD3(0, 0, 1)),
               let g = try? sim.render(STEMSettings(width: 96, height: 96, pixelSize: 0.2), seed: UInt64(i)) {
                out[.micrograph, default: []].append(.micrograph(Image(width: g.width, height: g.height, gray: g.pixels), pixelSize: nil))
            }
            out[.properties, default: []].append(.properties(["density": c.density, "volume_per_site":
                c.lattice.volume / Double(Swift.max(c.sites.count, 1))]))
        }
        out[.text] = texts.map { .text($0) }
        // Cycle each modality's inputs up to `count`.
        return out.mapValues { list in (0..<count).map { list[$0 % list.count] } }
    }
}

extension BenchEncoderInputs {
    /// The index arrays and sizes of a batch, as the peer script reads them.
    static func describe(_ items: [ItemFeatures]) -> [String: Any] {
        switch items[0].modality {
        case .crystal:
            let b = CrystalBatch(items.compactMap { if case .crystal(let f) = $0 { f } else { nil } })
            return ["count": b.count, "nodeCount": b.nodeCount, "occupantNode": b.occupantNode,
                    "occupantElement": b.occupantElement, "edgeSource": b.edgeSource,
                    "edgeDestination": b.edgeDestination, "nodeGraph": b.nodeGraph]
        case .composition:
            let f = items.compactMap { if case .composition(let f) = $0 { f } else { nil } }
            return ["count": f.count, "elements": f.flatMap { $0.elements.map(Int.init) },
                    "fractions": f.flatMap { $0.fractions.map(Double.init) },
                    "set": f.enumerated().flatMap { i, x in [Int](repeating: i, count: x.elements.count) }]
        case .text:
            let f = items.compactMap { if case .text(let f) = $0 { f } else { nil } }
            return ["count": f.count, "ids": f.flatMap { $0.ids.map(Int.init) }, "mask": f.flatMap { $0.mask.map(Double.init) }]
        case .spectrum, .micrograph, .properties:
            return ["count": items.count]
        }
    }
}
