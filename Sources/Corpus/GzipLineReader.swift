import CMatlas

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a gzip-compressed (or plain) text file one line at a time, without holding the file in
/// memory: zlib's `gzread` fills a fixed buffer, lines are cut at `\n` (a trailing `\r` is dropped).
///
/// Not thread-safe; one reader per file. The file is closed when the reader is released.
final class GzipLineReader {
    let path: String
    private var file: gzFile?
    private var buffer: [UInt8]
    private var start = 0       // first unread byte in `buffer`
    private var end = 0         // one past the last valid byte
    private var atEOF = false
    /// Number of lines returned so far (the 1-based number of the last line returned).
    private(set) var lineNumber = 0
    let maximumLineLength: Int

    /// - Parameters:
    ///   - path: the file; gzip is detected from its header, plain text is read as is.
    ///   - bufferSize: bytes decompressed per `gzread` call (tests use tiny buffers).
    ///   - maximumLineLength: longer lines are skipped and reported as `.lineTooLong`.
    /// - Throws: `CorpusError.Kind.cannotOpen`.
    init(path: String, bufferSize: Int = 1 << 16, maximumLineLength: Int = 64 << 20) throws(CorpusError) {
        precondition(bufferSize > 0 && maximumLineLength > 0)
        self.path = path
        self.maximumLineLength = maximumLineLength
        self.buffer = [UInt8](repeating: 0, count: bufferSize)
        guard let handle = gzopen(path, "rb") else {
            throw CorpusError(.cannotOpen, path: path, message: String(cString: strerror(errno)))
        }
        file = handle
        gzbuffer(handle, 1 << 17)
    }

    deinit {
        if let file { gzclose_r(file) }
    }

    /// The next line's bytes without the terminator, or nil at the end of the file.
    /// A final line without `\n` is still returned.
    /// - Throws: `.decompression` (corrupt or truncated data; further calls return nil) or
    ///   `.lineTooLong` (the reader has skipped that line; further calls continue after it).
    func nextLine() throws(CorpusError) -> [UInt8]? {
        var pending: [UInt8] = []
        var tooLong = false
        while true {
            if start < end {
                let found: Int? = buffer.withUnsafeBufferPointer { raw in
                    guard let base = raw.baseAddress,
                          let hit = memchr(base + start, Int32(UInt8(ascii: "\n")), end - start)
                    else { return nil }
                    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                }
                let stop = found ?? end
                if !tooLong {
                    if pending.count + (stop - start) > maximumLineLength {
                        tooLong = true
                        pending = []
                    } else {
                        pending.append(contentsOf: buffer[start..<stop])
                    }
                }
                if let found {
                    start = found + 1
                    return try finish(pending, tooLong: tooLong)
                }
                start = end
            }
            if atEOF {
                if pending.isEmpty && !tooLong { return nil }
                return try finish(pending, tooLong: tooLong)
            }
            try refill()
        }
    }

    private func finish(_ line: [UInt8], tooLong: Bool) throws(CorpusError) -> [UInt8] {
        lineNumber += 1
        if tooLong {
            throw CorpusError(.lineTooLong, path: path, line: lineNumber,
                              message: "line longer than \(maximumLineLength) bytes")
        }
        if line.last == UInt8(ascii: "\r") { return Array(line.dropLast()) }
        return line
    }

    private func refill() throws(CorpusError) {
        guard let file else { atEOF = true; return }
        let count = buffer.withUnsafeMutableBytes { raw in
            gzread(file, raw.baseAddress, UInt32(raw.count))
        }
        if count < 0 {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "zlib error \(code)"
            atEOF = true
            start = 0
            end = 0
            throw CorpusError(.decompression, path: path, line: lineNumber + 1, message: message)
        }
        start = 0
        end = Int(count)
        if count == 0 {
            atEOF = true
            // gzread hands back what it could from a gzip stream cut short and reports the cut only
            // through gzerror (Z_BUF_ERROR: "unexpected end of file").
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
            if code == Z_BUF_ERROR {
                throw CorpusError(.decompression, path: path, line: lineNumber + 1,
                                  message: message.isEmpty ? "truncated gzip stream" : message)
            }
        }
    }
}
