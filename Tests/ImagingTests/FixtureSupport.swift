import Foundation

/// Locates and loads committed fixtures (no SwiftPM resources: paths relative to this file).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }
}

/// Builds and edits PNG byte streams for the corruption and fuzz tests.
enum PNGBytes {
    /// CRC-32 (ISO 3309 / PNG), bitwise — small inputs only.
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func writeUInt32(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (24 - 8 * k)) }
    }

    /// Offsets of each chunk's length field, walking from byte 8 while lengths stay in bounds.
    static func chunkOffsets(_ bytes: [UInt8]) -> [Int] {
        var offsets = [Int](), p = 8
        while p + 12 <= bytes.count {
            offsets.append(p)
            let length = Int(readUInt32(bytes, at: p))
            p += 12 + length
        }
        return offsets
    }

    /// Recomputes the CRC of the chunk whose length field is at `offset` (if it fits).
    static func fixCRC(_ bytes: inout [UInt8], chunkAt offset: Int) {
        let length = Int(readUInt32(bytes, at: offset))
        let end = offset + 8 + length
        guard length >= 0, end + 4 <= bytes.count else { return }
        writeUInt32(crc32(bytes[(offset + 4)..<end]), into: &bytes, at: end)
    }

    /// Sets IHDR's width and height (bytes 16…23) and repairs its CRC, so only the size is wrong.
    static func withDimensions(_ png: [UInt8], width: UInt32, height: UInt32) -> [UInt8] {
        var b = png
        writeUInt32(width, into: &b, at: 16)
        writeUInt32(height, into: &b, at: 20)
        fixCRC(&b, chunkAt: 8)
        return b
    }
}
