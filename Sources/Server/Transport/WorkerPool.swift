import Foundation

/// A fixed set of threads that runs request tasks, separate from Swift's global cooperative pool.
///
/// Why: request handlers are CPU-bound (encoders, index search). On the shared cooperative pool
/// (one thread per core) any other long synchronous work in the process would starve them; on
/// their own threads they get a fair share from the OS, and `threads` bounds how many run at once.
public final class WorkerPool: TaskExecutor, @unchecked Sendable {
    /// Jobs waiting to run, guarded by `condition`'s lock.
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopping = false
    private let condition = NSCondition()
    public let threadCount: Int

    public init(threads: Int) {
        precondition(threads > 0)
        threadCount = threads
        for k in 0..<threads {
            let thread = Thread { [self] in self.workLoop() }
            thread.name = "matlas-worker-\(k)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads exit once the queue is empty.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func workLoop() {
        let executor = asUnownedTaskExecutor()
        while true {
            condition.lock()
            while head == jobs.count && !stopping { condition.wait() }
            if head == jobs.count {
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head > 1024, head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: executor)
        }
    }
}
