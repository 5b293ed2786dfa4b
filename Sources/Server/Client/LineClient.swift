#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// A small blocking TCP client for the line protocol: send bytes, read response lines (with a timeout).
/// Used by `matlas query` and by the end-to-end tests. One instance is used by one thread at a time.
public final class LineClient: @unchecked Sendable {
    private let fd: Int32
    private var pending: [UInt8] = []

    public init(host: String = "127.0.0.1", port: Int, timeoutSeconds: Int = 10) throws {
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
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &addr.sin_addr) == 1 else {
            close(fd)
            throw ClientError.badAddress(host)
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw ClientError.connect }
    }

    deinit { close(fd) }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ClientError.write }
            off += n
        }
    }

    /// The next response line (without `\n`), or throws on timeout/close.
    public func readLine() throws -> String {
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
    public func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return read(fd, &byte, 1) == 0
    }

    private static let queue = DispatchQueue(label: "LineClient", attributes: .concurrent)

    /// Runs blocking socket work off Swift's cooperative pool, so a test waiting for a response never
    /// starves the server tasks that produce it.
    public func io<T: Sendable>(_ body: @escaping @Sendable (LineClient) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { cont in
            LineClient.queue.async { cont.resume(with: Result { try body(self) }) }
        }
    }

    /// Sends `text` and reads one response line.
    public func ask(_ text: String) async throws -> String { try await io { try $0.send(text + "\n"); return try $0.readLine() } }

    public enum ClientError: Error, CustomStringConvertible {
        case socket, connect, write, closedOrTimedOut, badAddress(String)
        public var description: String {
            switch self {
            case .socket: return "could not create a socket"
            case .connect: return "could not connect (is `matlas serve` running?)"
            case .write: return "the connection closed while sending"
            case .closedOrTimedOut: return "the connection closed or timed out before a response"
            case .badAddress(let h): return "not an IPv4 address: \(h)"
            }
        }
    }
}
