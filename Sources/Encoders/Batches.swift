import Foundation
import Learning

/// Collated batches: many featurised items of one modality as the tensors and index arrays an
/// encoder reads. Building a batch allocates fresh tensors (no shared scratch), so batches may be
/// built on any thread.

/// Crystal graphs concatenated into one disconnected graph; `nodeGraph[i]` is node i's item.
public struct CrystalBatch {
    public let count: Int
    public let nodeCount: Int
    public let occupantNode: [Int]
    public let occupantElement: [Int]
    /// `[occupants, 1]` occupancies.
    public let occupantWeight: Tensor
    public let edgeSource: [Int]
    public let edgeDestination: [Int]
    /// `[edges, gaussians]`.
    public let edgeFeatures: Tensor
    public let nodeGraph: [Int]
    /// `[B, 2, points]` (pattern, all-ones mask) when every item carries its diffraction pattern.
    public let diffraction: Tensor?

    /// - Precondition: `items` not empty, all with the same Gaussian count.
    public init(_ items: [CrystalFeatures]) {
        precondition(!items.isEmpty, "empty crystal batch")
        var node: [Int] = [], element: [Int] = [], weight: [Float] = []
        var src: [Int] = [], dst: [Int] = [], edge: [Float] = [], graph: [Int] = []
        var offset = 0
        let g = items.first(where: { $0.edgeCount > 0 }).map { $0.edgeFeatures.count / $0.edgeCount } ?? 0
        for (b, item) in items.enumerated() {
            node += item.occupantNode.map { Int($0) + offset }
            element += item.occupantElement.map { Int($0) }
            weight += item.occupantWeight
            src += item.edgeSource.map { Int($0) + offset }
            dst += item.edgeDestination.map { Int($0) + offset }
            precondition(item.edgeCount == 0 || item.edgeFeatures.count == item.edgeCount * g, "mixed Gaussian counts")
            edge += item.edgeFeatures
            graph += [Int](repeating: b, count: item.nodeCount)
            offset += item.nodeCount
        }
        count = items.count
        nodeCount = offset
        occupantNode = node
        occupantElement = element
        occupantWeight = Tensor(shape: [weight.count, 1], values: weight)
        edgeSource = src
        edgeDestination = dst
        edgeFeatures = Tensor(shape: [src.count, g], values: edge)
        nodeGraph = graph
        let points = items[0].diffraction.count
        if points > 0, items.allSatisfy({ $0.diffraction.count == points }) {
            var values: [Float] = []
            values.reserveCapacity(items.count * 2 * points)
            let ones = [Float](repeating: 1, count: points)
            for item in items { values += item.diffraction; values += ones }
            diffraction = Tensor(shape: [items.count, 2, points], values: values)
        } else {
            diffraction = nil
        }
    }
}

/// Element sets concatenated; `set[i]` is element row i's item.
public struct CompositionBatch {
    public let count: Int
    public let elements: [Int]
    /// `[rows, 1]` atomic fractions.
    public let fractions: Tensor
    /// `[rows, 3]`: fraction, √fraction, ln(fraction)/5 — the fraction as the element MLP sees it.
    public let fractionFeatures: Tensor
    public let set: [Int]

    public init(_ items: [CompositionFeatures]) {
        precondition(!items.isEmpty, "empty composition batch")
        var elements: [Int] = [], fractions: [Float] = [], features: [Float] = [], set: [Int] = []
        for (b, item) in items.enumerated() {
            elements += item.elements.map { Int($0) }
            fractions += item.fractions
            for f in item.fractions {
                let f = Swift.max(f, 1e-6)
                features += [f, f.squareRoot(), Foundation.log(f) / 5]
            }
            set += [Int](repeating: b, count: item.elements.count)
        }
        count = items.count
        self.elements = elements
        self.fractions = Tensor(shape: [fractions.count, 1], values: fractions)
        fractionFeatures = Tensor(shape: [fractions.count, 3], values: features)
        self.set = set
    }
}

/// `[B, 2, points]`: channel 0 intensity, channel 1 mask.
public struct SpectrumBatch {
    public let count: Int
    public let input: Tensor

    public init(_ items: [SpectrumFeatures]) {
        precondition(!items.isEmpty, "empty spectrum batch")
        let n = items[0].intensity.count
        var values: [Float] = []
        values.reserveCapacity(items.count * 2 * n)
        for item in items {
            precondition(item.intensity.count == n && item.mask.count == n, "mixed spectrum lengths")
            values += item.intensity
            values += item.mask
        }
        count = items.count
        input = Tensor(shape: [items.count, 2, n], values: values)
    }
}

/// `[B, 1, size, size]`.
public struct MicrographBatch {
    public let count: Int
    public let input: Tensor

    public init(_ items: [MicrographFeatures]) {
        precondition(!items.isEmpty, "empty micrograph batch")
        let s = items[0].size
        precondition(items.allSatisfy { $0.size == s && $0.pixels.count == s * s }, "mixed micrograph sizes")
        count = items.count
        input = Tensor(shape: [items.count, 1, s, s], values: items.flatMap(\.pixels))
    }
}

/// Token ids `[B, L]` (row-major), the mask `[B, L]`.
///
/// `L` is the longest real text of the batch, not the featurised length: padding columns that no
/// item uses are dropped. The result is the same (padding is masked out of attention and pooling,
/// and positions are absolute), and a 6-token query costs a tenth of a 64-token window.
public struct TextBatch {
    public let count: Int
    public let length: Int
    public let ids: [Int]
    public let mask: Tensor
    public let valid: [[Bool]]

    public init(_ items: [TextFeatures]) {
        precondition(!items.isEmpty, "empty text batch")
        let full = items[0].ids.count
        precondition(items.allSatisfy { $0.ids.count == full && $0.mask.count == full }, "mixed text lengths")
        let l = Swift.max(1, items.map { item in (item.mask.lastIndex { $0 > 0 } ?? 0) + 1 }.max() ?? full)
        count = items.count
        length = l
        ids = items.flatMap { $0.ids[0..<l].map { Int($0) } }
        mask = Tensor(shape: [items.count, l], values: items.flatMap { $0.mask[0..<l] })
        valid = items.map { $0.mask[0..<l].map { $0 > 0 } }
    }
}

/// `[B, 2P]`: standardised values then the present mask.
public struct PropertyBatch {
    public let count: Int
    public let input: Tensor

    public init(_ items: [PropertyFeatures]) {
        precondition(!items.isEmpty, "empty property batch")
        let p = items[0].values.count
        precondition(items.allSatisfy { $0.values.count == p && $0.mask.count == p }, "mixed property counts")
        count = items.count
        input = Tensor(shape: [items.count, 2 * p], values: items.flatMap { $0.values + $0.mask })
    }
}
