/// Corpus: streams Matlas's `Corpora/` files (gzip-compressed JSON Lines) into typed records.
///
/// Where things live:
/// - `GzipLineReader.swift` — zlib's `gzread` behind a line splitter (plain text files read too).
/// - `CorpusReader.swift` — one decoded record per line; a malformed line throws `CorpusError`
///   with the file and line, and the reader carries on with the next line.
/// - `MaterialRecord*.swift` — one material of `Corpora/amcsd/materials.jsonl.gz` (schema:
///   `Corpora/amcsd/SCHEMA.md`), its crystal via `Crystal(cif:)` and its formula as a `Composition`.
/// - `CorpusSplit.swift` — the fixed train / validation / test split stored with each record.
/// - `TextRecord.swift` — one unpaired text of `Corpora/text/arxiv-condmat.jsonl.gz`.
public enum Corpus {}
