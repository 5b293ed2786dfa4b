/// Distance kernels over unit vectors. Distance is `1 - <a, b>` (cosine distance for unit
/// vectors), so smaller is closer and 0 is identical.
///
/// The f32 kernel works on 16 lanes with two accumulators, using separate multiply and add:
/// `addProduct` (fused) becomes a libm `fmaf` call per lane on the baseline x86-64 target, which
/// a profile showed costing ~4× the whole kernel; the int8 kernel uses a symmetric
/// per-vector scale (`value ≈ scale · code`, codes in −127…127) and widens to 32-bit lanes.
enum VectorKernels {
    /// `<a, b>` over `count` floats.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var i = 0
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>()
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 32 <= count {
            let a0 = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let b0 = rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let a1 = ra.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
            let b1 = rb.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
            s0 += a0 * b0
            s1 += a1 * b1
            i += 32
        }
        while i + 16 <= count {
            let a0 = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            let b0 = rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            s0 += a0 * b0
            i += 16
        }
        var total = (s0 + s1).sum()
        while i < count { total += a[i] * b[i]; i += 1 }
        return total
    }

    /// Cosine distance `1 - <a, b>`.
    @inline(__always)
    static func distance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        1 - dot(a, b, count: count)
    }

    /// Quantises `source` to int8 codes with a symmetric scale; returns the scale
    /// (`value ≈ scale · code`).
    static func quantize(_ source: UnsafePointer<Float>, count: Int, into codes: UnsafeMutablePointer<Int8>) -> Float {
        var maxAbs: Float = 0
        for i in 0..<count { maxAbs = max(maxAbs, abs(source[i])) }
        guard maxAbs > 0 else {
            codes.update(repeating: 0, count: count)
            return 0
        }
        let inverse = 127 / maxAbs
        for i in 0..<count {
            codes[i] = Int8(clamping: Int((source[i] * inverse).rounded()))
        }
        return maxAbs / 127
    }

    /// Integer dot product of two int8 code vectors.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, count: Int) -> Int32 {
        var i = 0
        var acc = SIMD16<Int32>()
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while i + 16 <= count {
            let a8 = ra.loadUnaligned(fromByteOffset: i, as: SIMD16<Int8>.self)
            let b8 = rb.loadUnaligned(fromByteOffset: i, as: SIMD16<Int8>.self)
            let product = SIMD16<Int16>(truncatingIfNeeded: a8) &* SIMD16<Int16>(truncatingIfNeeded: b8)
            acc &+= SIMD16<Int32>(truncatingIfNeeded: product)
            i += 16
        }
        var total = acc.wrappedSum()
        while i < count { total &+= Int32(a[i]) &* Int32(b[i]); i += 1 }
        return total
    }

    /// Normalises `vector` to unit length in place; returns false for a zero or non-finite vector.
    static func normalize(_ vector: inout [Float]) -> Bool {
        var norm: Float = 0
        for x in vector { norm += x * x }
        norm = norm.squareRoot()
        guard norm > 0, norm.isFinite else { return false }
        for i in vector.indices { vector[i] /= norm }
        return true
    }
}
