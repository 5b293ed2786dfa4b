import Foundation

/// A running wall-clock timer on the monotonic clock (unaffected by changes of the system time).
struct Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds

    /// Wall-clock time since the stopwatch was made, in ms.
    var elapsedMilliseconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }

    /// Wall-clock time since the stopwatch was made, in s.
    var elapsedSeconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}

/// The timing arithmetic the benchmarks share: process CPU time, medians, timed repetitions.
///
/// Wall-clock figures are what a caller waits; process CPU time (all threads) is robust to other
/// processes on a shared machine, so benchmarks report it where the work is single-process.
enum Timing {
    /// CPU time of this process so far (all threads), in ms.
    static func processCPUMilliseconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
    }

    /// The median of `values` (the mean of the middle two for an even count); 0 when empty.
    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The median wall-clock time of `body(i)` in ms, over `runs` timed calls (`i` = 0..<runs) made
    /// after `warmup` untimed ones (`i` = 0..<warmup).
    static func medianWallMilliseconds(warmup: Int, runs: Int, _ body: (Int) throws -> Void) rethrows -> Double {
        for i in 0..<warmup { try body(i) }
        var times: [Double] = []
        times.reserveCapacity(runs)
        for i in 0..<runs {
            let watch = Stopwatch()
            try body(i)
            times.append(watch.elapsedMilliseconds)
        }
        return median(times)
    }
}
