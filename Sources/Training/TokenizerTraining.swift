import Corpus
import Text

/// The text tokenizer of a model: byte-level BPE (Text module) learned from the training split's
/// texts (robocrys descriptions, source-paper titles) and the unpaired arXiv cond-mat pool.
public enum TokenizerTraining {
    /// The texts the tokenizer learns from: `records`' descriptions and titles, then every title and
    /// abstract of the unpaired pool at `unpairedFile` (skipped when nil or unreadable lines).
    public static func texts(records: [MaterialRecord], unpairedFile: String?) throws -> [String] {
        var texts: [String] = []
        for r in records {
            if let d = r.description?.text { texts.append(d) }
            if let t = r.sourceArticle?.title { texts.append(t) }
        }
        if let unpairedFile {
            let reader = try CorpusReader<TextRecord>(path: unpairedFile)
            try reader.forEach(onError: { _ in }) { record in
                texts.append(record.title)
                if let a = record.abstract { texts.append(a) }
            }
        }
        return texts
    }

    /// Learns the BPE vocabulary (`vocabularySize` ids at most).
    public static func train(texts: [String], vocabularySize: Int) -> BPETokenizer {
        BPETokenizer.train(texts: texts, vocabularySize: vocabularySize, minFrequency: 2)
    }
}
