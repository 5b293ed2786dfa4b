/// A grayscale pixel buffer: `width × height` `Float` samples, row-major, top row first — what the
/// STEM simulator produces. (Chemistry does not import Imaging: the PNG writer there takes the raw
/// `pixels` with the size, e.g. `Image(width:height:gray:)`.)
public struct GrayImage: Hashable, Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height` samples; the sample at column `x`, row `y` is `pixels[y * width + x]`.
    public var pixels: [Float]

    /// A buffer from row-major samples.
    /// - Precondition: `width, height ≥ 0` and `pixels.count == width * height`.
    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(width >= 0 && height >= 0, "image dimensions are non-negative")
        precondition(pixels.count == width * height, "pixel count must be width × height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A buffer filled with `value`.
    public init(width: Int, height: Int, repeating value: Float = 0) {
        self.init(width: width, height: height, pixels: [Float](repeating: value, count: width * height))
    }

    /// The sample at column `x`, row `y`.
    /// - Precondition: indices in range.
    public subscript(x: Int, y: Int) -> Float {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel index out of range")
            return pixels[y * width + x]
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel index out of range")
            pixels[y * width + x] = newValue
        }
    }

    /// The smallest and largest sample (`(0, 0)` for an empty buffer).
    public var range: (min: Float, max: Float) {
        guard var lo = pixels.first else { return (0, 0) }
        var hi = lo
        for v in pixels { lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
        return (lo, hi)
    }

    /// A copy linearly rescaled so the smallest sample is 0 and the largest 1 (all zeros if flat).
    public func rescaledToUnitRange() -> GrayImage {
        let (lo, hi) = range
        let scale: Float = hi > lo ? 1 / (hi - lo) : 0
        return GrayImage(width: width, height: height, pixels: pixels.map { ($0 - lo) * scale })
    }
}
