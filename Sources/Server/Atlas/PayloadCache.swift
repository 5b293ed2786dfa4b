import Synchronization

/// Values derived from the JSON payloads the catalog stores as text (a record's parsed `payload`,
/// its references, the reference pattern of its simulated peaks), keyed by the text itself so an
/// upsert that changes a payload can never be served a stale value. Every hit of every search
/// renders these; parsing them again each time took about a third of a search's own time in a
/// profile. Bounded: when full it starts over.
final class PayloadCache<Value: Sendable>: Sendable {
    private let table = Mutex<[String: Value]>([:])
    let capacity: Int

    init(capacity: Int = 8_192) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    /// The value derived from `text` by `make`, computed once; nil (not cached) when `make` fails.
    func value(_ text: String, _ make: (String) -> Value?) -> Value? {
        if let hit = table.withLock({ $0[text] }) { return hit }
        guard let made = make(text) else { return nil }
        table.withLock { t in
            if t.count >= capacity { t.removeAll(keepingCapacity: true) }
            t[text] = made
        }
        return made
    }

    var count: Int { table.withLock { $0.count } }
}

extension PayloadCache where Value == JSONValue {
    /// The parse of `text`, or nil when it is not valid JSON (not cached).
    func value(_ text: String) -> JSONValue? { value(text) { try? JSONParser().parse($0) } }
}
