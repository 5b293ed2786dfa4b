import CMatlas

/// CRC-32 (zlib's polynomial) over `bytes`, continuing from `crc`.
func crc32Update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var c = UInt(crc)
    var base = bytes.baseAddress
    var remaining = bytes.count
    while remaining > 0, let p = base {
        let n = min(remaining, 1 << 30)
        c = CMatlas.crc32(c, p.assumingMemoryBound(to: UInt8.self), UInt32(n))
        base = p + n
        remaining -= n
    }
    return UInt32(truncatingIfNeeded: c)
}

/// Little-endian binary encoder into a growable byte buffer.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
    mutating func append(_ value: Float) { append(value.bitPattern) }
    mutating func append(_ floats: UnsafeBufferPointer<Float>) {
        // Little-endian hosts only (x86-64, arm64): floats are copied as they lie in memory.
        bytes.append(contentsOf: UnsafeRawBufferPointer(floats))
    }
    mutating func append(_ string: String) {
        let utf8 = Array(string.utf8)
        append(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
    mutating func append(bytes other: [UInt8]) {
        append(UInt32(other.count))
        bytes.append(contentsOf: other)
    }
}

/// Little-endian binary decoder with bounds checks that report the offset.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int
    let path: String

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0, path: String) {
        self.bytes = bytes
        self.offset = offset
        self.path = path
    }

    var remaining: Int { bytes.count - offset }

    private func need(_ n: Int) throws {
        if n < 0 || remaining < n {
            throw IndexError.corrupt(path: path, offset: offset, reason: "truncated (need \(n) bytes, \(remaining) left)")
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
        try need(MemoryLayout<T>.size)
        let v = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: v)
    }
    mutating func readFloat() throws -> Float { Float(bitPattern: try read(UInt32.self)) }
    mutating func readFloats(into target: UnsafeMutablePointer<Float>, count: Int) throws {
        try need(count * 4)
        UnsafeMutableRawPointer(target).copyMemory(from: bytes.baseAddress! + offset, byteCount: count * 4)
        offset += count * 4
    }
    mutating func readFloats(count: Int) throws -> [Float] {
        try need(count * 4)
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { UnsafeMutableRawBufferPointer($0).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count * 4])) }
        offset += count * 4
        return out
    }
    mutating func readBytes() throws -> [UInt8] {
        let n = Int(try read(UInt32.self))
        try need(n)
        let out = Array(bytes[offset..<offset + n])
        offset += n
        return out
    }
    mutating func readString() throws -> String {
        let raw = try readBytes()
        return String(decoding: raw, as: UTF8.self)
    }
}
