/// How `Image.normalized(_:)` rescales samples.
public enum Normalization: Hashable, Sendable {
    /// Per channel, subtract the mean and divide by the (population) standard deviation; a constant
    /// channel becomes all zeros. `epsilon` is added to the deviation to keep the division finite.
    case meanStd(epsilon: Float = 1e-6)
    /// Per channel, map the minimum to 0 and the maximum to 1; a constant channel becomes all zeros.
    case minMax
    /// Subtract fixed per-channel means and divide by fixed per-channel deviations (e.g. dataset
    /// statistics); arrays of length 1 apply to every channel.
    case fixed(mean: [Float], std: [Float])
}

extension Image {
    /// A copy with every channel (alpha included) rescaled as `method` says.
    /// - Precondition: for `.fixed`, arrays of length 1 or `channels`, deviations non-zero.
    /// - Complexity: O(width × height × channels).
    public func normalized(_ method: Normalization) -> Image {
        var out = pixels
        let n = pixelCount
        guard n > 0 else { return self }
        for c in 0..<channels {
            let (shift, scale): (Float, Float)
            switch method {
            case .meanStd(let eps):
                var sum = 0.0, sumSq = 0.0
                for i in 0..<n { let v = Double(pixels[i * channels + c]); sum += v; sumSq += v * v }
                let mean = sum / Double(n)
                let variance = Swift.max(0, sumSq / Double(n) - mean * mean)
                shift = Float(mean)
                scale = 1 / (Float(variance.squareRoot()) + eps)
            case .minMax:
                var lo = Float.infinity, hi = -Float.infinity
                for i in 0..<n { let v = pixels[i * channels + c]; lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
                shift = lo
                scale = hi > lo ? 1 / (hi - lo) : 0
            case .fixed(let mean, let std):
                precondition(mean.count == 1 || mean.count == channels, "one mean or one per channel")
                precondition(std.count == 1 || std.count == channels, "one deviation or one per channel")
                let s = std.count == 1 ? std[0] : std[c]
                precondition(s != 0, "a deviation of zero")
                shift = mean.count == 1 ? mean[0] : mean[c]
                scale = 1 / s
            }
            for i in 0..<n { out[i * channels + c] = (pixels[i * channels + c] - shift) * scale }
        }
        return Image(width: width, height: height, channels: channels, pixels: out)
    }

    /// Per-channel mean and population standard deviation.
    public func statistics() -> (mean: [Float], std: [Float]) {
        let n = Double(Swift.max(1, pixelCount))
        var means = [Float](), stds = [Float]()
        for c in 0..<channels {
            var sum = 0.0, sumSq = 0.0
            for i in 0..<pixelCount { let v = Double(pixels[i * channels + c]); sum += v; sumSq += v * v }
            let mean = sum / n
            means.append(Float(mean))
            stds.append(Float(Swift.max(0, sumSq / n - mean * mean).squareRoot()))
        }
        return (means, stds)
    }
}
