import Foundation

/// A contiguous, row-major buffer of `Float32` values shared by a tensor and its views.
///
/// Storage is reference-counted and manually allocated, so a view (`reshaped`, a row slice) is a
/// new `Tensor` pointing into the same memory, and kernels work on raw pointers without the
/// exclusivity checks or copy-on-write of `[Float]`. Large buffers are recycled through
/// `BufferPool` so that a training loop, which allocates the same shapes every step, does not
/// page-fault fresh memory each time.
public final class TensorStorage: @unchecked Sendable {
    /// The first element.
    public let pointer: UnsafeMutablePointer<Float>
    /// Number of `Float` elements allocated.
    public let count: Int

    /// Allocates `count` elements initialised to `value`.
    public init(count: Int, repeating value: Float = 0) {
        precondition(count >= 0, "negative storage size")
        self.count = count
        pointer = BufferPool.shared.take(count)
        if value == 0 {
            UnsafeMutableRawPointer(pointer).initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1) * 4)
        } else {
            pointer.initialize(repeating: value, count: max(count, 1))
        }
    }

    /// Allocates `count` elements whose values the caller overwrites before reading.
    init(uninitializedCount count: Int) {
        precondition(count >= 0, "negative storage size")
        self.count = count
        pointer = BufferPool.shared.take(count)
    }

    deinit { BufferPool.shared.recycle(pointer, count: count) }
}

/// A Float32 tensor: a shape, contiguous row-major storage, and (when it takes part in a
/// differentiable computation) its place in the autodiff tape.
///
/// Every op returns a new tensor. When gradients are enabled (see ``Learning/withGradientsDisabled(_:)``)
/// and any input requires a gradient, the result records its inputs and a backward rule; calling
/// ``backward()`` on a scalar walks that graph in reverse topological order and accumulates
/// (`+=`) into each tensor's ``grad``.
public final class Tensor {
    /// Extent of each dimension; `[]` is a scalar.
    public let shape: [Int]
    /// Number of elements (the product of `shape`).
    public let count: Int
    /// The memory this tensor reads (shared with its views).
    public let storage: TensorStorage
    /// Element offset of this tensor's first element inside `storage`.
    public let offset: Int
    /// Whether gradients flow into this tensor (parameters: `true`).
    public var requiresGrad: Bool
    /// The accumulated gradient, same shape as the tensor; `nil` until a backward pass reaches it.
    public internal(set) var gradStorage: TensorStorage?

    /// Inputs of the op that produced this tensor (empty for leaves and in no-grad mode).
    var parents: [Tensor] = []
    /// Accumulates this tensor's gradient into its parents' gradients.
    var backwardRule: ((Tensor) -> Void)?

    /// Wraps existing storage (a view when `storage` is shared).
    public init(shape: [Int], storage: TensorStorage, offset: Int = 0, requiresGrad: Bool = false) {
        let n = Self.elementCount(shape)
        precondition(offset >= 0 && offset + n <= storage.count, "view \(shape) at \(offset) exceeds storage of \(storage.count)")
        self.shape = shape
        self.count = n
        self.storage = storage
        self.offset = offset
        self.requiresGrad = requiresGrad
    }

    /// A tensor of `shape` filled with `value`.
    public convenience init(shape: [Int], repeating value: Float = 0, requiresGrad: Bool = false) {
        self.init(shape: shape, storage: TensorStorage(count: Self.elementCount(shape), repeating: value),
                  requiresGrad: requiresGrad)
    }

    /// A tensor of `shape` whose values the caller overwrites before reading.
    convenience init(uninitialized shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(uninitializedCount: Self.elementCount(shape)))
    }

    /// A tensor of `shape` holding `values` in row-major order.
    public convenience init(shape: [Int], values: [Float], requiresGrad: Bool = false) {
        precondition(values.count == Self.elementCount(shape), "\(values.count) values for shape \(shape)")
        let storage = TensorStorage(uninitializedCount: values.count)
        values.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { storage.pointer.update(from: base, count: values.count) }
        }
        self.init(shape: shape, storage: storage, requiresGrad: requiresGrad)
    }

    /// A scalar (shape `[]`).
    public convenience init(scalar: Float, requiresGrad: Bool = false) {
        self.init(shape: [], values: [scalar], requiresGrad: requiresGrad)
    }

    /// Product of the extents (1 for a scalar).
    public static func elementCount(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape {
            precondition(d >= 0, "negative extent in \(shape)")
            n *= d
        }
        return n
    }

    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// The first element of this tensor's data.
    @inline(__always) public var data: UnsafeMutablePointer<Float> { storage.pointer + offset }

    /// The values in row-major order (a copy).
    public var values: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// The single value of a one-element tensor.
    public var scalarValue: Float {
        precondition(count == 1, "scalarValue of a tensor with shape \(shape)")
        return data[0]
    }

    /// The gradient values (a copy), or `nil` when none has been accumulated.
    public var grad: [Float]? {
        gradStorage.map { Array(UnsafeBufferPointer(start: $0.pointer, count: count)) }
    }

    /// The gradient buffer, allocated (zeroed) on first use; backward rules accumulate into it.
    @inline(__always) func gradPointer() -> UnsafeMutablePointer<Float> {
        if let g = gradStorage { return g.pointer }
        let g = TensorStorage(count: count)
        gradStorage = g
        return g.pointer
    }

    /// The gradient buffer for a backward rule that writes every element of it: when none exists
    /// yet it is allocated without zeroing and `fresh` is true, so the rule stores (`=`) instead of
    /// adding (`+=`) — a step's first gradient then costs no memset and no read of zeros.
    @inline(__always) func gradPointerForOverwrite() -> (pointer: UnsafeMutablePointer<Float>, fresh: Bool) {
        if let g = gradStorage { return (g.pointer, false) }
        let g = TensorStorage(uninitializedCount: count)
        gradStorage = g
        return (g.pointer, true)
    }

    /// Drops the accumulated gradient.
    public func zeroGrad() { gradStorage = nil }

    /// Whether this tensor was produced by a recorded op (it has a backward rule).
    public var isRecorded: Bool { backwardRule != nil }

    /// A tensor with the same values that is cut off from the graph.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage, offset: offset) }

    /// A deep copy of the values (no graph, no gradient).
    public func copy() -> Tensor {
        let out = Tensor(uninitialized: shape)
        out.data.update(from: data, count: count)
        return out
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = values.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(preview)\(count > 8 ? ", …" : "")])"
    }
}

extension Tensor {
    /// Row-major strides (in elements) for `shape`.
    static func strides(of shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= shape[i]
        }
        return s
    }

    /// Normalises a possibly negative axis against `rank`.
    static func normalizedAxis(_ axis: Int, rank: Int) -> Int {
        let a = axis < 0 ? axis + rank : axis
        precondition(a >= 0 && a < rank, "axis \(axis) out of range for rank \(rank)")
        return a
    }
}
