import Foundation
import Learning
import Testing

/// Forward values against direct reference implementations (naive loops, closed forms).
@Suite struct ForwardReferenceTests {
    /// Naive C = A·B (or A·Bᵀ) per batch entry, in Double.
    func naiveMatmul(_ a: Tensor, _ b: Tensor, batch: Int, m: Int, k: Int, n: Int, transposedB: Bool) -> [Double] {
        var out = [Double](repeating: 0, count: batch * m * n)
        let av = a.values, bv = b.values
        for p in 0..<batch {
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for l in 0..<k {
                        let bIndex = transposedB ? p * n * k + j * k + l : p * k * n + l * n + j
                        s += Double(av[p * m * k + i * k + l]) * Double(bv[bIndex])
                    }
                    out[(p * m + i) * n + j] = s
                }
            }
        }
        return out
    }

    // Tolerance: 1e-5 absolute on sums of ≤ 8 products of values in [-1, 1] (Float32 rounding ≈ 1e-7 each).
    @Test func matmulMatchesNaive() {
        let a = random([3, 4, 5], seed: 1), b = random([3, 5, 2], seed: 2), bt = random([3, 2, 5], seed: 3)
        let c = a.matmul(b).values
        let reference = naiveMatmul(a, b, batch: 3, m: 4, k: 5, n: 2, transposedB: false)
        #expect(zip(c, reference).allSatisfy { Swift.abs(Double($0) - $1) < 1e-5 })
        let ct = a.matmul(bt, transposingB: true).values
        let referenceT = naiveMatmul(a, bt, batch: 3, m: 4, k: 5, n: 2, transposedB: true)
        #expect(zip(ct, referenceT).allSatisfy { Swift.abs(Double($0) - $1) < 1e-5 })
        let folded = a.matmul(random([5, 2], seed: 4))
        #expect(folded.shape == [3, 4, 2])
    }

    // Reference: direct cross-correlation with zero padding, in Double; tolerance 1e-5 absolute.
    @Test func conv2dMatchesDirectConvolution() {
        let x = random([2, 3, 6, 5], seed: 5), w = random([4, 3, 3, 2], seed: 6), b = random([4], seed: 7)
        let (sh, sw, ph, pw) = (2, 1, 1, 2)
        let y = x.conv2d(weight: w, bias: b, stride: (sh, sw), padding: (ph, pw))
        let oh = (6 + 2 * ph - 3) / sh + 1, ow = (5 + 2 * pw - 2) / sw + 1
        #expect(y.shape == [2, 4, oh, ow])
        let xv = x.values, wv = w.values, bv = b.values, yv = y.values
        var worst = 0.0
        for n in 0..<2 { for o in 0..<4 { for i in 0..<oh { for j in 0..<ow {
            var s = Double(bv[o])
            for c in 0..<3 { for ki in 0..<3 { for kj in 0..<2 {
                let iy = i * sh - ph + ki, ix = j * sw - pw + kj
                if iy >= 0 && iy < 6 && ix >= 0 && ix < 5 {
                    s += Double(xv[((n * 3 + c) * 6 + iy) * 5 + ix]) * Double(wv[((o * 3 + c) * 3 + ki) * 2 + kj])
                }
            } } }
            worst = Swift.max(worst, Swift.abs(s - Double(yv[((n * 4 + o) * oh + i) * ow + j])))
        } } } }
        #expect(worst < 1e-5)
    }

    @Test func broadcastingShapesAndValues() {
        let a = Tensor(shape: [2, 1, 3], values: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [4, 1], values: [10, 20, 30, 40])
        let c = a + b
        #expect(c.shape == [2, 4, 3])
        #expect(c.values[0..<6] == [11, 12, 13, 21, 22, 23])
        #expect(c.values[21..<24] == [44, 45, 46])
        #expect((Tensor(scalar: 2) * a).shape == [2, 1, 3])
        #expect((a.sum(axes: [0, 2])).values == [21])
        #expect(a.sum(axes: [2]).shape == [2, 1])
    }

    // Closed forms: GELU(1) = Φ(1) = 0.841344746, softplus(0) = ln 2, sigmoid(0) = 1/2; tolerance 1e-6.
    @Test func activationValues() {
        let x = Tensor(shape: [1], values: [1])
        #expect(Swift.abs(x.gelu().scalarValue - 0.841_344_75) < 1e-6)
        #expect(Swift.abs(Tensor(scalar: 0).softplus().scalarValue - 0.693_147_2) < 1e-6)
        #expect(Tensor(scalar: 0).sigmoid().scalarValue == 0.5)
        #expect(Tensor(scalar: -100).sigmoid().scalarValue >= 0)
        #expect(Tensor(shape: [4], values: [-3, -0.5, 0.5, 3]).clamped(min: -1, max: 1).values == [-1, -0.5, 0.5, 1])
    }

    // Softmax rows sum to 1 (1e-6); layer norm rows have mean 0 (1e-6) and variance 1 (1e-4, eps = 1e-5).
    @Test func normalisationInvariants() {
        let x = random([4, 7], seed: 8, low: -5, high: 5)
        let s = x.softmax().values
        for r in 0..<4 { #expect(Swift.abs(s[(r * 7)..<(r * 7 + 7)].reduce(0, +) - 1) < 1e-6) }
        let y = x.layerNorm(gamma: nil, beta: nil).values
        for r in 0..<4 {
            let row = y[(r * 7)..<(r * 7 + 7)].map(Double.init)
            let mean = row.reduce(0, +) / 7
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 7
            #expect(Swift.abs(mean) < 1e-6)
            #expect(Swift.abs(variance - 1) < 1e-4)
        }
        let logits = Tensor(shape: [2, 3], values: [1, 2, 3, 0, 0, 0])
        // −log softmax: row 0 target 2: log(e¹+e²+e³) − 3 = 0.407606; row 1: log 3 = 1.098612.
        let ce = Tensor.crossEntropy(logits: logits, targets: [2, 0]).scalarValue
        #expect(Swift.abs(ce - Float((0.407_605_96 + 1.098_612_3) / 2)) < 1e-6)
    }

    @Test func segmentsWithEmptySegments() {
        let x = Tensor(shape: [4, 2], values: [1, -1, 2, -2, 3, -3, 4, -4])
        let segments = [2, 0, 2, 2]
        #expect(x.segmentSum(segments, count: 4).values == [2, -2, 0, 0, 8, -8, 0, 0])
        let third: Float = 8.0 / 3
        let means: [Float] = [2, -2, 0, 0, third, -third, 0, 0]
        #expect(x.segmentMean(segments, count: 4).values == means)
        #expect(x.segmentMax(segments, count: 4).values == [2, -2, 0, 0, 4, -1, 0, 0])
        #expect(Tensor(shape: [0, 2]).segmentMax([], count: 2).values == [0, 0, 0, 0])
    }

    @Test func poolingValues() {
        let x = Tensor(shape: [1, 1, 2, 4], values: [1, 5, 2, 0, 3, 4, 8, 7])
        #expect(x.maxPool2d(kernel: (2, 2)).values == [5, 8])
        #expect(x.avgPool2d(kernel: (2, 2)).values == [3.25, 4.25])
    }

    @Test func maskedKeysGetNoWeight() {
        // With keys 2 and 3 masked (−1e9), the output mixes value rows 0 and 1 only, both 1: every
        // output is 1 to 1e-5 (an unmasked key would pull it towards 100).
        let q = random([1, 2, 3], seed: 9), k = random([1, 4, 3], seed: 10)
        let v = Tensor(shape: [1, 4, 1], values: [1, 1, 100, 100])
        let mask = Tensor.keyPaddingMask(valid: [[true, true, false, false]])
        let out = Tensor.scaledDotProductAttention(query: q, key: k, value: v, mask: mask).values
        #expect(out.allSatisfy { Swift.abs($0 - 1) < 1e-5 })
    }

    @Test func viewsShareStorage() {
        let x = Tensor(shape: [4, 3], values: (0..<12).map(Float.init))
        let r = x.reshaped([2, 6])
        #expect(r.storage === x.storage)
        let rows = x.slice(axis: 0, 1..<3)
        #expect(rows.storage === x.storage && rows.values == [3, 4, 5, 6, 7, 8])
        #expect(x.split(sizes: [1, 2], axis: 1)[1].values == [1, 2, 4, 5, 7, 8, 10, 11])
        #expect(x.transposed().values == [0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11])
    }
}
