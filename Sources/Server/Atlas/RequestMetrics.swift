import Foundation
import Synchronization

/// Request counters and recent latencies per method, for `stats`.
///
/// Each method keeps its last `window` latencies in a ring (p50/p99 over that window). One mutex guards
/// the whole table; it is held for a few instructions per request.
final class RequestMetrics: Sendable {
    struct Method {
        var count = 0
        var errors = 0
        var ring: [Double] = []
        var next = 0
    }

    static let window = 2048
    /// Guards the per-method table.
    private let table = Mutex<[String: Method]>([:])

    func record(_ method: String, milliseconds: Double, failed: Bool) {
        table.withLock { t in
            var m = t[method] ?? Method()
            m.count += 1
            if failed { m.errors += 1 }
            if m.ring.count < Self.window { m.ring.append(milliseconds) } else { m.ring[m.next] = milliseconds }
            m.next = (m.next + 1) % Self.window
            t[method] = m
        }
    }

    /// `{method: {count, errors, p50_ms, p99_ms, max_ms}}` and the totals.
    func snapshot() -> (methods: [String: JSONValue], requests: Int, errors: Int) {
        let copy = table.withLock { $0 }
        var out: [String: JSONValue] = [:]
        var requests = 0, errors = 0
        for (name, m) in copy {
            requests += m.count
            errors += m.errors
            let sorted = m.ring.sorted()
            func q(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.down)))]
            }
            out[name] = ["count": .number(Double(m.count)), "errors": .number(Double(m.errors)),
                         "p50_ms": .number(q(0.5)), "p99_ms": .number(q(0.99)), "max_ms": .number(sorted.last ?? 0)]
        }
        return (out, requests, errors)
    }
}
