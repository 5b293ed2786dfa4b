import ArgumentParser
import Foundation
import Learning

/// `matlas bench learning`: three training steps (forward + backward + AdamW) timed against the
/// PyTorch CPU peer (`Benchmarks/learning/peer_torch.py`) in the same run at the same thread count.
///
/// Workloads (the peer builds the same ones):
/// - `mlp`: MLP 256→512→512→256 (ReLU), batch 256, MSE.
/// - `cnn1d`: batch 32 of 1×1024 signals, three conv1d (16, 32, 64 channels; kernels 7, 5, 3) with
///   ReLU and max-pool 2 after the first two, mean over length, linear 64→10, cross-entropy.
/// - `graph`: 2,000 nodes × 12 in-edges, node dim 64, edge dim 16, three CGCNN-style layers
///   (concat → linear 144→128 → sigmoid(gate)·softplus(core) → scatter-add → softplus(h + agg)),
///   mean pool, linear 64→1, MSE.
///
/// Reports the median ms/step, the speed ratio (PyTorch ms ÷ ours: above 1 means faster), and the
/// growth of peak RSS during each workload (Linux `clear_refs` resets the high-water mark).
struct BenchLearning: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learning",
        abstract: "Training-step speed of the Learning engine against PyTorch CPU.")

    @Option(help: "Threads for OpenBLAS, for our elementwise kernels, and for torch.set_num_threads.")
    var threads = 1

    @Option(help: "Timed steps per workload (the median is reported).")
    var steps = 20

    @Option(help: "Untimed warm-up steps per workload.")
    var warmup = 3

    @Option(help: "Comma-separated workloads: mlp, cnn1d, graph.")
    var workloads = "mlp,cnn1d,graph"

    @Option(help: "Python interpreter with torch for the peer.")
    var python = "/tmp/peers/bin/python"

    @Option(help: "Path of the peer script (relative paths: run from the repository root).")
    var peer = "Benchmarks/learning/peer_torch.py"

    @Flag(help: "Skip the PyTorch peer.")
    var noPeer = false

    func validate() throws {
        guard threads >= 1, steps >= 1, warmup >= 0 else {
            throw ValidationError("threads and steps must be ≥ 1, warmup ≥ 0")
        }
        let unknown = workloadNames.filter { !["mlp", "cnn1d", "graph"].contains($0) }
        guard unknown.isEmpty else { throw ValidationError("unknown workloads: \(unknown.joined(separator: ", "))") }
    }

    var workloadNames: [String] { workloads.split(separator: ",").map(String.init) }

    func run() async throws {
        Learning.setThreadCount(threads)
        print("Learning vs PyTorch CPU — \(threads) thread(s), median of \(steps) steps after \(warmup) warm-up")
        var ours: [String: Measurement] = [:]
        for name in workloadNames {
            ours[name] = BenchLearningWorkloads.measure(name, steps: steps, warmup: warmup)
        }
        let theirs = noPeer ? nil : runPeer()
        if let version = theirs?.version { print("peer: torch \(version)") }
        print("workload   ours ms  torch ms  speed (wall) | ours cpu ms  torch cpu ms  speed (cpu) | ours MB  torch MB")
        for name in workloadNames {
            guard let o = ours[name] else { continue }
            let t = theirs?.results[name]
            let cell = TablePrinter.cell
            let line = TablePrinter.label(name, 8)
                + cell(o.wallMs, "%.2f", 9) + cell(t?.wallMs, "%.2f", 10)
                + cell(t.map { $0.wallMs / o.wallMs }, "%.2f×", 14) + " |"
                + cell(o.cpuMs, "%.2f", 12) + cell(t?.cpuMs, "%.2f", 14)
                + cell(t.map { $0.cpuMs / o.cpuMs }, "%.2f×", 13) + " |"
                + cell(o.peakMB, "%.1f", 8) + cell(t?.peakMB, "%.1f", 10)
            print(line)
        }
        print("(medians per step; speed = torch ÷ ours, > 1 is faster; cpu = process CPU time, which is robust to")
        print(" other processes sharing the machine; MB = growth of peak RSS during the workload.)")
        let inference = BenchLearningWorkloads.inference()
        print(String(format: "inference, no-grad, one query (ours, median of 200): MLP 256→512→512→256 %.1f µs; "
                     + "transformer layer (32 tokens, d 128, 4 heads) %.1f µs", inference.mlp, inference.transformer))
    }

    /// Runs the peer script and parses its JSON line.
    func runPeer() -> (version: String, results: [String: Measurement])? {
        let arguments = ["--threads", "\(threads)", "--steps", "\(steps)", "--warmup", "\(warmup)",
                         "--workloads", workloadNames.joined(separator: ",")]
        return PeerProcess(python: python, script: peer).runJSON(arguments) { object in
            guard let workloads = object["workloads"] as? [String: [String: Double]] else { return nil }
            let results = workloads.mapValues {
                Measurement(wallMs: $0["ms_per_step"] ?? .nan, cpuMs: $0["cpu_ms_per_step"] ?? .nan, peakMB: $0["peak_mb"] ?? .nan)
            }
            return (object["torch"] as? String ?? "?", results)
        }
    }
}

/// One side's figures for one workload: median wall and CPU ms per step, peak-RSS growth in MB.
struct Measurement {
    var wallMs: Double
    var cpuMs: Double
    var peakMB: Double
}

/// The Swift side of the three workloads.
enum BenchLearningWorkloads {
    /// Median wall and CPU ms/step and peak-RSS growth (MB) of one workload.
    static func measure(_ name: String, steps: Int, warmup: Int) -> Measurement {
        resetPeakRSS()
        let startKB = procStatus("VmRSS")
        let step: () -> Void
        switch name {
        case "mlp": step = mlp()
        case "cnn1d": step = cnn1d()
        default: step = graph()
        }
        for _ in 0..<warmup { step() }
        var times: [Double] = [], cpu: [Double] = []
        for _ in 0..<steps {
            let watch = Stopwatch(), cpuStart = Timing.processCPUMilliseconds()
            step()
            times.append(watch.elapsedMilliseconds)
            cpu.append(Timing.processCPUMilliseconds() - cpuStart)
        }
        return Measurement(wallMs: Timing.median(times), cpuMs: Timing.median(cpu),
                           peakMB: Double(procStatus("VmHWM") - startKB) / 1024)
    }

    static func mse(_ y: Tensor, _ target: Tensor) -> Tensor { (y - target).pow(2).mean() }

    static func mlp() -> () -> Void {
        let g = SeededGenerator(seed: 0)
        let model = MLP(sizes: [256, 512, 512, 256], activation: .relu, generator: g)
        let x = Tensor.normal(shape: [256, 256], generator: g), y = Tensor.normal(shape: [256, 256], generator: g)
        let optimizer = AdamW(parameters: model.parameters, learningRate: 1e-3)
        return {
            optimizer.zeroGrad()
            mse(model(x), y).backward()
            optimizer.step()
        }
    }

    static func cnn1d() -> () -> Void {
        let g = SeededGenerator(seed: 0)
        let c1 = Conv1d(1, 16, kernelSize: 7, padding: 3, generator: g)
        let c2 = Conv1d(16, 32, kernelSize: 5, padding: 2, generator: g)
        let c3 = Conv1d(32, 64, kernelSize: 3, padding: 1, generator: g)
        let head = Linear(64, 10, generator: g)
        let x = Tensor.normal(shape: [32, 1, 1024], generator: g)
        let labels = (0..<32).map { _ in g.index(below: 10) }
        let optimizer = AdamW(parameters: c1.parameters + c2.parameters + c3.parameters + head.parameters,
                              learningRate: 1e-3)
        return {
            optimizer.zeroGrad()
            var h = c1(x).relu().maxPool1d(kernel: 2)
            h = c2(h).relu().maxPool1d(kernel: 2)
            let logits = head(c3(h).relu().mean(axes: [2]))
            Tensor.crossEntropy(logits: logits, targets: labels).backward()
            optimizer.step()
        }
    }

    static func graph() -> () -> Void {
        let g = SeededGenerator(seed: 0)
        let nodes = 2000, degree = 12, dim = 64
        let layers = (0..<3).map { _ in Linear(2 * dim + 16, 2 * dim, generator: g) }
        let head = Linear(dim, 1, generator: g)
        let h0 = Tensor.normal(shape: [nodes, dim], generator: g)
        let dst = (0..<(nodes * degree)).map { $0 / degree }
        let src = (0..<(nodes * degree)).map { _ in g.index(below: nodes) }
        let e = Tensor.uniform(shape: [nodes * degree, 16], low: 0, high: 1, generator: g)
        let target = Tensor(shape: [1, 1])
        let optimizer = AdamW(parameters: layers.flatMap(\.parameters) + head.parameters, learningRate: 1e-3)
        return {
            optimizer.zeroGrad()
            var h = h0
            for layer in layers {
                let z = layer(Tensor.concat([h.indexSelect(src), h.indexSelect(dst), e], axis: 1))
                let parts = z.split(sizes: [dim, dim], axis: 1)
                let message = parts[0].sigmoid() * parts[1].softplus()
                h = (h + message.scatterAdd(index: dst, count: nodes)).softplus()
            }
            mse(head(h.mean(axes: [0], keepingDimensions: true)), target).backward()
            optimizer.step()
        }
    }

    /// Median µs of one no-grad forward pass for a single query: (MLP, transformer layer).
    static func inference() -> (mlp: Double, transformer: Double) {
        let g = SeededGenerator(seed: 1)
        let mlp = MLP(sizes: [256, 512, 512, 256], generator: g)
        mlp.isTraining = false
        let layer = TransformerEncoderLayer(modelDimension: 128, heads: 4, feedForwardDimension: 512, generator: g)
        layer.isTraining = false
        let query = Tensor.normal(shape: [1, 256], generator: g), tokens = Tensor.normal(shape: [1, 32, 128], generator: g)
        func microseconds(_ body: () -> Void) -> Double {
            1e3 * Timing.medianWallMilliseconds(warmup: 20, runs: 200) { _ in body() }
        }
        return Learning.withGradientsDisabled {
            (microseconds { _ = mlp(query) }, microseconds { _ = layer(tokens) })
        }
    }

    /// Resets the peak-RSS mark (Linux: writing 5 to /proc/self/clear_refs); a no-op elsewhere.
    static func resetPeakRSS() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// A kB field of /proc/self/status (0 where unavailable).
    static func procStatus(_ field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
