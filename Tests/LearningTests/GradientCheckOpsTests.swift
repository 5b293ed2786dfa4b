import Learning
import Testing

/// Finite-difference checks (see `checkGradients` for the tolerance) of every differentiable op,
/// including broadcasting shapes and empty segments.
@Suite struct GradientCheckOpsTests {
    @Test(arguments: [
        ([2, 3], [2, 3]), ([2, 3], [3]), ([2, 1, 3], [4, 1]), ([], [2, 3]), ([3, 1], [1, 4]), ([2, 3, 4], [1, 3, 1]),
    ])
    func broadcastingArithmetic(shapes: ([Int], [Int])) {
        let a = random(shapes.0, seed: 1), b = random(shapes.1, seed: 2, low: 0.5, high: 2)
        checkGradients([a, b]) { $0[0] + $0[1] }
        checkGradients([a, b]) { $0[0] - $0[1] }
        checkGradients([a, b]) { $0[0] * $0[1] }
        checkGradients([a, b]) { $0[0] / $0[1] }
        checkGradients([a, b]) { $0[1] / $0[0].affine(scale: 0.1, shift: 3) }
    }

    @Test func sameTensorUsedTwiceAccumulates() {
        let x = random([3, 2], seed: 3)
        checkGradients([x]) { $0[0] * $0[0] + $0[0] }
    }

    @Test func scalarForms() {
        let x = random([2, 3], seed: 4, low: 0.5, high: 2)
        checkGradients([x]) { ((($0[0] + 2) * 3 - 1) / 4) }
        checkGradients([x]) { 2 - $0[0] }
        checkGradients([x]) { 3 / $0[0] }
        checkGradients([x]) { -$0[0] }
    }

    @Test func unaryMaths() {
        let positive = random([2, 5], seed: 5, low: 0.5, high: 2)
        checkGradients([positive]) { $0[0].exp() }
        checkGradients([positive]) { $0[0].log() }
        checkGradients([positive]) { $0[0].sqrt() }
        checkGradients([positive]) { $0[0].pow(2) }
        checkGradients([positive]) { $0[0].pow(-1.5) }
        checkGradients([spread([2, 5], seed: 6, gap: 0.1, offset: 0.05)]) { $0[0].abs() }
        // Bounds at ±0.42 sit between the ramp's values (multiples of 0.1 offset by 0.05).
        checkGradients([spread([2, 5], seed: 6, gap: 0.1, offset: 0.05)]) { $0[0].clamped(min: -0.42, max: 0.42) }
    }

    @Test(arguments: Activation.allCases)
    func activations(activation: Activation) {
        // Values ≥ 0.025 away from 0, so ReLU's kink is never straddled by h = 0.01.
        let x = spread([3, 4], seed: 8, gap: 0.35, offset: 0.025)
        checkGradients([x]) { activation($0[0]) }
    }

    @Test func softplusLargeInputs() {
        let x = Tensor(shape: [4], values: [-30, -2, 19.5, 25])
        checkGradients([x]) { $0[0].softplus() }
    }

    @Test func reductions() {
        let x = random([2, 3, 4], seed: 9)
        checkGradients([x]) { $0[0].sum() }
        checkGradients([x]) { $0[0].sum(axes: [1]) }
        checkGradients([x]) { $0[0].sum(axes: [0, 2], keepingDimensions: true) }
        checkGradients([x]) { $0[0].mean(axes: [-1]) }
        checkGradients([x]) { $0[0].mean() }
        let distinct = spread([2, 3, 4], seed: 10)
        checkGradients([distinct]) { $0[0].max(axis: 1) }
        checkGradients([distinct]) { $0[0].max(axis: -1, keepingDimensions: true) }
        checkGradients([distinct]) { $0[0].max(axis: 0) }
    }

    @Test func matmulShapes() {
        checkGradients([random([3, 4], seed: 11), random([4, 5], seed: 12)]) { $0[0].matmul($0[1]) }
        checkGradients([random([2, 3, 4], seed: 13), random([4, 2], seed: 14)]) { $0[0].matmul($0[1]) }
        checkGradients([random([2, 3, 4], seed: 15), random([2, 4, 2], seed: 16)]) { $0[0].matmul($0[1]) }
        checkGradients([random([2, 2, 3, 4], seed: 17), random([2, 2, 5, 4], seed: 18)]) {
            $0[0].matmul($0[1], transposingB: true)
        }
        checkGradients([random([3, 4], seed: 19), random([5, 4], seed: 20)]) { $0[0].matmul($0[1], transposingB: true) }
    }

    @Test func linearFused() {
        let x = random([2, 3, 4], seed: 21), w = random([5, 4], seed: 22), b = random([5], seed: 23)
        checkGradients([x, w, b]) { $0[0].linear(weight: $0[1], bias: $0[2]) }
        checkGradients([x, w]) { $0[0].linear(weight: $0[1], bias: nil) }
    }

    @Test func shapeOps() {
        let x = random([2, 3, 4], seed: 24)
        checkGradients([x]) { $0[0].reshaped([4, -1]) * $0[0].reshaped([4, 6]) }
        checkGradients([x]) { $0[0].permuted([2, 0, 1]) }
        checkGradients([x]) { $0[0].transposed() }
        checkGradients([x]) { $0[0].transposed(0, 2) }
        checkGradients([x]) { $0[0].slice(axis: 0, 1..<2) }
        checkGradients([x]) { $0[0].slice(axis: 2, 1..<3) }
        checkGradients([x]) { x in
            let parts = x[0].split(sizes: [1, 2], axis: 1)
            return parts[0] * 2 + parts[1].sum(axes: [1], keepingDimensions: true)
        }
        checkGradients([x, random([2, 2, 4], seed: 25)]) { Tensor.concat([$0[0], $0[1], $0[0]], axis: 1) }
        checkGradients([x, random([1, 3, 4], seed: 26)]) { Tensor.concat([$0[1], $0[0]], axis: 0) }
        checkGradients([x]) { $0[0].flattened().unsqueezed(0) }
    }

    @Test func indexing() {
        let table = random([5, 3], seed: 27)
        checkGradients([table]) { $0[0].indexSelect([4, 0, 4, 2]) }
        checkGradients([table]) { Tensor.embedding($0[0], ids: [1, 1, 3, 0, 2, 4], idsShape: [2, 3]) }
        checkGradients([random([2, 3, 5], seed: 28)]) { $0[0].gather(lastAxis: [0, 4, 1, 1, 2, 3, 4, 4, 0, 2, 3, 1], k: 2) }
    }

    @Test func segmentsIncludingEmpty() {
        // Segment 1 and 4 are empty; the index is unsorted.
        let segments = [0, 2, 0, 3, 2, 0]
        let x = spread([6, 3], seed: 29)
        checkGradients([x]) { $0[0].scatterAdd(index: segments, count: 5) }
        checkGradients([x]) { $0[0].segmentSum(segments, count: 5) }
        checkGradients([x]) { $0[0].segmentMean(segments, count: 5) }
        checkGradients([x]) { $0[0].segmentMax(segments, count: 5) }
        let empty = Tensor(shape: [0, 3])
        checkGradients([empty]) { $0[0].segmentMean([], count: 2) }
    }

    @Test func normalisation() {
        let x = random([3, 5], seed: 30, low: -2, high: 2)
        let gamma = random([5], seed: 31, low: 0.5, high: 1.5), beta = random([5], seed: 32)
        checkGradients([x, gamma, beta]) { $0[0].layerNorm(gamma: $0[1], beta: $0[2]) }
        checkGradients([x]) { $0[0].layerNorm(gamma: nil, beta: nil) }
        checkGradients([x]) { $0[0].softmax() }
        checkGradients([random([2, 3, 4], seed: 33)]) { $0[0].logSoftmax() }
        checkGradients([x]) { Tensor.crossEntropy(logits: $0[0], targets: [4, 0, 2]) }
        checkGradients([x]) { $0[0].l2Normalized() }
    }

    @Test func convolutions() {
        let signal = random([2, 3, 7], seed: 34), w1 = random([4, 3, 3], seed: 35), b1 = random([4], seed: 36)
        checkGradients([signal, w1, b1]) { $0[0].conv1d(weight: $0[1], bias: $0[2]) }
        checkGradients([signal, w1, b1]) { $0[0].conv1d(weight: $0[1], bias: $0[2], stride: 2, padding: 1) }
        let image = random([2, 2, 5, 4], seed: 37), w2 = random([3, 2, 3, 2], seed: 38), b2 = random([3], seed: 39)
        checkGradients([image, w2, b2]) { $0[0].conv2d(weight: $0[1], bias: $0[2]) }
        checkGradients([image, w2]) { $0[0].conv2d(weight: $0[1], bias: nil, stride: (2, 1), padding: (1, 2)) }
    }

    @Test func pooling() {
        let image = spread([2, 2, 4, 6], seed: 40)
        checkGradients([image]) { $0[0].maxPool2d(kernel: (2, 2)) }
        checkGradients([image]) { $0[0].maxPool2d(kernel: (3, 2), stride: (1, 2)) }
        checkGradients([image]) { $0[0].avgPool2d(kernel: (2, 3)) }
        let signal = spread([2, 3, 7], seed: 41)
        checkGradients([signal]) { $0[0].maxPool1d(kernel: 3, stride: 2) }
        checkGradients([signal]) { $0[0].avgPool1d(kernel: 2) }
    }

    @Test func dropoutWithFixedMask() {
        let x = random([4, 5], seed: 42)
        checkGradients([x]) { $0[0].dropout(0.3, generator: SeededGenerator(seed: 1), training: true) }
    }

    @Test func attentionWithMasks() {
        let q = random([2, 3, 4], seed: 43), k = random([2, 5, 4], seed: 44), v = random([2, 5, 2], seed: 45)
        let padding = Tensor.keyPaddingMask(valid: [[true, true, true, false, false], [true, true, true, true, true]])
        checkGradients([q, k, v]) { Tensor.scaledDotProductAttention(query: $0[0], key: $0[1], value: $0[2], mask: padding) }
        let q4 = random([1, 2, 3, 4], seed: 46)
        checkGradients([q4]) { Tensor.scaledDotProductAttention(query: $0[0], key: $0[0], value: $0[0],
                                                                mask: Tensor.causalMask(length: 3)) }
    }
}
