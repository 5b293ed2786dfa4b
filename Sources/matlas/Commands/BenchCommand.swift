import ArgumentParser

/// `matlas bench`: benchmarks that measure Matlas against a peer in the same run and print ratios.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks against peers (pymatgen, PyTorch CPU, hnswlib, HF tokenizers), measured in one run.",
        subcommands: [
            BenchEncoders.self,
            BenchIndex.self,
            BenchLearning.self,
            BenchServer.self,
            BenchText.self,
            BenchXRD.self,
        ])
}
