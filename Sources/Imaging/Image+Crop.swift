extension Image {
    /// The `cropWidth × cropHeight` region whose top-left pixel is (`x`, `y`).
    /// - Precondition: the region lies inside the image and is not empty.
    /// - Complexity: O(cropWidth × cropHeight × channels).
    public func cropped(x: Int, y: Int, width cropWidth: Int, height cropHeight: Int) -> Image {
        precondition(cropWidth > 0 && cropHeight > 0, "a crop is at least 1×1")
        precondition(x >= 0 && y >= 0 && x + cropWidth <= width && y + cropHeight <= height,
                     "the crop lies inside the image")
        var out = [Float]()
        out.reserveCapacity(cropWidth * cropHeight * channels)
        for row in y..<(y + cropHeight) {
            let start = (row * width + x) * channels
            out.append(contentsOf: pixels[start..<(start + cropWidth * channels)])
        }
        return Image(width: cropWidth, height: cropHeight, channels: channels, pixels: out)
    }

    /// The centred `cropWidth × cropHeight` region (the extra pixel, for odd margins, goes to the
    /// right and bottom). Sizes larger than the image are clamped to it.
    public func centerCropped(width cropWidth: Int, height cropHeight: Int) -> Image {
        let w = Swift.min(cropWidth, width), h = Swift.min(cropHeight, height)
        return cropped(x: (width - w) / 2, y: (height - h) / 2, width: w, height: h)
    }

    /// A `cropWidth × cropHeight` region at a uniformly random position drawn from `generator`.
    /// Sizes larger than the image are clamped to it.
    public func randomCropped(width cropWidth: Int, height cropHeight: Int,
                              using generator: inout some RandomNumberGenerator) -> Image {
        let w = Swift.min(cropWidth, width), h = Swift.min(cropHeight, height)
        let x = Int.random(in: 0...(width - w), using: &generator)
        let y = Int.random(in: 0...(height - h), using: &generator)
        return cropped(x: x, y: y, width: w, height: h)
    }

    /// A random crop reproducible from `seed` (SplitMix64; the same seed gives the same crop).
    public func randomCropped(width cropWidth: Int, height cropHeight: Int, seed: UInt64) -> Image {
        var generator = SplitMix64(seed: seed)
        return randomCropped(width: cropWidth, height: cropHeight, using: &generator)
    }
}
