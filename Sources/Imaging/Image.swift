/// Imaging: PNG in and out (libpng's simplified API) and the few pixel operations the micrograph
/// encoder needs — grayscale, resize, crop, normalise.
///
/// Where things live:
/// - `Image.swift` — the pixel buffer every operation reads and returns.
/// - `PNGDecoder.swift`, `PNGEncoder.swift`, `PNGError.swift` — files in and out.
/// - `Image+Grayscale.swift`, `Image+Resize.swift`, `Image+Crop.swift`, `Image+Normalize.swift`.
/// - `SplitMix64.swift` — the seeded generator behind reproducible random crops.
public enum Imaging {}

/// A raster image of `Float` samples: `width × height` pixels with `channels` samples each,
/// **interleaved** and row-major — the sample of channel `c` at column `x`, row `y` (row 0 at the
/// top) is `pixels[(y * width + x) * channels + c]`.
///
/// Channel layouts: 1 = gray, 2 = gray + alpha, 3 = RGB, 4 = RGBA. Samples read from a PNG are in
/// [0, 1] (the stored integer divided by 255 or 65535); alpha is *straight* (not premultiplied).
/// Operations such as `normalized(_:)` may move samples outside [0, 1]; the PNG encoder clamps.
/// `planar()` gives the channel-major (CHW) layout a convolutional encoder reads.
public struct Image: Hashable, Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Samples per pixel: 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA).
    public let channels: Int
    /// `width * height * channels` samples, interleaved, row-major, top row first.
    public var pixels: [Float]

    /// An image from interleaved samples.
    /// - Precondition: `width, height ≥ 0`, `channels` in 1…4, `pixels.count == width * height * channels`.
    public init(width: Int, height: Int, channels: Int, pixels: [Float]) {
        precondition(width >= 0 && height >= 0, "image dimensions are non-negative")
        precondition((1...4).contains(channels), "an image has 1 to 4 channels")
        precondition(pixels.count == width * height * channels, "pixel count must be width × height × channels")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// A one-channel (gray) image from row-major samples — the form a simulator's grayscale buffer
    /// (e.g. Chemistry's `GrayImage`) converts through without either module importing the other.
    public init(width: Int, height: Int, gray: [Float]) {
        self.init(width: width, height: height, channels: 1, pixels: gray)
    }

    /// An image filled with one value in every sample.
    public init(width: Int, height: Int, channels: Int, repeating value: Float) {
        self.init(width: width, height: height, channels: channels,
                  pixels: [Float](repeating: value, count: width * height * channels))
    }

    /// True when the last channel is alpha (2 or 4 channels).
    public var hasAlpha: Bool { channels == 2 || channels == 4 }

    /// Number of colour (non-alpha) channels: 1 for gray, 3 for RGB.
    public var colorChannels: Int { hasAlpha ? channels - 1 : channels }

    /// Number of pixels, `width * height`.
    public var pixelCount: Int { width * height }

    /// The sample at (`x`, `y`, channel `c`).
    /// - Precondition: indices in range.
    public subscript(x: Int, y: Int, c: Int) -> Float {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height && c >= 0 && c < channels, "pixel index out of range")
            return pixels[(y * width + x) * channels + c]
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height && c >= 0 && c < channels, "pixel index out of range")
            pixels[(y * width + x) * channels + c] = newValue
        }
    }

    /// The samples in channel-major order (CHW): all of channel 0 row by row, then channel 1, ….
    public func planar() -> [Float] {
        if channels == 1 { return pixels }
        var out = [Float](repeating: 0, count: pixels.count)
        let n = pixelCount
        for i in 0..<n {
            for c in 0..<channels { out[c * n + i] = pixels[i * channels + c] }
        }
        return out
    }

    /// One channel as a row-major plane of `width * height` samples.
    /// - Precondition: `channel` in 0..<channels.
    public func plane(_ channel: Int) -> [Float] {
        precondition(channel >= 0 && channel < channels, "channel out of range")
        if channels == 1 { return pixels }
        var out = [Float](repeating: 0, count: pixelCount)
        for i in 0..<pixelCount { out[i] = pixels[i * channels + channel] }
        return out
    }
}
