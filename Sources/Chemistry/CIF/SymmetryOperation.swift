/// A crystallographic symmetry operation on fractional coordinates: `x' = R x + t`.
public struct SymmetryOperation: Hashable, Sendable, CustomStringConvertible {
    /// Rows of the 3×3 rotation part (row `i` gives the `i`-th new coordinate).
    public var rotation: [SIMD3<Double>]
    /// Translation part in fractional units.
    public var translation: SIMD3<Double>

    public init(rotation: [SIMD3<Double>], translation: SIMD3<Double>) {
        precondition(rotation.count == 3, "a rotation has three rows")
        self.rotation = rotation
        self.translation = translation
    }

    /// The identity `x, y, z`.
    public static let identity = SymmetryOperation(
        rotation: [SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)], translation: .zero)

    /// The image of a fractional coordinate (not wrapped into the cell).
    ///
    /// Summed as `(r₀x + r₂z) + (r₁y + t)`: the order numpy's `dot` of pymatgen's 4×4 affine matrix
    /// with `[x, y, z, 1]` uses, so images that land exactly at the duplicate tolerance
    /// (1e-4) are judged the same way as pymatgen judges them.
    @inline(__always)
    public func apply(_ f: SIMD3<Double>) -> SIMD3<Double> {
        func row(_ i: Int) -> Double {
            let r = rotation[i]
            return (r.x * f.x + r.z * f.z) + (r.y * f.y + translation[i])
        }
        return SIMD3(row(0), row(1), row(2))
    }

    /// Parses a Jones-faithful triple such as `x, y, z`, `-y+1/2, x-y, z+0.25`, `1/2+x, -z, 2y`
    /// (case and spaces ignored; each component a sum of signed terms `[n[/m]][*]x|y|z` or
    /// constants `n[/m]`).
    /// - Returns: `nil` when the text is not of that form.
    public init?(xyz text: String) {
        let chars = Array(text.lowercased().utf8.filter { $0 != 0x20 && $0 != 0x09 })
        let parts = chars.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var rows = [SIMD3<Double>](repeating: .zero, count: 3)
        var t = SIMD3<Double>.zero
        for (i, part) in parts.enumerated() {
            guard let (row, shift) = SymmetryOperation.component(Array(part)) else { return nil }
            rows[i] = row
            t[i] = shift
        }
        self.init(rotation: rows, translation: t)
    }

    /// One component: its rotation row and its constant.
    private static func component(_ s: [UInt8]) -> (SIMD3<Double>, Double)? {
        guard !s.isEmpty else { return nil }
        var row = SIMD3<Double>.zero
        var constant = 0.0
        var i = 0
        var first = true
        while i < s.count {
            var sign = 1.0
            if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                sign = s[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
            } else if !first {
                return nil  // terms after the first need a sign
            }
            first = false
            var factor: Double? = nil
            if i < s.count, isNumberStart(s[i]) {
                guard let (value, next) = fraction(s, from: i) else { return nil }
                factor = value
                i = next
                if i < s.count && s[i] == UInt8(ascii: "*") { i += 1 }
            }
            if i < s.count, let axis = axisIndex(s[i]) {
                row[axis] += sign * (factor ?? 1)
                i += 1
            } else if let factor {
                constant += sign * factor
            } else {
                return nil
            }
        }
        return (row, constant)
    }

    private static func isNumberStart(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: ".") }

    private static func axisIndex(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "x"): 0
        case UInt8(ascii: "y"): 1
        case UInt8(ascii: "z"): 2
        default: nil
        }
    }

    /// `n`, `n.m` or `n/m` starting at `i`, and the index after it.
    private static func fraction(_ s: [UInt8], from start: Int) -> (Double, Int)? {
        func decimal(_ i: inout Int) -> Double? {
            let begin = i
            while i < s.count, isNumberStart(s[i]) { i += 1 }
            return Double(String(decoding: s[begin..<i], as: UTF8.self))
        }
        var i = start
        guard let numerator = decimal(&i) else { return nil }
        if i < s.count && s[i] == UInt8(ascii: "/") {
            i += 1
            guard let denominator = decimal(&i), denominator != 0 else { return nil }
            return (numerator / denominator, i)
        }
        return (numerator, i)
    }

    /// The operation written as `x, -y+1/2, z`-style text (translations as fractions of 12 when
    /// they are, decimals otherwise).
    public var description: String {
        (0..<3).map { i -> String in
            var text = ""
            for (axis, name) in ["x", "y", "z"].enumerated() {
                let f = rotation[i][axis]
                if f == 0 { continue }
                text += f < 0 ? "-" : (text.isEmpty ? "" : "+")
                if f.magnitude != 1 { text += SymmetryOperation.format(f.magnitude) }
                text += name
            }
            let t = translation[i]
            if t != 0 { text += (t < 0 ? "-" : "+") + SymmetryOperation.format(t.magnitude) }
            return text.isEmpty ? "0" : text
        }.joined(separator: ", ")
    }

    private static func format(_ v: Double) -> String {
        let twelfths = v * 12
        if Swift.abs(twelfths - twelfths.rounded()) < 1e-9 {
            var (n, d) = (Int(twelfths.rounded()), 12)
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
            let g = gcd(n, d)
            (n, d) = (n / g, d / g)
            return d == 1 ? "\(n)" : "\(n)/\(d)"
        }
        return "\(v)"
    }
}
