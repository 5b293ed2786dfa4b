import CMatlas

/// Distance kernels over unit vectors. Distance is `1 - <a, b>` (cosine distance for unit
/// vectors), so smaller is closer and 0 is identical.
///
/// The dot products are C (`Sources/CMatlas/kernels.c`), compiled for baseline x86-64 and for
/// x86-64-v3 with the clone picked at load time: Swift code can only be compiled for one target,
/// and a portable build limited to SSE2 ran searches at half of hnswlib's speed. The int8 kernel
/// uses a symmetric per-vector scale (`value ≈ scale · code`, codes in −127…127).
enum VectorKernels {
    /// `<a, b>` over `count` floats (CMatlas: an AVX2/FMA clone where the CPU has it).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        cmatlas_dot_f32(a, b, count)
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

    /// Integer dot product of two int8 code vectors (exact).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, count: Int) -> Int32 {
        cmatlas_dot_i8(a, b, count)
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
