/// A text as model input: token ids of a fixed length with an attention mask.
public struct TokenizedText: Hashable, Sendable {
    /// Token ids: `[CLS]`, the text's tokens (truncated), `[SEP]`, then `[PAD]` up to the length asked for.
    public var ids: [Int32]
    /// 1 for a real token (including `[CLS]` and `[SEP]`), 0 for padding; same length as `ids`.
    public var attentionMask: [Int32]
    /// Whether the text's tokens had to be cut to fit.
    public var isTruncated: Bool

    public init(ids: [Int32], attentionMask: [Int32], isTruncated: Bool) {
        precondition(ids.count == attentionMask.count, "ids and attention mask differ in length")
        self.ids = ids
        self.attentionMask = attentionMask
        self.isTruncated = isTruncated
    }

    /// The number of real (unpadded) tokens.
    public var count: Int { attentionMask.reduce(0) { $0 + Int($1) } }
}
