import Synchronization

/// Parsed forms of the JSON payloads the catalog stores as text (a record's `payload`, its
/// references), keyed by the text itself so an upsert that changes a payload can never be served
/// a stale parse. Every hit of every search renders these; parsing them again each time took about
/// a third of a search's own time in a profile. Bounded: when full it starts over.
final class ParsedJSONCache: Sendable {
    private let table = Mutex<[String: JSONValue]>([:])
    let capacity: Int

    init(capacity: Int = 8_192) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// The parse of `text`, or nil when it is not valid JSON (not cached).
    func value(_ text: String) -> JSONValue? {
        if let hit = table.withLock({ $0[text] }) { return hit }
        guard let parsed = try? JSONParser().parse(text) else { return nil }
        table.withLock { t in
            if t.count >= capacity { t.removeAll(keepingCapacity: true) }
            t[text] = parsed
        }
        return parsed
    }

    var count: Int { table.withLock { $0.count } }
}
