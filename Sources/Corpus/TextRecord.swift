/// One unpaired text of `Corpora/text/arxiv-condmat.jsonl.gz`: an arXiv cond-mat title (and, for
/// 490 of them, the abstract), from the jarvis-leaderboard benchmarks.
public struct TextRecord: Decodable, Hashable, Sendable {
    /// `arxiv:<arXiv id>`.
    public var id: String
    public var arxivID: String
    public var title: String
    /// The primary cond-mat category (`cond-mat.mtrl-sci`), when the benchmark gives one.
    public var category: String?
    public var abstract: String?
    /// The jarvis-leaderboard benchmark's own `train`/`test` label (not a Matlas split).
    public var benchmarkSplit: String?

    enum CodingKeys: String, CodingKey {
        case id, title, category, abstract
        case arxivID = "arxiv_id"
        case benchmarkSplit = "benchmark_split"
    }
}
