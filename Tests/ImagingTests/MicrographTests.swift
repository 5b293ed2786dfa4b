import Testing
@testable import Imaging

/// A real SEM micrograph (nanoporous gold, from the aquami package's `Sample.tif`, MIT; see
/// `Scripts/fixtures/png_micrograph.py`) through the whole micrograph path.
struct MicrographTests {
    @Test func decodesAndPreparesTheSEMImage() throws {
        let image = try Image(png: Fixtures.bytes("micrograph/nanoporous-gold.png"))
        #expect(image.width == 512 && image.height == 336 && image.channels == 1)
        // Reference values printed by the fixture script (numpy on the same pixels): exact bytes,
        // so single pixels match to 1e-6 and the mean (Float sums vs float64) to 1e-5.
        #expect(abs(image[0, 0, 0] - 160 / 255) < 1e-6)
        #expect(abs(image[100, 200, 0] - 144 / 255) < 1e-6)
        #expect(abs(image[511, 335, 0] - 82 / 255) < 1e-6)
        let stats = image.statistics()
        #expect(abs(stats.mean[0] - 0.513243) < 1e-5)
        #expect(abs(stats.std[0] - 0.112572) < 1e-5)

        // What the micrograph encoder does: crop, shrink, standardise.
        let prepared = image.centerCropped(width: 336, height: 336)
            .resized(width: 96, height: 96, filter: .area)
            .normalized(.meanStd())
        let s = prepared.statistics()
        #expect(prepared.width == 96 && prepared.height == 96)
        #expect(abs(s.mean[0]) < 1e-4 && abs(s.std[0] - 1) < 1e-3)

        // And it survives a 16-bit round trip through our encoder (exact on the 8-bit grid: k/255
        // is a multiple of 257/65535).
        let again = try Image(png: image.pngData(bitDepth: .sixteen))
        #expect(again.pixels.count == image.pixels.count)
        #expect(zip(again.pixels, image.pixels).allSatisfy { abs($0 - $1) < 1e-6 })
    }
}
