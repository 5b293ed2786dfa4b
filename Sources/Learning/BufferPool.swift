import Foundation

/// A cache of freed large buffers keyed by exact element count (a training step allocates the
/// same shapes every step). Thread-safe; holds at most ``limitBytes``.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()
    /// Buffers smaller than this many elements go straight to malloc/free.
    static let minimumCount = 16_384

    private let lock = NSLock()
    /// Guarded by `lock`: free buffers by element count, and their total size in bytes.
    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private var cachedBytes = 0
    /// Guarded by `lock`: the most bytes kept cached.
    private var limit = 256 << 20

    var limitBytes: Int {
        get { lock.withLock { limit } }
        set { lock.withLock { limit = newValue }; if newValue < cachedBytesNow { release() } }
    }

    private var cachedBytesNow: Int { lock.withLock { cachedBytes } }

    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count >= Self.minimumCount {
            let reused: UnsafeMutablePointer<Float>? = lock.withLock {
                guard let p = free[count]?.popLast() else { return nil }
                cachedBytes -= count * 4
                return p
            }
            if let reused { return reused }
        }
        return .allocate(capacity: max(count, 1))
    }

    func recycle(_ pointer: UnsafeMutablePointer<Float>, count: Int) {
        if count >= Self.minimumCount {
            let kept: Bool = lock.withLock {
                guard cachedBytes + count * 4 <= limit else { return false }
                free[count, default: []].append(pointer)
                cachedBytes += count * 4
                return true
            }
            if kept { return }
        }
        pointer.deallocate()
    }

    /// Frees every cached buffer.
    func release() {
        let buffers: [UnsafeMutablePointer<Float>] = lock.withLock {
            defer { free = [:]; cachedBytes = 0 }
            return free.values.flatMap { $0 }
        }
        for p in buffers { p.deallocate() }
    }
}

extension Learning {
    /// The most memory (bytes) kept for reuse after tensors are freed (default 256 MiB); 0
    /// disables the cache.
    public static var bufferCacheLimit: Int {
        get { BufferPool.shared.limitBytes }
        set { BufferPool.shared.limitBytes = newValue }
    }

    /// Returns all cached buffers to the system.
    public static func releaseCachedBuffers() { BufferPool.shared.release() }
}
