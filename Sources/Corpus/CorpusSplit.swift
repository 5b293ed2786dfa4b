/// The fixed split stored with every corpus record (`split` field; `Corpora/amcsd/split.json`).
///
/// Records are grouped so that repeat refinements, polymorphs and synthetic analogues of one
/// mineral share a group: a group joins every normalised mineral name and reduced formula that
/// co-occur. The group's key is hashed (SHA-256, first 8 bytes mod 100) into 80 / 10 / 10 buckets,
/// so a group never straddles two splits. Computed by `Scripts/corpus/build.py`.
public enum CorpusSplit: String, Codable, Hashable, Sendable, CaseIterable {
    case train
    case validation
    case test
}

extension CorpusReader where Record == MaterialRecord {
    /// Every remaining record of one split, skipping none silently: a malformed line throws.
    /// - Throws: `CorpusError` for the first malformed line.
    public func records(in split: CorpusSplit) throws -> [MaterialRecord] {
        var out: [MaterialRecord] = []
        try forEach { record in
            if record.split == split { out.append(record) }
        }
        return out
    }
}
