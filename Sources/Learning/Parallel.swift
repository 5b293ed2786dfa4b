import Dispatch

/// Our own threads for elementwise kernels (OpenBLAS has its own pool for matrix products).
enum Parallel {
    /// Threads elementwise kernels may use; set through ``Learning/setThreadCount(_:)``.
    /// Written only at configuration time, before kernels run.
    nonisolated(unsafe) static var threads = 1

    /// Below this many elements per thread, splitting costs more than it saves.
    static let grain = 32_768

    /// Calls `body` on consecutive sub-ranges of 0..<n covering it exactly once, in parallel when
    /// n is large and more than one thread is configured. `body` must only touch its own range.
    @inline(__always)
    static func forChunks(_ n: Int, _ body: (Range<Int>) -> Void) {
        let t = threads
        if t <= 1 || n < 2 * grain {
            body(0..<n)
            return
        }
        let parts = Swift.min(t, n / grain)
        withoutActuallyEscaping(body) { body in
            // Each iteration touches a disjoint range; concurrentPerform returns after all of them.
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                shared.value((n * p / parts)..<(n * (p + 1) / parts))
            }
        }
    }
}

/// Carries a value into a `@Sendable` closure where the caller guarantees race freedom.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

extension Learning {
    /// `body(i)` for every i in 0..<count, on up to `threads` threads (strided, so uneven items
    /// spread), results in index order. For coarse work (a crystal's reflections, a profile
    /// comparison); elementwise kernels use `Parallel.forChunks`.
    public static func parallelMap<T: Sendable>(_ count: Int, threads: Int = 2, _ body: @Sendable (Int) -> T) -> [T] {
        let parts = Swift.max(1, Swift.min(threads, count))
        guard parts > 1 else { return (0..<count).map(body) }
        var slots = [T?](repeating: nil, count: count)
        slots.withUnsafeMutableBufferPointer { buffer in
            // Each part writes only its own indices; concurrentPerform returns after all of them.
            let shared = UncheckedSendable(buffer)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                for i in stride(from: p, to: count, by: parts) { shared.value[i] = body(i) }
            }
        }
        return slots.map { $0! }
    }
}
