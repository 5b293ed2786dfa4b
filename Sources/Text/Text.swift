// Text: from UTF-8 to token ids, and a TF-IDF baseline. Knows nothing of Chemistry: it recognises
// formulas, site labels, space groups and units by their spelling only.
//
// Pipeline: `TextNormalizer` (utf8proc NFKC, case kept) → `PreTokenizer` (chemistry-aware units;
// words case folded, formulas and symbols not) → `BPETokenizer` (byte-level BPE learned from the
// corpus; `[CLS] … [SEP] [PAD]…` with an attention mask) → `TokenizedText`.
//
// Where things live:
// - `TextNormalizer.swift`, `TextError.swift` — normalisation, strict UTF-8 with byte offsets.
// - `PreToken.swift`, `PreTokenizer*.swift`, `SpaceGroupSymbols.swift` (generated) — pre-tokens.
// - `BPETokenizer*.swift`, `PairHeap.swift`, `TokenizedText.swift` — training (incremental pair
//   counts + a lazy max-heap), encoding (with a memo), batches, and `tokenizer.json`.
// - `TFIDFIndex.swift` — the text retrieval baseline of `matlas eval`.
//
// (No `enum Text` here: a type named like its module would break `Text.BPETokenizer` lookups.)
