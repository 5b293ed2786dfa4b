#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Thin POSIX file helpers with the fsync discipline the store relies on.
enum DurableFile {
    static func fail(_ path: String, _ operation: String) -> IndexError {
        .io(path: path, operation: operation, errno: errno)
    }

    /// Writes all of `bytes` to `fd`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(path, "write")
            }
            done += n
        }
    }

    /// Reads a whole file; nil when it does not exist.
    static func read(_ path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw fail(path, "open")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw fail(path, "fstat") }
        let size = Int(st.st_size)
        var out = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = out.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + done, size - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(path, "read")
            }
            if n == 0 { break }
            done += n
        }
        if done < size { out.removeLast(size - done) }
        return out
    }

    /// Replaces `path` atomically: writes `produce`'s output to a temporary file, fsyncs it,
    /// renames it over `path` and fsyncs the directory.
    static func replace(_ path: String, directory: String,
                        _ produce: (_ sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw fail(temporary, "open") }
        do {
            try produce { (bytes: UnsafeRawBufferPointer) throws in try writeAll(fd, bytes, path: temporary) }
            guard fsync(fd) == 0 else { throw fail(temporary, "fsync") }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw fail(path, "rename") }
        try syncDirectory(directory)
    }

    /// fsyncs a directory so a rename or a creation in it is durable.
    static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fail(directory, "open") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw fail(directory, "fsync") }
    }
}
