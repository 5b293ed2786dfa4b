/// Snapshot files: the whole graph in one checksummed file, written through a temporary file,
/// fsync and rename so a crash leaves either the old or the new snapshot, never a mix.
///
/// Layout (little-endian): magic `MTLSNAP1`, version, parameters, the log sequence number the
/// snapshot covers, an opaque `extra` blob for the store, slot count, entry point, then per slot
/// its state and (unless free) level, label, link lists for levels 0…level and the f32 vector;
/// finally a CRC-32 of everything before it and the end magic `MTLSEND1`.
extension HNSWIndex {
    static let snapshotMagic: UInt64 = 0x3150_414E_534C_544D // "MTLSNAP1"
    static let snapshotEndMagic: UInt64 = 0x3144_4E45_534C_544D // "MTLSEND1"
    static let snapshotVersion: UInt32 = 1

    /// Writes a snapshot atomically. Writer only (the graph must not change meanwhile).
    /// - Parameters:
    ///   - sequence: the last write-ahead-log sequence number this snapshot includes.
    ///   - extra: store metadata kept alongside the graph.
    public func writeSnapshot(to path: String, directory: String, sequence: UInt64, extra: [UInt8]) throws {
        try DurableFile.replace(path, directory: directory) { (sink: (UnsafeRawBufferPointer) throws -> Void) throws in
            var crc: UInt32 = 0
            var w = ByteWriter()
            func flush(force: Bool) throws {
                guard force || w.bytes.count >= 1 << 20 else { return }
                try w.bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
                    crc = crc32Update(crc, raw)
                    try sink(raw)
                }
                w.bytes.removeAll(keepingCapacity: true)
            }
            w.append(Self.snapshotMagic)
            w.append(Self.snapshotVersion)
            w.append(UInt32(parameters.dimension))
            w.append(UInt32(parameters.m))
            w.append(UInt32(parameters.efConstruction))
            w.append(UInt32(parameters.efSearch))
            w.append(parameters.quantization == .int8 ? UInt8(1) : UInt8(0))
            w.append(parameters.seed)
            w.append(sequence)
            w.append(bytes: extra)
            let slots = slotCount.load(ordering: .relaxed)
            w.append(UInt64(slots))
            w.append(entry.load(ordering: .relaxed))
            for i in 0..<slots {
                let n = NodeID(i)
                let state = storage.state(n)
                w.append(state.rawValue)
                guard state != .free else { continue }
                let level = storage.level(n)
                w.append(UInt8(level))
                w.append(storage.label(n))
                for l in 0...level {
                    let ids = storage.linkIDs(n, level: l)
                    w.append(UInt32(ids.count))
                    for id in ids { w.append(id.rawValue) }
                }
                w.append(UnsafeBufferPointer(start: storage.vector(n), count: dimension))
                try flush(force: false)
            }
            try flush(force: true)
            w.append(crc)
            w.append(Self.snapshotEndMagic)
            try w.bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in try sink(raw) }
        }
    }

    /// Reads a snapshot written by `writeSnapshot`, verifying its checksum first.
    /// - Returns: nil when the file does not exist.
    /// - Throws: `IndexError.checksumMismatch` or `.corrupt` with the byte offset.
    public static func readSnapshot(path: String) throws -> (index: HNSWIndex, sequence: UInt64, extra: [UInt8])? {
        guard let file = try DurableFile.read(path) else { return nil }
        return try file.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
            guard raw.count >= 12 else { throw IndexError.corrupt(path: path, offset: 0, reason: "too short for a snapshot") }
            var tail = ByteReader(raw, offset: raw.count - 12, path: path)
            let storedCRC = try tail.read(UInt32.self)
            guard try tail.read(UInt64.self) == snapshotEndMagic else {
                throw IndexError.corrupt(path: path, offset: raw.count - 8, reason: "missing end marker (incomplete snapshot)")
            }
            let body = UnsafeRawBufferPointer(rebasing: raw[0..<raw.count - 12])
            guard crc32Update(0, body) == storedCRC else {
                throw IndexError.checksumMismatch(path: path, offset: raw.count - 12)
            }
            var r = ByteReader(body, path: path)
            guard try r.read(UInt64.self) == snapshotMagic else {
                throw IndexError.corrupt(path: path, offset: 0, reason: "not a Matlas snapshot")
            }
            let version = try r.read(UInt32.self)
            guard version == snapshotVersion else {
                throw IndexError.corrupt(path: path, offset: 8, reason: "unsupported snapshot version \(version)")
            }
            let dimension = Int(try r.read(UInt32.self))
            let m = Int(try r.read(UInt32.self))
            let efConstruction = Int(try r.read(UInt32.self))
            let efSearch = Int(try r.read(UInt32.self))
            let quantized = try r.read(UInt8.self) == 1
            let seed = try r.read(UInt64.self)
            guard dimension >= 1, m >= 2, efConstruction >= 1, efSearch >= 1 else {
                throw IndexError.corrupt(path: path, offset: 12, reason: "invalid parameters")
            }
            let sequence = try r.read(UInt64.self)
            let extra = try r.readBytes()
            let parameters = HNSWParameters(dimension: dimension, m: m, efConstruction: efConstruction,
                                            efSearch: efSearch, quantization: quantized ? .int8 : .none, seed: seed)
            let index = HNSWIndex(parameters: parameters)
            let slots = Int(try r.read(UInt64.self))
            let entry = try r.read(UInt64.self)
            guard slots >= 0, slots <= r.remaining else {
                throw IndexError.corrupt(path: path, offset: r.offset - 16, reason: "slot count \(slots) exceeds the file")
            }
            index.storage.reserve(slots)
            index.slotCount.store(slots, ordering: .releasing)
            var vector = [Float](repeating: 0, count: dimension)
            for i in 0..<slots {
                let n = NodeID(i)
                let at = r.offset
                guard let state = NodeState(rawValue: try r.read(UInt8.self)), state != .unlinked else {
                    throw IndexError.corrupt(path: path, offset: at, reason: "invalid node state")
                }
                if state == .free {
                    index.freeSlots.append(n)
                    continue
                }
                let level = Int(try r.read(UInt8.self))
                let label = try r.read(UInt64.self)
                var lists: [[NodeID]] = []
                for l in 0...level {
                    let count = Int(try r.read(UInt32.self))
                    guard count <= index.storage.maxLinks(level: l) else {
                        throw IndexError.corrupt(path: path, offset: r.offset - 4, reason: "link count \(count) too large")
                    }
                    var ids: [NodeID] = []
                    for _ in 0..<count {
                        let id = try r.read(UInt32.self)
                        guard Int(id) < slots else { throw IndexError.corrupt(path: path, offset: r.offset - 4, reason: "link to missing node \(id)") }
                        ids.append(NodeID(id))
                    }
                    lists.append(ids)
                }
                try vector.withUnsafeMutableBufferPointer { (v: inout UnsafeMutableBufferPointer<Float>) throws in
                    try r.readFloats(into: v.baseAddress!, count: dimension)
                }
                vector.withUnsafeBufferPointer {
                    index.storage.initialize(n, label: label, level: level, vector: $0.baseAddress!)
                }
                for (l, ids) in lists.enumerated() { index.storage.setLinks(n, level: l, ids) }
                index.storage.setState(n, state)
                if state == .live {
                    index.nodesByLabel[label] = n
                } else {
                    index.tombstones.append(n)
                }
            }
            if entry != emptyEntry {
                let node = Int(UInt32(truncatingIfNeeded: entry))
                guard node < slots, index.storage.state(NodeID(node)) != .free else {
                    throw IndexError.corrupt(path: path, offset: 0, reason: "entry point \(node) is not a node")
                }
            }
            index.entry.store(entry, ordering: .releasing)
            index.freeSlots.reverse()
            index.levelGenerator = SplitMix64(seed: seed ^ UInt64(slots) &* 0x9E37_79B9_7F4A_7C15)
            return (index, sequence, extra)
        }
    }
}
