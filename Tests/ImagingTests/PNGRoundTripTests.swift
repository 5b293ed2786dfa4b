import Testing
@testable import Imaging

/// Our encoder → our decoder for every channel layout and both bit depths.
struct PNGRoundTripTests {
    /// A deterministic test pattern on the 8- or 16-bit grid (so the round trip can be exact);
    /// alpha is kept ≥ 0.2 so that 16-bit premultiplication loses at most 0.5/65535/0.2 ≈ 4e-5.
    static func pattern(width: Int, height: Int, channels: Int, levels: Int) -> Image {
        var px = [Float]()
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    var v = (x * 7919 + y * 104_729 + c * 15_485_863 + x * y * 31) % (levels + 1)
                    if (channels == 2 || channels == 4) && c == channels - 1 { v = levels / 5 + v % (levels - levels / 5) }
                    px.append(Float(v) / Float(levels))
                }
            }
        }
        return Image(width: width, height: height, channels: channels, pixels: px)
    }

    @Test(arguments: [1, 2, 3, 4], PNGEncoder.BitDepth.allCases)
    func roundTrip(channels: Int, depth: PNGEncoder.BitDepth) throws {
        let levels = depth == .eight ? 255 : 65535
        let image = Self.pattern(width: 37, height: 23, channels: channels, levels: levels)
        let png = try image.pngData(bitDepth: depth)
        let header = try PNGDecoder().header(of: png)
        #expect(header.bitDepth == depth.rawValue && header.channels == channels && !header.isPalette)
        let back = try Image(png: png)
        #expect(back.width == 37 && back.height == 23 && back.channels == channels)
        // Tolerance: exact on the integer grid (1e-6 for float rounding) except 16-bit colour with
        // alpha, which libpng stores premultiplied in memory: ≤ 0.5/65535/0.2 ≈ 4e-5, allow 1e-4.
        let tolerance: Float = (depth == .sixteen && image.hasAlpha) ? 1e-4 : 1e-6
        var worst: Float = 0
        for (a, b) in zip(image.pixels, back.pixels) { worst = max(worst, abs(a - b)) }
        #expect(worst <= tolerance, "worst error \(worst)")
    }

    @Test func encoderClampsOutOfRangeSamples() throws {
        let image = Image(width: 3, height: 1, gray: [-0.5, 0.5, 7])
        let back = try Image(png: image.pngData())
        // 0.5 → round(127.5) = 128 → 128/255.
        #expect(back.pixels == [0, 128 / 255, 1])
    }

    @Test func emptyImageIsRefused() {
        let image = Image(width: 0, height: 4, gray: [])
        #expect(throws: PNGError.zeroSize(width: 0, height: 4)) { try image.pngData() }
    }

    @Test func largeNoisyImageRoundTrips() throws {
        // 300×200 RGB of pseudo-random bytes: incompressible, exercises the output-size bound.
        var state: UInt64 = 12345
        var px = [Float]()
        for _ in 0..<(300 * 200 * 3) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            px.append(Float(state >> 56) / 255)
        }
        let image = Image(width: 300, height: 200, channels: 3, pixels: px)
        let png = try image.pngData()
        #expect(png.count > 300 * 200 * 3)  // random data does not compress
        #expect(try Image(png: png) == image)
    }
}
