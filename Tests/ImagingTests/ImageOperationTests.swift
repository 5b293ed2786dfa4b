import Testing
@testable import Imaging

struct ImageOperationTests {
    static func ramp(width: Int, height: Int) -> Image {
        Image(width: width, height: height, gray: (0..<(width * height)).map { Float($0 % width + 10 * ($0 / width)) })
    }

    @Test func grayscaleUsesBT709Weights() {
        // Reference: ITU-R BT.709 luma Y′ = 0.2126 R + 0.7152 G + 0.0722 B; tolerance 1e-6.
        let rgb = Image(width: 2, height: 1, channels: 3, pixels: [1, 0, 0, 0.2, 0.4, 0.6])
        let g = rgb.grayscale()
        #expect(g.channels == 1)
        #expect(abs(g.pixels[0] - 0.2126) < 1e-6)
        #expect(abs(g.pixels[1] - (0.2126 * 0.2 + 0.7152 * 0.4 + 0.0722 * 0.6)) < 1e-6)
        // Gray + alpha over a white background: 0.5·0.2 + 0.5·1 = 0.6.
        let ga = Image(width: 1, height: 1, channels: 2, pixels: [0.2, 0.5])
        #expect(abs(ga.grayscale(background: 1).pixels[0] - 0.6) < 1e-6)
        #expect(ga.grayscale().pixels == [0.2])
    }

    @Test func areaResizeAveragesBlocks() {
        // Halving a 4×2 image: each output is the mean of a 2×2 block (exact).
        let img = Image(width: 4, height: 2, gray: [0, 2, 4, 6, 10, 12, 14, 16])
        let half = img.resized(width: 2, height: 1, filter: .area)
        #expect(half.pixels == [6, 10])
        // A non-integer factor keeps the mean of the image (area weights sum to one); tolerance 1e-4.
        let r = Self.ramp(width: 9, height: 7)
        let small = r.resized(width: 4, height: 3, filter: .area)
        #expect(abs(small.statistics().mean[0] - r.statistics().mean[0]) < 1e-4)
    }

    @Test func bilinearResizeIsExactOnLinearRamps() {
        // A linear ramp v = x + 10 y is reproduced exactly by bilinear interpolation away from the
        // clamped border: output x′ samples source x = (x′ + 0.5)·9/18 − 0.5.
        let r = Self.ramp(width: 9, height: 7)
        let big = r.resized(width: 18, height: 14, filter: .bilinear)
        for y in 1..<13 {
            for x in 1..<17 {
                let sx = (Double(x) + 0.5) * 0.5 - 0.5, sy = (Double(y) + 0.5) * 0.5 - 0.5
                #expect(abs(Double(big[x, y, 0]) - (sx + 10 * sy)) < 1e-4)
            }
        }
        // Same size is the identity.
        #expect(r.resized(width: 9, height: 7, filter: .bilinear) == r)
    }

    @Test func cropsPickTheRightPixels() {
        let r = Self.ramp(width: 9, height: 7)
        let c = r.cropped(x: 2, y: 3, width: 3, height: 2)
        #expect(c.pixels == [32, 33, 34, 42, 43, 44])
        let centre = r.centerCropped(width: 3, height: 3)
        #expect(centre[0, 0, 0] == 23)  // (9−3)/2 = 3, (7−3)/2 = 2
        let a = r.randomCropped(width: 4, height: 4, seed: 7)
        let b = r.randomCropped(width: 4, height: 4, seed: 7)
        #expect(a == b)
        // Different seeds reach different positions (some pair among 8 seeds differs).
        let crops = Set((0..<8).map { r.randomCropped(width: 4, height: 4, seed: UInt64($0)).pixels[0] })
        #expect(crops.count > 1)
    }

    @Test func normalisation() {
        let img = Image(width: 4, height: 1, channels: 1, pixels: [1, 2, 3, 4])
        let z = img.normalized(.meanStd(epsilon: 0))
        let s = z.statistics()
        #expect(abs(s.mean[0]) < 1e-6 && abs(s.std[0] - 1) < 1e-6)
        #expect(img.normalized(.minMax).pixels == [0, 1.0 / 3, 2.0 / 3, 1])
        #expect(img.normalized(.fixed(mean: [2], std: [2])).pixels == [-0.5, 0, 0.5, 1])
        let flat = Image(width: 3, height: 1, gray: [5, 5, 5])
        #expect(flat.normalized(.minMax).pixels == [0, 0, 0])
    }

    @Test func planarLayout() {
        let rgb = Image(width: 2, height: 1, channels: 3, pixels: [1, 2, 3, 4, 5, 6])
        #expect(rgb.planar() == [1, 4, 2, 5, 3, 6])
        #expect(rgb.plane(2) == [3, 6])
    }
}
