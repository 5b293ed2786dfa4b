import CMatlas
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unicode normalisation through utf8proc.
///
/// Two forms are offered:
/// - ``nfkc(_:)``: compatibility composition only (`"Ｆｅ₂Ｏ₃"` → `"Fe2O3"`, `"℃"` → `"°C"`,
///   `"Å"` (U+212B) → `"Å"` (U+00C5)); letter case is kept. The pre-tokeniser runs on this form,
///   because case folding would erase the distinction chemistry depends on (`Co` cobalt, `CO`
///   carbon monoxide; `mPa` versus `MPa`).
/// - ``normalize(_:)``: NFKC plus Unicode case folding (`"Ｆｅ₂Ｏ₃ Straße"` → `"fe2o3 strasse"`),
///   used for ordinary words after pre-tokenisation, and for callers that want plain folded text.
///
/// Both drop default-ignorable code points (soft hyphen, zero-width joiners: utf8proc's `IGNORE`).
/// A Swift `String` is always well-formed UTF-8, so the `String` forms never fail; the byte forms
/// validate first and throw ``TextError/invalidUTF8(byteOffset:)`` with the offending offset.
public enum TextNormalizer {
    /// NFKC + case fold of a string.
    public static func normalize(_ text: String) -> String {
        map(text, options: foldOptions)
    }

    /// NFKC (no case folding) of a string.
    public static func nfkc(_ text: String) -> String {
        map(text, options: nfkcOptions)
    }

    /// NFKC + case fold of raw UTF-8 bytes.
    /// - Throws: ``TextError/invalidUTF8(byteOffset:)`` at the first ill-formed sequence.
    public static func normalize(utf8 bytes: some Collection<UInt8>) throws(TextError) -> String {
        normalize(try decode(utf8: bytes))
    }

    /// NFKC (no case folding) of raw UTF-8 bytes.
    /// - Throws: ``TextError/invalidUTF8(byteOffset:)`` at the first ill-formed sequence.
    public static func nfkc(utf8 bytes: some Collection<UInt8>) throws(TextError) -> String {
        nfkc(try decode(utf8: bytes))
    }

    /// Decodes UTF-8 strictly: a `String` when every byte sequence is well formed.
    /// - Throws: ``TextError/invalidUTF8(byteOffset:)`` at the first ill-formed sequence.
    /// - Complexity: O(n) in the number of bytes.
    public static func decode(utf8 bytes: some Collection<UInt8>) throws(TextError) -> String {
        let array = Array(bytes)
        if let offset = firstInvalidUTF8Offset(array) {
            throw .invalidUTF8(byteOffset: offset)
        }
        return String(decoding: array, as: UTF8.self)
    }

    /// The offset of the first ill-formed UTF-8 sequence in `bytes`, or nil when all are well formed.
    public static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }

    private static let nfkcOptions = utf8proc_option_t(
        rawValue: UTF8PROC_STABLE.rawValue | UTF8PROC_COMPAT.rawValue | UTF8PROC_COMPOSE.rawValue
            | UTF8PROC_IGNORE.rawValue)
    private static let foldOptions = utf8proc_option_t(
        rawValue: nfkcOptions.rawValue | UTF8PROC_CASEFOLD.rawValue)

    private static func map(_ text: String, options: utf8proc_option_t) -> String {
        if text.isEmpty { return text }
        // ASCII is NFKC-stable and has no default-ignorables: only case folding can change it.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return options.rawValue & UTF8PROC_CASEFOLD.rawValue != 0 ? text.lowercased() : text
        }
        var source = text
        return source.withUTF8 { buffer -> String in
            var output: UnsafeMutablePointer<utf8proc_uint8_t>? = nil
            let count = utf8proc_map(buffer.baseAddress, buffer.count, &output, options)
            defer { free(output) }
            guard count >= 0, let output else {
                // Unreachable for well-formed input short of memory exhaustion; keep the text
                // unnormalised rather than crash (documented: normalisation is best effort here).
                return text
            }
            return String(decoding: UnsafeBufferPointer(start: output, count: count), as: UTF8.self)
        }
    }
}
