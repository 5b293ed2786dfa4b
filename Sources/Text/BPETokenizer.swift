/// A byte-level BPE tokenizer over chemistry-aware pre-tokens.
///
/// Why byte-level BPE: every input has an encoding (the 256 byte tokens are always in the
/// vocabulary), so unknown characters never produce `[UNK]` or a crash; merges are learned from the
/// corpus, and none crosses a pre-token (``PreTokenizer``), so `LiCoO2`, `P2_1/c` or `2.96` are
/// segmented on their own. A pre-token that followed white space carries a leading space byte
/// (as in GPT-2), which lets ``decode(_:)`` rebuild the normalised text exactly.
///
/// Ids: 0…4 are the special tokens (``SpecialToken``), 5…260 the bytes 0…255, and 261… the merges
/// in the order they were learned (so a merge's rank is its id).
public struct BPETokenizer: Sendable {
    /// The special tokens, with fixed ids 0…4.
    public enum SpecialToken: Int32, CaseIterable, Sendable {
        case pad = 0, unknown, classification, separator, mask

        /// The conventional spelling (`"[PAD]"`, `"[UNK]"`, `"[CLS]"`, `"[SEP]"`, `"[MASK]"`).
        public var text: String {
            switch self {
            case .pad: return "[PAD]"
            case .unknown: return "[UNK]"
            case .classification: return "[CLS]"
            case .separator: return "[SEP]"
            case .mask: return "[MASK]"
            }
        }

        /// The token id.
        public var id: Int32 { rawValue }
    }

    /// One learned merge: two token ids that become one.
    public struct Merge: Hashable, Sendable {
        public var left: Int32
        public var right: Int32

        public init(left: Int32, right: Int32) {
            self.left = left
            self.right = right
        }
    }

    /// The id of byte 0; byte `b` has id `firstByteID + b`.
    public static let firstByteID: Int32 = 5
    /// The id of the first merge.
    public static let firstMergeID: Int32 = 261

    /// The merges, in the order learned; merge `k` produced id `firstMergeID + k`.
    public let merges: [Merge]
    /// The pre-tokeniser applied before byte-pair merging.
    public let preTokenizer: PreTokenizer
    /// Merge look-up: packed pair → resulting id (which is also its rank).
    let mergeIDs: [UInt64: Int32]
    /// The bytes each id stands for (empty for special tokens).
    let tokenBytes: [[UInt8]]
    /// Memo of encoded pre-tokens (a cache only: results never depend on it).
    let cache = EncodeCache()

    /// Builds a tokenizer from learned merges.
    /// - Precondition: each merge refers only to ids defined before it (checked by ``load(from:)`` for files).
    public init(merges: [Merge], preTokenizer: PreTokenizer = PreTokenizer()) {
        self.merges = merges
        self.preTokenizer = preTokenizer
        var bytes: [[UInt8]] = Array(repeating: [], count: Int(Self.firstByteID))
        for b in 0...255 { bytes.append([UInt8(b)]) }
        var ids: [UInt64: Int32] = [:]
        ids.reserveCapacity(merges.count)
        for (k, merge) in merges.enumerated() {
            let id = Self.firstMergeID + Int32(k)
            precondition(merge.left >= Self.firstByteID && merge.left < id && merge.right >= Self.firstByteID && merge.right < id,
                         "merge \(k) refers to an id not yet defined")
            bytes.append(bytes[Int(merge.left)] + bytes[Int(merge.right)])
            ids[Self.key(merge.left, merge.right)] = id
        }
        self.mergeIDs = ids
        self.tokenBytes = bytes
    }

    /// The number of ids: special tokens + 256 bytes + merges.
    public var vocabularySize: Int { Int(Self.firstMergeID) + merges.count }

    /// The bytes of token `id` (empty for a special token). - Precondition: `id` is in the vocabulary.
    public func bytes(of id: Int32) -> [UInt8] { tokenBytes[Int(id)] }

    static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }

    /// The byte sequence BPE sees for one pre-token.
    static func bytes(of token: PreToken) -> [UInt8] {
        var bytes: [UInt8] = token.followsSpace ? [0x20] : []
        bytes.append(contentsOf: token.text.utf8)
        return bytes
    }

    // MARK: encoding

    /// The token ids of `text`, without special tokens.
    /// - Complexity: O(n·m²) for n pre-tokens of at most m bytes (pre-tokens are short).
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        var symbols: [Int32] = []
        for token in preTokenizer.pretokenize(text) {
            let bytes = Self.bytes(of: token)
            if let cached = cache.ids(for: bytes) {
                ids.append(contentsOf: cached)
            } else {
                apply(to: bytes, symbols: &symbols)
                cache.store(symbols, for: bytes)
                ids.append(contentsOf: symbols)
            }
        }
        return ids
    }

    /// Model input for `text`: `[CLS]`, its tokens (cut to fit), `[SEP]`, then `[PAD]` to `maxLength`.
    /// - Parameter maxLength: the length of the result, at least 2.
    public func encode(_ text: String, maxLength: Int) -> TokenizedText {
        precondition(maxLength >= 2, "maxLength must leave room for [CLS] and [SEP]")
        let body = encode(text)
        let kept = min(body.count, maxLength - 2)
        var ids: [Int32] = [SpecialToken.classification.id]
        ids.reserveCapacity(maxLength)
        ids.append(contentsOf: body[..<kept])
        ids.append(SpecialToken.separator.id)
        let real = ids.count
        ids.append(contentsOf: repeatElement(SpecialToken.pad.id, count: maxLength - real))
        var mask = [Int32](repeating: 1, count: real)
        mask.append(contentsOf: repeatElement(0, count: maxLength - real))
        return TokenizedText(ids: ids, attentionMask: mask, isTruncated: kept < body.count)
    }

    /// Applies the merges to one pre-token's bytes, lowest rank first, every occurrence left to
    /// right (the same rule as training), leaving the result in `symbols`.
    func apply(to bytes: [UInt8], symbols: inout [Int32]) {
        symbols.removeAll(keepingCapacity: true)
        for b in bytes { symbols.append(Self.firstByteID + Int32(b)) }
        while symbols.count > 1 {
            var best = Int32.max
            for k in 0..<(symbols.count - 1) {
                if let id = mergeIDs[Self.key(symbols[k], symbols[k + 1])], id < best { best = id }
            }
            if best == Int32.max { break }
            let merge = merges[Int(best - Self.firstMergeID)]
            var write = 0
            var read = 0
            while read < symbols.count {
                if read + 1 < symbols.count, symbols[read] == merge.left, symbols[read + 1] == merge.right {
                    symbols[write] = best
                    read += 2
                } else {
                    symbols[write] = symbols[read]
                    read += 1
                }
                write += 1
            }
            symbols.removeLast(symbols.count - write)
        }
    }

    // MARK: decoding

    /// The normalised text `ids` stand for: special tokens are skipped, ids outside the vocabulary
    /// are skipped, and bytes that do not form UTF-8 become U+FFFD. A leading space is dropped.
    public func decode(_ ids: some Sequence<Int32>) -> String {
        var bytes: [UInt8] = []
        for id in ids where id >= Self.firstByteID && Int(id) < tokenBytes.count {
            bytes.append(contentsOf: tokenBytes[Int(id)])
        }
        if bytes.first == 0x20 { bytes.removeFirst() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text ``decode(_:)`` returns for a round trip of `text`: its pre-tokens joined with single spaces where spaces were.
    public func canonicalText(_ text: String) -> String {
        var bytes: [UInt8] = []
        for token in preTokenizer.pretokenize(text) { bytes.append(contentsOf: Self.bytes(of: token)) }
        if bytes.first == 0x20 { bytes.removeFirst() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
