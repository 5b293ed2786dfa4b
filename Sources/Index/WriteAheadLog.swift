#if canImport(Glibc)
import Glibc
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Glibc.open(path, flags, mode) }
#elseif canImport(Darwin)
import Darwin
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Darwin.open(path, flags, mode) }
#endif

/// An append-only log of checksummed records; a record is durable once `append` returns
/// (write + fdatasync).
///
/// Record layout (little-endian): magic `MWAL`, payload length (u32), sequence number (u64),
/// CRC-32 over the sequence number and payload (u32), payload. On open, a record cut short at
/// the end of the file (a torn write from a crash) is truncated away and reported through the
/// log callback; a record whose checksum fails while complete records follow it is corruption
/// and throws.
///
/// Thread safety: none of its own; the store calls it under its writer lock.
final class WriteAheadLog {
    static let magic: UInt32 = 0x4C41_574D // "MWAL"
    static let headerSize = 20

    /// One decoded record.
    struct Record {
        var sequence: UInt64
        var payload: [UInt8]
    }

    let path: String
    private let fd: Int32
    private(set) var byteCount: Int

    /// Opens (creating if needed) the log at `path`, recovering its records.
    /// - Parameter log: receives one line per recovery action (e.g. a truncated torn tail).
    /// - Returns: the log ready for appends and the intact records in order.
    static func open(path: String, log: (String) -> Void) throws -> (WriteAheadLog, [Record]) {
        let bytes = try DurableFile.read(path) ?? []
        var records: [Record] = []
        var offset = 0
        var tornAt: Int? = nil
        var reason = ""
        try bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                var r = ByteReader(raw, offset: offset, path: path)
                guard r.remaining >= headerSize else { tornAt = offset; reason = "partial header"; return }
                let magic = try r.read(UInt32.self)
                let length = Int(try r.read(UInt32.self))
                let sequence = try r.read(UInt64.self)
                let crc = try r.read(UInt32.self)
                guard magic == Self.magic else {
                    if offset + headerSize >= raw.count || isZero(raw, from: offset) {
                        tornAt = offset; reason = "garbage after the last record"; return
                    }
                    throw IndexError.corrupt(path: path, offset: offset, reason: "bad record marker")
                }
                guard length <= r.remaining else { tornAt = offset; reason = "record cut short"; return }
                let payload = UnsafeRawBufferPointer(rebasing: raw[r.offset..<r.offset + length])
                var check: UInt32 = 0
                withUnsafeBytes(of: sequence.littleEndian) { check = crc32Update(0, $0) }
                check = crc32Update(check, payload)
                let end = r.offset + length
                guard check == crc else {
                    if end == raw.count { tornAt = offset; reason = "checksum mismatch in the last record"; return }
                    throw IndexError.checksumMismatch(path: path, offset: offset)
                }
                records.append(Record(sequence: sequence, payload: Array(payload)))
                offset = end
            }
        }
        let fd = systemOpen(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw DurableFile.fail(path, "open") }
        if let tornAt {
            guard ftruncate(fd, off_t(tornAt)) == 0, fsync(fd) == 0 else {
                close(fd)
                throw DurableFile.fail(path, "ftruncate")
            }
            log("index: write-ahead log \(path): \(reason) at byte \(tornAt); truncated \(bytes.count - tornAt) bytes (torn tail of an unacknowledged write)")
        }
        let length = tornAt ?? bytes.count
        guard lseek(fd, off_t(length), SEEK_SET) >= 0 else {
            close(fd)
            throw DurableFile.fail(path, "lseek")
        }
        return (WriteAheadLog(path: path, fd: fd, byteCount: length), records)
    }

    private static func isZero(_ raw: UnsafeRawBufferPointer, from offset: Int) -> Bool {
        raw[offset...].allSatisfy { $0 == 0 }
    }

    private init(path: String, fd: Int32, byteCount: Int) {
        self.path = path
        self.fd = fd
        self.byteCount = byteCount
    }

    deinit { close(fd) }

    /// Appends one record and makes it durable before returning.
    /// - Parameter sync: false skips the fdatasync (for bulk loads that snapshot afterwards).
    func append(sequence: UInt64, payload: [UInt8], sync: Bool = true) throws {
        var w = ByteWriter()
        w.bytes.reserveCapacity(Self.headerSize + payload.count)
        var check: UInt32 = 0
        withUnsafeBytes(of: sequence.littleEndian) { check = crc32Update(0, $0) }
        payload.withUnsafeBytes { check = crc32Update(check, $0) }
        w.append(Self.magic)
        w.append(UInt32(payload.count))
        w.append(sequence)
        w.append(check)
        w.bytes.append(contentsOf: payload)
        try w.bytes.withUnsafeBytes { try DurableFile.writeAll(fd, $0, path: path) }
        if sync { try self.sync() }
        byteCount += w.bytes.count
    }

    /// Makes every appended record durable.
    func sync() throws {
        guard fdatasync(fd) == 0 else { throw DurableFile.fail(path, "fdatasync") }
    }

    /// Empties the log (after a snapshot covers every record).
    func reset() throws {
        guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) >= 0, fsync(fd) == 0 else {
            throw DurableFile.fail(path, "ftruncate")
        }
        byteCount = 0
    }
}
