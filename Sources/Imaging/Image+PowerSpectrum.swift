import Foundation

/// The 2-D power spectrum |F(k)|² of an image: what a microscopist reads lattice spacings from
/// (the "diffractogram" of a high-resolution micrograph).
///
/// Computed over the largest centred square of the image (at most `maxSide` pixels: a larger image
/// is cropped to its centre), with the mean removed and a separable Hann window applied (so the
/// image edges do not add streaks), zero-padded to the next power of two and transformed with a
/// radix-2 FFT. `power[ky * side + kx]` holds frequency (kx, ky) in cycles per `side` pixels, with
/// index n > side/2 meaning n − side (the DC term at index 0).
public struct PowerSpectrum: Sendable {
    /// The largest square transformed, in pixels.
    public static let maxSide = 1024

    /// Side of the transform (a power of two).
    public let side: Int
    /// Side of the image square that was transformed (≤ `side`; the rest is zero padding).
    public let imageSide: Int
    /// |F|², row-major, `side × side`.
    public let power: [Double]

    /// Frequency of index `n` along one axis, in cycles per transform side (signed).
    @inlinable public func frequency(_ n: Int) -> Int { n <= side / 2 ? n : n - side }
}

extension Image {
    /// The power spectrum of the image's first channel (`grayscale` first for colour images).
    /// - Precondition: the image is at least 2 × 2 pixels.
    public func powerSpectrum() -> PowerSpectrum {
        precondition(width >= 2 && height >= 2, "a power spectrum needs at least 2 × 2 pixels")
        let s = Swift.min(width, height, PowerSpectrum.maxSide)
        let x0 = (width - s) / 2, y0 = (height - s) / 2
        var n = 1
        while n < s { n <<= 1 }
        var mean = 0.0
        for y in 0..<s { for x in 0..<s { mean += Double(pixels[((y0 + y) * width + x0 + x) * channels]) } }
        mean /= Double(s * s)
        let window = (0..<s).map { 0.5 - 0.5 * cos(2 * Double.pi * (Double($0) + 0.5) / Double(s)) }
        var re = [Double](repeating: 0, count: n * n), im = re
        for y in 0..<s {
            for x in 0..<s {
                re[y * n + x] = (Double(pixels[((y0 + y) * width + x0 + x) * channels]) - mean) * window[x] * window[y]
            }
        }
        var rowRe = [Double](repeating: 0, count: n), rowIm = rowRe
        for y in 0..<s {  // padded rows stay zero
            for x in 0..<n { rowRe[x] = re[y * n + x]; rowIm[x] = 0 }
            FFT.transform(&rowRe, &rowIm)
            for x in 0..<n { re[y * n + x] = rowRe[x]; im[y * n + x] = rowIm[x] }
        }
        for x in 0..<n {
            for y in 0..<n { rowRe[y] = re[y * n + x]; rowIm[y] = im[y * n + x] }
            FFT.transform(&rowRe, &rowIm)
            for y in 0..<n { re[y * n + x] = rowRe[y]; im[y * n + x] = rowIm[y] }
        }
        var power = re
        for i in power.indices { power[i] = re[i] * re[i] + im[i] * im[i] }
        return PowerSpectrum(side: n, imageSide: s, power: power)
    }
}

/// An in-place iterative radix-2 complex FFT (forward, unnormalised: X_k = Σ x_n e^{−2πikn/N}).
enum FFT {
    /// - Precondition: `re.count == im.count` is a power of two.
    static func transform(_ re: inout [Double], _ im: inout [Double]) {
        let n = re.count
        precondition(n == im.count && n > 0 && n & (n - 1) == 0, "FFT length must be a power of two")
        // Bit-reversal permutation.
        var j = 0
        for i in 1..<Swift.max(n, 2) where i < n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { re.swapAt(i, j); im.swapAt(i, j) }
        }
        var length = 2
        while length <= n {
            let angle = -2 * Double.pi / Double(length)
            let (wr, wi) = (cos(angle), sin(angle))
            var start = 0
            while start < n {
                var (cr, ci) = (1.0, 0.0)
                for k in 0..<(length / 2) {
                    let a = start + k, b = a + length / 2
                    let tr = re[b] * cr - im[b] * ci, ti = re[b] * ci + im[b] * cr
                    re[b] = re[a] - tr; im[b] = im[a] - ti
                    re[a] += tr; im[a] += ti
                    (cr, ci) = (cr * wr - ci * wi, cr * wi + ci * wr)
                }
                start += length
            }
            length <<= 1
        }
    }
}
