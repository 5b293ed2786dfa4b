import Foundation

/// `tokenizer.json`: the merges plus what produced the pre-tokens, versioned.
///
/// Layout (format version 1):
/// ```json
/// {"format": "matlas-bpe", "version": 1,
///  "normalization": "nfkc, case fold words only", "pre_tokenizer": "matlas-chemistry-1",
///  "special_tokens": ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], "byte_fallback": true,
///  "vocabulary_size": 8000,
///  "merges": [[5, 6], …],
///  "tokens": ["[PAD]", …, "Ġthe", …]}
/// ```
/// `merges[k]` holds the two ids merged into id 261 + k. `tokens` spells every id with GPT-2's
/// byte-to-character table (`Ġ` is a space) for people reading the file; loading ignores it.
extension BPETokenizer {
    /// The format identifier written to and expected in `tokenizer.json`.
    public static let fileFormat = "matlas-bpe"
    /// The format version written; files with another version are refused.
    public static let fileVersion = 1
    /// The name of the pre-tokenisation rules (bumped when they change the pre-tokens of a text).
    public static let preTokenizerName = "matlas-chemistry-1"

    struct File: Codable {
        var format: String
        var version: Int
        var normalization: String
        var preTokenizer: String
        var specialTokens: [String]
        var byteFallback: Bool
        var vocabularySize: Int
        var merges: [[Int32]]
        var tokens: [String]?

        enum CodingKeys: String, CodingKey {
            case format, version, normalization, merges, tokens
            case preTokenizer = "pre_tokenizer"
            case specialTokens = "special_tokens"
            case byteFallback = "byte_fallback"
            case vocabularySize = "vocabulary_size"
        }
    }

    /// The tokenizer as `tokenizer.json` data (UTF-8 JSON, one merge per line).
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        func quoted(_ text: String) -> String {
            // Encoding a lone String cannot fail.
            String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
        }
        let table = Self.byteCharacters
        var lines: [String] = [
            "{",
            "  \"format\": \(quoted(Self.fileFormat)),",
            "  \"version\": \(Self.fileVersion),",
            "  \"normalization\": \"nfkc, case fold words only\",",
            "  \"pre_tokenizer\": \(quoted(Self.preTokenizerName)),",
            "  \"special_tokens\": [\(SpecialToken.allCases.map { quoted($0.text) }.joined(separator: ", "))],",
            "  \"byte_fallback\": true,",
            "  \"vocabulary_size\": \(vocabularySize),",
            "  \"merges\": [",
        ]
        for (k, merge) in merges.enumerated() {
            lines.append("    [\(merge.left), \(merge.right)]" + (k + 1 < merges.count ? "," : ""))
        }
        lines.append("  ],")
        lines.append("  \"tokens\": [")
        for id in 0..<vocabularySize {
            let spelling = id < Int(Self.firstByteID)
                ? SpecialToken.allCases[id].text
                : String(tokenBytes[id].map { table[Int($0)] })
            lines.append("    " + quoted(spelling) + (id + 1 < vocabularySize ? "," : ""))
        }
        lines.append("  ]")
        lines.append("}")
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Writes `tokenizer.json` to `url`.
    /// - Throws: the file system's error when the file cannot be written.
    public func save(to url: URL) throws {
        try jsonData().write(to: url, options: .atomic)
    }

    /// Reads a tokenizer from `tokenizer.json` data.
    /// - Throws: ``TextError/invalidTokenizerFile(field:reason:)`` naming the offending field.
    public static func load(from data: Data) throws(TextError) -> BPETokenizer {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let DecodingError.keyNotFound(key, _) {
            throw .invalidTokenizerFile(field: key.stringValue, reason: "missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .invalidTokenizerFile(field: context.codingPath.map(\.stringValue).joined(separator: "."),
                                        reason: "wrong type")
        } catch {
            throw .invalidTokenizerFile(field: "file", reason: "not a JSON tokenizer file")
        }
        guard file.format == fileFormat else {
            throw .invalidTokenizerFile(field: "format", reason: "expected \(fileFormat), found \(file.format)")
        }
        guard file.version == fileVersion else {
            throw .invalidTokenizerFile(field: "version", reason: "version \(file.version) is not supported (expected \(fileVersion))")
        }
        guard file.preTokenizer == preTokenizerName else {
            throw .invalidTokenizerFile(field: "pre_tokenizer", reason: "unknown pre-tokenizer \(file.preTokenizer)")
        }
        guard file.specialTokens == SpecialToken.allCases.map(\.text) else {
            throw .invalidTokenizerFile(field: "special_tokens", reason: "expected [PAD], [UNK], [CLS], [SEP], [MASK]")
        }
        var merges: [Merge] = []
        merges.reserveCapacity(file.merges.count)
        for (k, pair) in file.merges.enumerated() {
            let next = firstMergeID + Int32(k)
            guard pair.count == 2, pair.allSatisfy({ $0 >= firstByteID && $0 < next }) else {
                throw .invalidTokenizerFile(field: "merges[\(k)]", reason: "must be two ids in \(firstByteID)..<\(next)")
            }
            merges.append(Merge(left: pair[0], right: pair[1]))
        }
        guard file.vocabularySize == Int(firstMergeID) + merges.count else {
            throw .invalidTokenizerFile(field: "vocabulary_size", reason: "does not match 261 + \(merges.count) merges")
        }
        return BPETokenizer(merges: merges)
    }

    /// Reads `tokenizer.json` from `url`.
    /// - Throws: ``TextError/invalidTokenizerFile(field:reason:)`` (field `"file"` when unreadable).
    public static func load(from url: URL) throws(TextError) -> BPETokenizer {
        guard let data = try? Data(contentsOf: url) else {
            throw .invalidTokenizerFile(field: "file", reason: "cannot read \(url.path)")
        }
        return try load(from: data)
    }

    /// GPT-2's printable spelling of each byte (bytes_to_unicode): printable Latin-1 as itself,
    /// the rest shifted to U+0100 and up.
    static let byteCharacters: [Character] = {
        var table = [Character](repeating: " ", count: 256)
        var shifted: UInt32 = 256
        for b in 0..<256 {
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            if printable {
                table[b] = Character(Unicode.Scalar(UInt8(b)))
            } else {
                table[b] = Character(Unicode.Scalar(shifted)!)
                shifted += 1
            }
        }
        return table
    }()
}
