import Testing
@testable import Index

@Suite struct VectorKernelsTests {
    /// Reference: the same sums in Double. Tolerance: 1e-5 absolute for unit vectors (Float
    /// rounding of ≤ 300 products of magnitude ≤ 1, in any lane order, with or without FMA).
    @Test func floatDotMatchesADoubleSumAtEveryLength() {
        var gen = TestVectors(seed: 7)
        for count in [1, 3, 15, 16, 17, 31, 32, 33, 64, 100, 255, 256, 257, 300] {
            let a = gen.unit(dimension: count), b = gen.unit(dimension: count)
            let reference = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let got = a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in VectorKernels.dot(pa.baseAddress!, pb.baseAddress!, count: count) }
            }
            #expect(abs(Double(got) - reference) < 1e-5, "count \(count)")
        }
    }

    /// Reference: the integer sum in Int (exact; the kernel must be exact too).
    @Test func int8DotIsExact() {
        var gen = TestVectors(seed: 8)
        for count in [1, 7, 16, 31, 32, 100, 256, 1000] {
            let a = (0..<count).map { _ in Int8(gen.uniform(below: 255) - 127) }
            let b = (0..<count).map { _ in Int8(gen.uniform(below: 255) - 127) }
            let reference = zip(a, b).reduce(0) { $0 + Int($1.0) * Int($1.1) }
            let got = a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in VectorKernels.dot(pa.baseAddress!, pb.baseAddress!, count: count) }
            }
            #expect(Int(got) == reference, "count \(count)")
        }
        // Extremes: −127 · −127 in every lane.
        let extreme = [Int8](repeating: -127, count: 256)
        let got = extreme.withUnsafeBufferPointer { p in VectorKernels.dot(p.baseAddress!, p.baseAddress!, count: 256) }
        #expect(got == 127 * 127 * 256)
    }
}
