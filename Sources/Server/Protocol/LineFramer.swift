/// Splits a byte stream into request lines, never buffering more than `maxLineLength` bytes.
///
/// Pure and transport-free: the NIO handler appends whatever a read delivered and drains frames.
/// A line longer than the limit yields `.oversized` once, and the rest of that line (up to the next
/// `\n`) is discarded as it arrives, so memory stays bounded and the connection stays usable.
public struct LineFramer: Sendable {
    /// One unit of framed input.
    public enum Frame: Equatable, Sendable {
        /// A complete line without its terminator (`\n` or `\r\n`).
        case line([UInt8])
        /// A line that exceeded the limit; `prefix` holds its first bytes (for the error message).
        case oversized(prefix: [UInt8])
    }

    public let maxLineLength: Int
    private var buffer: [UInt8] = []
    private var discarding = false
    private var pending: [Frame] = []
    private var pendingHead = 0

    public init(maxLineLength: Int) {
        precondition(maxLineLength > 0)
        self.maxLineLength = maxLineLength
    }

    /// Feeds bytes from the transport.
    /// - Complexity: O(n) in the number of bytes appended.
    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        for b in bytes {
            if b == 0x0A {
                if discarding {
                    discarding = false
                } else {
                    if buffer.last == 0x0D { buffer.removeLast() }
                    pending.append(.line(buffer))
                }
                buffer.removeAll(keepingCapacity: true)
                continue
            }
            if discarding { continue }
            buffer.append(b)
            if buffer.count > maxLineLength {
                pending.append(.oversized(prefix: Array(buffer.prefix(64))))
                buffer.removeAll(keepingCapacity: false)
                discarding = true
            }
        }
    }

    /// The next complete frame, or `nil` when more data is needed.
    public mutating func next() -> Frame? {
        guard pendingHead < pending.count else {
            if !pending.isEmpty { pending.removeAll(keepingCapacity: true); pendingHead = 0 }
            return nil
        }
        defer { pendingHead += 1 }
        return pending[pendingHead]
    }

    /// Bytes held for an incomplete line (bounded by `maxLineLength`).
    public var bufferedByteCount: Int { buffer.count }
}
