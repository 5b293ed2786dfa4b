extension Image {
    /// Luma weights (R, G, B) used by `grayscale()`: ITU-R BT.709 (0.2126, 0.7152, 0.0722), applied
    /// to the stored (sRGB-encoded for 8-bit files) samples — i.e. luma Y′, as most image tools do.
    public static let lumaWeights: SIMD3<Float> = SIMD3(0.2126, 0.7152, 0.0722)

    /// A one-channel image: gray stays gray, RGB becomes Y′ = 0.2126 R + 0.7152 G + 0.0722 B.
    ///
    /// Alpha is composited over `background` (a gray level in [0, 1]); pass `nil` to drop alpha
    /// and keep the colour as stored.
    /// - Complexity: O(width × height).
    public func grayscale(background: Float? = nil) -> Image {
        if channels == 1 { return self }
        let n = pixelCount
        var out = [Float](repeating: 0, count: n)
        let w = Self.lumaWeights
        for i in 0..<n {
            let p = i * channels
            var y: Float
            if colorChannels == 3 {
                y = w.x * pixels[p] + w.y * pixels[p + 1] + w.z * pixels[p + 2]
            } else {
                y = pixels[p]
            }
            if hasAlpha, let bg = background {
                let a = pixels[p + channels - 1]
                y = a * y + (1 - a) * bg
            }
            out[i] = y
        }
        return Image(width: width, height: height, gray: out)
    }
}
