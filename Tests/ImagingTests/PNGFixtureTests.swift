import Testing
@testable import Imaging

/// Decoding PNGs written by Pillow and by a minimal independent writer
/// (`Scripts/fixtures/png_fixtures.py`); `NAME.expected` holds the samples libpng should return.
struct PNGFixtureTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String, width: Int, height: Int, channels: Int, bitDepth: Int, palette: Bool
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "gray1", width: 13, height: 7, channels: 1, bitDepth: 8, palette: false),
        Case(name: "gray2", width: 13, height: 7, channels: 1, bitDepth: 8, palette: false),
        Case(name: "gray8", width: 13, height: 7, channels: 1, bitDepth: 8, palette: false),
        Case(name: "gray16", width: 13, height: 7, channels: 1, bitDepth: 16, palette: false),
        Case(name: "graya8", width: 13, height: 7, channels: 2, bitDepth: 8, palette: false),
        Case(name: "graya16", width: 13, height: 7, channels: 2, bitDepth: 16, palette: false),
        Case(name: "rgb8", width: 13, height: 7, channels: 3, bitDepth: 8, palette: false),
        Case(name: "rgb16", width: 13, height: 7, channels: 3, bitDepth: 16, palette: false),
        Case(name: "rgba8", width: 13, height: 7, channels: 4, bitDepth: 8, palette: false),
        Case(name: "rgba16", width: 13, height: 7, channels: 4, bitDepth: 16, palette: false),
        Case(name: "palette8", width: 13, height: 7, channels: 3, bitDepth: 8, palette: true),
        Case(name: "palette4_trns", width: 13, height: 7, channels: 4, bitDepth: 8, palette: true),
        Case(name: "interlaced_rgb8", width: 19, height: 11, channels: 3, bitDepth: 8, palette: false),
        Case(name: "interlaced_gray16", width: 19, height: 11, channels: 1, bitDepth: 16, palette: false),
    ]

    /// Expected samples as floats in [0, 1] (uint8 / 255 or big-endian uint16 / 65535).
    static func expected(_ c: Case) throws -> [Float] {
        let raw = try Fixtures.bytes("png/\(c.name).expected")
        if c.bitDepth == 16 {
            return stride(from: 0, to: raw.count, by: 2).map { Float(UInt16(raw[$0]) << 8 | UInt16(raw[$0 + 1])) / 65535 }
        }
        return raw.map { Float($0) / 255 }
    }

    @Test(arguments: cases)
    func decodesFixture(_ c: Case) throws {
        let png = try Fixtures.bytes("png/\(c.name).png")
        let header = try PNGDecoder().header(of: png)
        #expect(header == PNGHeader(width: c.width, height: c.height, channels: c.channels,
                                    bitDepth: c.bitDepth, isPalette: c.palette))
        let image = try PNGDecoder().decode(png)
        #expect(image.width == c.width && image.height == c.height && image.channels == c.channels)
        let want = try Self.expected(c)
        #expect(image.pixels.count == want.count)
        // Tolerance: 8-bit and 16-bit without alpha are exact (1e-6 covers float rounding).
        // 16-bit with alpha: libpng premultiplies and we divide back; alpha ≥ 0.1 in these fixtures,
        // so the rounding error is ≤ 0.5/65535/0.1 ≈ 7.6e-5 — allow 2e-4.
        let tolerance: Float = (c.bitDepth == 16 && c.channels % 2 == 0) ? 2e-4 : 1e-6
        var worst: Float = 0
        for (g, w) in zip(image.pixels, want) { worst = max(worst, abs(g - w)) }
        #expect(worst <= tolerance, "worst sample error \(worst) for \(c.name)")
    }
}
