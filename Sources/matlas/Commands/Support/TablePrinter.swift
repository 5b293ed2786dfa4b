import Foundation

/// Fixed-width cells for the benchmarks' plain-text tables (ours vs the peer, ratio).
enum TablePrinter {
    /// `value` printed with `format` (a `String(format:)` pattern), or `—` when there is none,
    /// right-aligned in `width` characters (never cut).
    static func cell(_ value: Double?, _ format: String, _ width: Int) -> String {
        let text = value.map { String(format: format, $0) } ?? "—"
        return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
    }

    /// `text` left-aligned in `width` characters (padded with spaces, or cut to `width`).
    static func label(_ text: String, _ width: Int) -> String {
        text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
