import Foundation

extension Atlas {
    /// Every method of DESIGN §5 over this atlas. Writes (`upsert`, `delete`, `snapshot`) need
    /// `params.token == writeToken` when `writeToken` is set (the server sets it when it binds beyond
    /// loopback). No method reads a path from its parameters.
    public func makeDispatcher(writeToken: String? = nil) -> Dispatcher {
        var d = Dispatcher(writeToken: writeToken)
        let atlas = self
        func add(_ name: String, writes: Bool = false, _ body: @escaping @Sendable (Parameters) throws -> JSONValue) {
            d.register(name, writes: writes) { params in
                let start = ContinuousClock.now
                do {
                    let result = try body(params)
                    atlas.metrics.record(name, milliseconds: Atlas.milliseconds(since: start), failed: false)
                    return result
                } catch {
                    atlas.metrics.record(name, milliseconds: Atlas.milliseconds(since: start), failed: true)
                    throw error
                }
            }
        }
        add("ping") { _ in "pong" }
        add("info") { _ in atlas.info() }
        add("stats") { _ in atlas.stats() }
        add("embed") { p throws in try atlas.embedMethod(p) }
        add("search") { p throws in try atlas.search(p) }
        add("condition") { p throws in try atlas.condition(p) }
        add("profile") { p throws in try atlas.profile(p) }
        add("precedents") { p throws in try atlas.precedents(p) }
        add("get") { p throws in try atlas.get(p) }
        add("upsert", writes: true) { p throws in try atlas.upsert(p) }
        add("delete", writes: true) { p throws in try atlas.delete(p) }
        add("snapshot", writes: true) { _ throws in try atlas.snapshot() }
        return d
    }
}
