#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// A blocking loopback TCP client for tests: send bytes, read response lines (with a timeout).
final class LineClient: @unchecked Sendable {
    private let fd: Int32
    private var pending: [UInt8] = []

    init(port: Int, timeoutSeconds: Int = 10) throws {
        #if canImport(Glibc)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ClientError.socket }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw ClientError.connect }
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ClientError.write }
            off += n
        }
    }

    /// The next response line (without `\n`), or throws on timeout/close.
    func readLine() throws -> String {
        while true {
            if let nl = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<nl], as: UTF8.self)
                pending.removeSubrange(...nl)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ClientError.closedOrTimedOut }
            pending.append(contentsOf: chunk[..<n])
        }
    }

    /// True when the server closed the connection (read returns 0).
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return read(fd, &byte, 1) == 0
    }

    private static let queue = DispatchQueue(label: "LineClient", attributes: .concurrent)

    /// Runs blocking socket work off Swift's cooperative pool, so a test waiting for a response never
    /// starves the server tasks that produce it.
    func io<T: Sendable>(_ body: @escaping @Sendable (LineClient) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { cont in
            LineClient.queue.async { cont.resume(with: Result { try body(self) }) }
        }
    }

    /// Sends `text` and reads one response line.
    func ask(_ text: String) async throws -> String { try await io { try $0.send(text + "\n"); return try $0.readLine() } }

    enum ClientError: Error { case socket, connect, write, closedOrTimedOut }
}
