/// How `Image.resized(width:height:filter:)` samples the source.
public enum ResizeFilter: Hashable, Sendable {
    /// Each output pixel averages the source area it covers, weighting partly covered pixels by
    /// their overlap (a box filter; the right choice for shrinking — no aliasing of fine detail).
    case area
    /// Linear interpolation between the four nearest source pixel centres, pixel centres aligned
    /// (`align_corners = false`: source x = (x + 0.5) · srcWidth / dstWidth − 0.5, edges clamped).
    case bilinear
}

extension Image {
    /// A copy resampled to `newWidth × newHeight`, every channel alike.
    /// - Precondition: `newWidth, newHeight > 0` and the image is not empty.
    /// - Complexity: O(newWidth × height + newWidth × newHeight) × taps × channels; taps is 2 for
    ///   bilinear and about srcSize/dstSize + 1 for area.
    public func resized(width newWidth: Int, height newHeight: Int, filter: ResizeFilter = .area) -> Image {
        precondition(newWidth > 0 && newHeight > 0, "a resized image is at least 1×1")
        precondition(width > 0 && height > 0, "cannot resize an empty image")
        if newWidth == width && newHeight == height { return self }
        let wx = Self.taps(source: width, destination: newWidth, filter: filter)
        let wy = Self.taps(source: height, destination: newHeight, filter: filter)
        let ch = channels

        // Horizontal pass: height × newWidth.
        var mid = [Float](repeating: 0, count: height * newWidth * ch)
        for y in 0..<height {
            let srcRow = y * width * ch, dstRow = y * newWidth * ch
            for x in 0..<newWidth {
                for tap in wx[x] {
                    let s = srcRow + tap.index * ch, d = dstRow + x * ch
                    for c in 0..<ch { mid[d + c] += tap.weight * pixels[s + c] }
                }
            }
        }
        // Vertical pass: newHeight × newWidth.
        var out = [Float](repeating: 0, count: newHeight * newWidth * ch)
        let rowLength = newWidth * ch
        for y in 0..<newHeight {
            let dstRow = y * rowLength
            for tap in wy[y] {
                let srcRow = tap.index * rowLength
                for i in 0..<rowLength { out[dstRow + i] += tap.weight * mid[srcRow + i] }
            }
        }
        return Image(width: newWidth, height: newHeight, channels: ch, pixels: out)
    }

    /// A source index and its weight in one output sample; the weights of one output sum to 1.
    struct Tap { var index: Int; var weight: Float }

    /// Per output index along one axis, the source taps.
    static func taps(source: Int, destination: Int, filter: ResizeFilter) -> [[Tap]] {
        let scale = Double(source) / Double(destination)
        var all = [[Tap]]()
        all.reserveCapacity(destination)
        for d in 0..<destination {
            switch filter {
            case .bilinear:
                let x = Swift.min(Double(source - 1), Swift.max(0, (Double(d) + 0.5) * scale - 0.5))
                let i0 = Int(x), i1 = Swift.min(i0 + 1, source - 1)
                let t = Float(x - Double(i0))
                all.append(i1 == i0 ? [Tap(index: i0, weight: 1)]
                                    : [Tap(index: i0, weight: 1 - t), Tap(index: i1, weight: t)])
            case .area:
                let lo = Double(d) * scale, hi = Double(d + 1) * scale
                var taps = [Tap]()
                var k = Int(lo.rounded(.down))
                while Double(k) < hi && k < source {
                    let overlap = Swift.min(hi, Double(k + 1)) - Swift.max(lo, Double(k))
                    if overlap > 1e-12 { taps.append(Tap(index: k, weight: Float(overlap / scale))) }
                    k += 1
                }
                all.append(taps)
            }
        }
        return all
    }
}
