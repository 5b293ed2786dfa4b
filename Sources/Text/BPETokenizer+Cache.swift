import Foundation

/// Pre-token → ids memo shared by copies of a tokenizer. Word frequencies are Zipfian, so most
/// pre-tokens of a corpus hit the cache and skip the merge loop. Bounded: emptied when full.
final class EncodeCache: @unchecked Sendable {
    /// Guards `entries`.
    private let lock = NSLock()
    private var entries: [[UInt8]: [Int32]] = [:]
    /// The number of entries kept before the cache is emptied.
    let capacity: Int

    init(capacity: Int = 1 << 16) { self.capacity = capacity }

    func ids(for bytes: [UInt8]) -> [Int32]? {
        lock.lock()
        defer { lock.unlock() }
        return entries[bytes]
    }

    func store(_ ids: [Int32], for bytes: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[bytes] = ids
    }
}
