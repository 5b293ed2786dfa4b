import Testing
@testable import Imaging

/// Seeded mutation fuzzing of the decoder: 10,000 damaged PNGs built from the fixtures must each
/// decode to a well-formed image or throw a `PNGError` — never crash, hang or over-allocate.
struct PNGFuzzTests {
    static let seeds = ["gray1", "gray8", "gray16", "graya8", "rgb8", "rgba16", "palette8",
                        "palette4_trns", "interlaced_rgb8", "interlaced_gray16"]

    /// One random mutation: byte flips, overwrites, truncation, chunk-length edits, insertions or
    /// deletions; half the time the CRC of the damaged chunk is repaired so libpng looks deeper.
    static func mutate(_ png: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var b = png
        let edits = Int.random(in: 1...3, using: &rng)
        for _ in 0..<edits where !b.isEmpty {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0:  // flip one bit
                let i = Int.random(in: 0..<b.count, using: &rng)
                b[i] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1:  // overwrite a byte after the signature
                let i = Int.random(in: min(8, b.count - 1)..<b.count, using: &rng)
                b[i] = UInt8.random(in: 0...255, using: &rng)
            case 2:  // truncate
                b.removeSubrange(Int.random(in: 0..<b.count, using: &rng)...)
            case 3:  // edit a chunk length: random, off by a little, or huge
                let chunks = PNGBytes.chunkOffsets(b)
                guard let at = chunks.randomElement(using: &rng) else { break }
                let old = PNGBytes.readUInt32(b, at: at)
                let choices: [UInt32] = [UInt32.random(in: 0...UInt32.max, using: &rng), old &+ 1, old &- 1,
                                         old &+ UInt32.random(in: 2...64, using: &rng), 0x7FFF_FFFF, 0]
                PNGBytes.writeUInt32(choices.randomElement(using: &rng) ?? 0, into: &b, at: at)
            case 4:  // insert random bytes
                let i = Int.random(in: 0...b.count, using: &rng)
                let n = Int.random(in: 1...16, using: &rng)
                b.insert(contentsOf: (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: i)
            default:  // delete a run
                let i = Int.random(in: 0..<b.count, using: &rng)
                b.removeSubrange(i..<min(b.count, i + Int.random(in: 1...16, using: &rng)))
            }
        }
        if Bool.random(using: &rng) {
            for at in PNGBytes.chunkOffsets(b) { PNGBytes.fixCRC(&b, chunkAt: at) }
        }
        return b
    }

    @Test func tenThousandMutatedPNGs() throws {
        let originals = try Self.seeds.map { try Fixtures.bytes("png/\($0).png") }
        var rng = SplitMix64(seed: 0x5EED_F022)
        // A small pixel limit: a mutated IHDR claiming a large size is refused cheaply.
        let decoder = PNGDecoder(maxPixels: 1 << 20)
        var decoded = 0, failed = 0, libpngErrors = 0
        for i in 0..<10_000 {
            let input = Self.mutate(originals[i % originals.count], using: &rng)
            do {
                let image = try decoder.decode(input)
                decoded += 1
                #expect(image.pixels.count == image.width * image.height * image.channels)
                #expect(image.pixels.allSatisfy { $0 >= 0 && $0 <= 1 })
            } catch {
                failed += 1
                if case .libpng = error { libpngErrors += 1 }
            }
        }
        #expect(decoded + failed == 10_000)
        // Both outcomes must occur, or the mutations are not exercising the decoder.
        #expect(decoded > 100, "decoded \(decoded)")
        #expect(libpngErrors > 1000, "libpng errors \(libpngErrors)")
    }
}
