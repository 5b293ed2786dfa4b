import Foundation

/// Streams the records of a gzip-compressed JSON Lines file, one line at a time.
///
/// ```swift
/// let reader = try CorpusReader<MaterialRecord>(path: "Corpora/amcsd/materials.jsonl.gz")
/// while let record = try reader.next() { … }
/// ```
/// A line that fails to decode throws `CorpusError` (`.malformedRecord`, with the file, the
/// 1-based line number and the failing field); the next call to `next()` continues with the
/// following line, so a caller may log and skip. Blank lines are skipped. Memory use is one line
/// plus the decompression buffer, whatever the file size.
///
/// Not thread-safe: one reader per task.
public final class CorpusReader<Record: Decodable> {
    private let lines: GzipLineReader
    private let decoder = JSONDecoder()
    private var finished = false

    /// The file being read.
    public var path: String { lines.path }
    /// The 1-based number of the last line read (0 before the first).
    public var lineNumber: Int { lines.lineNumber }

    /// - Parameters:
    ///   - path: a `.jsonl.gz` file (a plain `.jsonl` file also works).
    ///   - bufferSize: bytes decompressed per read; the default suits files of any size.
    ///   - maximumLineLength: longer lines throw `.lineTooLong` and are skipped.
    /// - Throws: `CorpusError` `.cannotOpen`.
    public init(path: String, bufferSize: Int = 1 << 16, maximumLineLength: Int = 64 << 20) throws(CorpusError) {
        lines = try GzipLineReader(path: path, bufferSize: bufferSize, maximumLineLength: maximumLineLength)
    }

    /// - Throws: `CorpusError` `.cannotOpen`.
    public convenience init(url: URL) throws(CorpusError) {
        try self.init(path: url.path)
    }

    /// The next record, or nil at the end of the file.
    /// - Throws: `CorpusError`: `.malformedRecord`, `.invalidUTF8` or `.lineTooLong` for one line
    ///   (reading can go on), `.decompression` for corrupt data (the reader then ends).
    public func next() throws(CorpusError) -> Record? {
        while !finished {
            let bytes: [UInt8]?
            do {
                bytes = try lines.nextLine()
            } catch {
                if error.kind == .decompression { finished = true }
                throw error
            }
            guard let bytes else {
                finished = true
                return nil
            }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return try decode(bytes)
        }
        return nil
    }

    private func decode(_ bytes: [UInt8]) throws(CorpusError) -> Record {
        let data = Data(bytes)
        do {
            return try decoder.decode(Record.self, from: data)
        } catch let error as DecodingError {
            let kind: CorpusError.Kind = String(validating: bytes, as: UTF8.self) == nil ? .invalidUTF8 : .malformedRecord
            throw CorpusError(kind, path: path, line: lineNumber, message: Self.describe(error))
        } catch {
            throw CorpusError(.malformedRecord, path: path, line: lineNumber, message: "\(error)")
        }
    }

    /// "field.sub[2]: what went wrong" from a `DecodingError`.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let joined = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return joined.isEmpty ? "(record)" : String(joined.drop(while: { $0 == "." }))
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): missing \(type) value"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required field missing"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "\(path(context.codingPath)): \(underlying ?? context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// Reads every remaining record, calling `body` for each; a malformed line is passed to
    /// `onError` (default: rethrow) and reading continues when `onError` returns.
    /// - Returns: the number of records passed to `body`.
    @discardableResult
    public func forEach(onError: (CorpusError) throws -> Void = { throw $0 },
                        _ body: (Record) throws -> Void) throws -> Int {
        var count = 0
        while true {
            let record: Record?
            do throws(CorpusError) {
                record = try next()
            } catch {
                try onError(error)
                if finished { return count }
                continue
            }
            guard let record else { return count }
            try body(record)
            count += 1
        }
    }
}
