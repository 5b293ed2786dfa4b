import Foundation

/// One change in a write-ahead-log record. The log record is the commit point: it carries
/// everything needed to redo the change in both the graph and the catalog.
enum StoreOperation: Equatable {
    case upsert(label: VectorLabel, record: MaterialRecord, vector: [Float])
    case delete(label: VectorLabel, id: MaterialID)

    var label: VectorLabel {
        switch self {
        case .upsert(let label, _, _), .delete(let label, _): label
        }
    }

    static func encode(_ operations: [StoreOperation]) throws -> [UInt8] {
        var w = ByteWriter()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        w.append(UInt32(operations.count))
        for op in operations {
            switch op {
            case let .upsert(label, record, vector):
                w.append(UInt8(1))
                w.append(label.rawValue)
                w.append(bytes: Array(try encoder.encode(record)))
                w.append(UInt32(vector.count))
                vector.withUnsafeBufferPointer { w.append($0) }
            case let .delete(label, id):
                w.append(UInt8(2))
                w.append(label.rawValue)
                w.append(id.rawValue)
            }
        }
        return w.bytes
    }

    static func decode(_ payload: [UInt8], path: String, offset: Int) throws -> [StoreOperation] {
        try payload.withUnsafeBytes { raw in
            var r = ByteReader(raw, path: path)
            let count = Int(try r.read(UInt32.self))
            var out: [StoreOperation] = []
            let decoder = JSONDecoder()
            for _ in 0..<count {
                let kind = try r.read(UInt8.self)
                let label = VectorLabel(try r.read(UInt64.self))
                switch kind {
                case 1:
                    let json = try r.readBytes()
                    let record: MaterialRecord
                    do { record = try decoder.decode(MaterialRecord.self, from: Data(json)) } catch {
                        throw IndexError.corrupt(path: path, offset: offset + r.offset, reason: "bad record JSON in log")
                    }
                    let dimension = Int(try r.read(UInt32.self))
                    out.append(.upsert(label: label, record: record, vector: try r.readFloats(count: dimension)))
                case 2:
                    out.append(.delete(label: label, id: MaterialID(try r.readString())))
                default:
                    throw IndexError.corrupt(path: path, offset: offset + r.offset - 9, reason: "unknown operation \(kind)")
                }
            }
            return out
        }
    }
}
