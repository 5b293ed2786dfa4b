import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Grace periods for the one writer: a slot the writer has unlinked from the graph may only be
/// reused once every search that could still be looking at it has finished (a two-counter
/// read-copy-update scheme, lock-free for readers).
///
/// A search calls `enter()` before touching the graph and `leave(_:)` after; the writer calls
/// `synchronize()` after unlinking nodes and before reusing their slots.
final class ReaderEpochs: @unchecked Sendable {
    /// The current epoch; its parity picks which counter new readers increment.
    private let epoch = Atomic<Int>(0)
    /// Readers active in an even epoch.
    private let evenReaders = Atomic<Int>(0)
    /// Readers active in an odd epoch.
    private let oddReaders = Atomic<Int>(0)

    /// Registers a reader; returns the token to pass to `leave`.
    @inline(__always)
    func enter() -> Int {
        while true {
            let e = epoch.load(ordering: .sequentiallyConsistent)
            if e & 1 == 0 {
                evenReaders.add(1, ordering: .sequentiallyConsistent)
            } else {
                oddReaders.add(1, ordering: .sequentiallyConsistent)
            }
            // Re-check: if the writer flipped meanwhile it may not have seen our increment.
            if epoch.load(ordering: .sequentiallyConsistent) == e { return e }
            leave(e)
        }
    }

    /// Unregisters a reader registered by `enter()`.
    @inline(__always)
    func leave(_ token: Int) {
        if token & 1 == 0 {
            evenReaders.subtract(1, ordering: .sequentiallyConsistent)
        } else {
            oddReaders.subtract(1, ordering: .sequentiallyConsistent)
        }
    }

    /// Waits until every reader that entered before this call has left. Writer only.
    func synchronize() {
        let e = epoch.load(ordering: .sequentiallyConsistent)
        epoch.store(e + 1, ordering: .sequentiallyConsistent)
        while readers(parity: e) != 0 { sched_yield() }
    }

    private func readers(parity: Int) -> Int {
        parity & 1 == 0 ? evenReaders.load(ordering: .sequentiallyConsistent)
            : oddReaders.load(ordering: .sequentiallyConsistent)
    }
}

/// A set of visited nodes that is reset by bumping a generation number, never by clearing.
final class VisitedSet: @unchecked Sendable {
    private(set) var marks: UnsafeMutablePointer<UInt16>
    private(set) var capacity: Int
    private var generation: UInt16 = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1024)
        marks = .allocate(capacity: self.capacity)
        marks.initialize(repeating: 0, count: self.capacity)
    }

    deinit { marks.deallocate() }

    /// Starts a new search over at least `count` nodes.
    func reset(count: Int) {
        if count > capacity { grow(to: count) }
        generation &+= 1
        if generation == 0 {
            marks.update(repeating: 0, count: capacity)
            generation = 1
        }
    }

    private func grow(to count: Int) {
        let newCapacity = max(count, capacity * 2)
        let newMarks = UnsafeMutablePointer<UInt16>.allocate(capacity: newCapacity)
        newMarks.initialize(from: marks, count: capacity)
        (newMarks + capacity).initialize(repeating: 0, count: newCapacity - capacity)
        marks.deallocate()
        marks = newMarks
        capacity = newCapacity
    }

    /// Marks `node`; returns true when it was already marked in this generation.
    @inline(__always)
    func testAndSet(_ node: NodeID) -> Bool {
        let i = node.index
        if i >= capacity { grow(to: i + 1) }
        if marks[i] == generation { return true }
        marks[i] = generation
        return false
    }
}

/// A lock-free pool of visited sets: each slot is claimed with a compare-and-swap on its own
/// flag, so concurrent searches never wait on each other. When every slot is busy a search
/// allocates a private set.
final class VisitedPool: @unchecked Sendable {
    /// `busy[i]` is true while `sets[i]` is lent out; guards exclusive use of that set.
    private let busy: UnsafeMutablePointer<Atomic<Bool>>
    private let sets: [VisitedSet]

    init(slots: Int = 16, capacity: Int) {
        busy = .allocate(capacity: slots)
        for i in 0..<slots { (busy + i).initialize(to: Atomic(false)) }
        sets = (0..<slots).map { _ in VisitedSet(capacity: capacity) }
    }

    deinit {
        busy.deinitialize(count: sets.count)
        busy.deallocate()
    }

    /// Runs `body` with an exclusive visited set reset for `count` nodes.
    @inline(__always)
    func withSet<R>(count: Int, _ body: (VisitedSet) throws -> R) rethrows -> R {
        for i in 0..<sets.count {
            if busy[i].compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
                defer { busy[i].store(false, ordering: .releasing) }
                let set = sets[i]
                set.reset(count: count)
                return try body(set)
            }
        }
        let set = VisitedSet(capacity: count)
        set.reset(count: count)
        return try body(set)
    }
}
