import ArgumentParser
import Foundation
import Text

/// `matlas bench text`: pre-tokenisation, BPE training and encoding speed on a real corpus, against
/// Hugging Face `tokenizers` (`Benchmarks/text/peer_tokenizers.py`) run on the same corpus in the
/// same run.
///
/// The corpus is one text per line (`Scripts/text/make_text_corpus.py` writes ~101k: robocrys
/// descriptions, AMCSD titles, arXiv cond-mat titles). Both sides train a byte-level BPE of the
/// same vocabulary size and minimum frequency on one thread, then encode every text once on one
/// thread (ours: `encode` in a loop; the peer: Rust `encode_batch` with one Rayon thread) and once
/// as a batch on `--threads` threads. Ours starts each pass with an empty encode cache. The
/// pre-tokenisers differ (ours is chemistry-aware, the peer's is GPT-2's regex), so token counts
/// differ too; both are printed.
struct BenchText: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Tokenizer training and encoding speed against Hugging Face tokenizers.")

    @Option(help: "Corpus file, one text per line.")
    var corpus = "/tmp/matlas-text-corpus.txt"

    @Option(help: "Vocabulary size (special tokens + 256 bytes + merges).")
    var vocabularySize = 8000

    @Option(help: "Minimum pair frequency for a merge.")
    var minFrequency = 2

    @Option(help: "Threads for the batch encode (both sides).")
    var threads = 2

    @Option(help: "Write the trained tokenizer.json here.")
    var out: String?

    @Option(help: "Python interpreter with tokenizers for the peer.")
    var python = "/tmp/peers/bin/python"

    @Option(help: "Path of the peer script.")
    var peer = "Benchmarks/text/peer_tokenizers.py"

    @Flag(help: "Skip the tokenizers peer.")
    var noPeer = false

    func validate() throws {
        guard vocabularySize >= Int(BPETokenizer.firstMergeID) else {
            throw ValidationError("vocabulary-size must be at least \(BPETokenizer.firstMergeID)")
        }
        guard minFrequency >= 1, threads >= 1 else { throw ValidationError("min-frequency and threads must be at least 1") }
    }

    func run() async throws {
        let texts = try String(contentsOfFile: corpus, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let bytes = texts.reduce(0) { $0 + $1.utf8.count }
        print("Text tokenizer vs Hugging Face tokenizers — \(texts.count) texts, \(bytes / 1_000_000) MB")

        let pre = PreTokenizer()
        var watch = Stopwatch()
        var preTokens = 0
        for text in texts { preTokens += pre.pretokenize(text).count }
        let preSeconds = watch.elapsedSeconds

        watch = Stopwatch()
        let trained = BPETokenizer.train(texts: texts, vocabularySize: vocabularySize, minFrequency: minFrequency)
        let trainSeconds = watch.elapsedSeconds
        if let out { try trained.save(to: URL(fileURLWithPath: out)) }

        // A fresh copy from JSON: encode with an empty cache, as a loaded model would.
        let tokenizer = try BPETokenizer.load(from: trained.jsonData())
        watch = Stopwatch()
        var tokens = 0
        for text in texts { tokens += tokenizer.encode(text).count }
        let encodeSeconds = watch.elapsedSeconds
        let batchTokenizer = try BPETokenizer.load(from: trained.jsonData())
        watch = Stopwatch()
        let batch = batchTokenizer.encode(batch: texts, maxLength: 128, threads: threads)
        let batchSeconds = watch.elapsedSeconds
        precondition(batch.count == texts.count)
        var roundTrips = 0
        for text in texts.prefix(10_000) where tokenizer.decode(tokenizer.encode(text)) == tokenizer.canonicalText(text) {
            roundTrips += 1
        }

        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("matlas-bench-text-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: saved) }
        let theirs = noPeer ? nil : runPeer(["--threads", "1", "--save", saved])
        let theirsBatch = noPeer || threads == 1 ? theirs : runPeer(["--threads", "\(threads)", "--load", saved])
        print(String(format: "pre-tokenise: %.0f texts/s (%d pre-tokens)", Double(texts.count) / preSeconds, preTokens))
        print("round trips exact: \(roundTrips)/\(min(10_000, texts.count))")
        print("measure                          ours        tokenizers  ratio")
        row("train \(vocabularySize), 1 thread (s)", trainSeconds, theirs?["train_seconds"], lowerIsBetter: true)
        row("encode, 1 thread (texts/s)", Double(texts.count) / encodeSeconds, theirs?["encode_batch_texts_per_second"], lowerIsBetter: false)
        row("encode, \(threads) threads (texts/s)", Double(texts.count) / batchSeconds, theirsBatch?["encode_batch_texts_per_second"], lowerIsBetter: false)
        row("tokens per text", Double(tokens) / Double(texts.count), theirs.map { ($0["tokens"] ?? .nan) / Double(texts.count) }, lowerIsBetter: true)
        print("vocabulary: ours \(tokenizer.vocabularySize), tokenizers \(theirs?["vocabulary_size"].map { String(Int($0)) } ?? "—")")
        if let loop = theirs?["encode_loop_texts_per_second"] {
            print(String(format: "(peer's Python loop over encode(): %.0f texts/s)", loop))
        }
        print("(ratio: > 1 means ours is better. Shared machine: figures are indicative.)")
    }

    func row(_ name: String, _ ours: Double, _ theirs: Double?, lowerIsBetter: Bool) {
        let ratio = theirs.map { lowerIsBetter ? $0 / ours : ours / $0 }
        print(TablePrinter.label(name, 30) + " " + TablePrinter.cell(ours, "%.2f", 10)
              + "  " + TablePrinter.cell(theirs, "%.2f", 14) + "  " + TablePrinter.cell(ratio, "%.2f×", 0))
    }

    /// Runs the peer script and parses its JSON line.
    func runPeer(_ extra: [String]) -> [String: Double]? {
        let arguments = ["--corpus", corpus, "--vocabulary-size", "\(vocabularySize)", "--min-frequency", "\(minFrequency)"]
        return PeerProcess(python: python, script: peer).runJSON(arguments + extra) { object in
            if let version = object["tokenizers"] as? String { print("peer: tokenizers \(version)") }
            return object.compactMapValues { $0 as? Double ?? ($0 as? Int).map(Double.init) }
        }
    }
}
