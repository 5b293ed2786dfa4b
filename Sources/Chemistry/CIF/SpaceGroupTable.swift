/// Symmetry operations of space-group settings by Hermann–Mauguin symbol or International Tables
/// number, for CIFs that name a space group but list no operations. The data
/// (`SpaceGroupTable+Data.swift`, generated from pymatgen's tables by
/// `Scripts/fixtures/cif_space_groups.py`) stores each setting as a few generators and its order;
/// the full group is their closure, with translations taken modulo 1.
public enum SpaceGroupTable {
    /// The operations for a Hermann–Mauguin symbol as a CIF writes it (`'P 21/c'`, `'F m -3 m'`,
    /// `'R -3 m H'` …; whitespace and `_` ignored), or `nil` for a symbol the table lacks. The
    /// lookups are those pymatgen's `CifParser` makes, plus abbreviated and universal symbols.
    public static func operations(symbol: String) -> [SymmetryOperation]? {
        setting(symbol: symbol).flatMap(group)
    }

    /// The setting of a symbol: whitespace and `_` removed; cubic symbols in the old notation
    /// without the bar (`F m 3 m`, `P a 3`, `I a 3 d`, common in older files) read as `Fm-3m` …
    static func setting(symbol: String) -> Setting? {
        let key = String(symbol.unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "_" }.map(Character.init))
        if let found = settings[key] { return found }
        let chars = Array(key)
        // Lattice letter, a mirror or glide, then "3": the cubic m-3 / m-3m families.
        if chars.count >= 3, "PFI".contains(chars[0]), "mnadb".contains(chars[1]), chars[2] == "3" {
            return settings[String(chars[0...1]) + "-" + String(chars[2...])]
        }
        return nil
    }

    /// The operations of the standard setting of space group `number` (1…230), as pymatgen's
    /// `SpaceGroup.from_int_number` (hexagonal axes for the rhombohedral groups).
    public static func operations(number: Int) -> [SymmetryOperation]? {
        settings["#\(number)"].flatMap(group)
    }

    /// The International Tables number of a symbol the table knows.
    public static func number(symbol: String) -> Int? {
        setting(symbol: symbol)?.number
    }

    struct Setting {
        var number: Int
        var order: Int
        var generators: [Int]
    }

    /// An operation with an integer rotation and a translation in 24ths, for exact closure.
    struct ExactOperation: Hashable {
        var rotation: SIMD16<Int>      // 3×3 row-major in the first 9 lanes
        var translation: SIMD3<Int>    // in 1/24, reduced modulo 24

        static let identity = ExactOperation(rotation: SIMD16(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0),
                                             translation: .zero)

        init(rotation: SIMD16<Int>, translation: SIMD3<Int>) {
            self.rotation = rotation
            self.translation = SIMD3(((translation.x % 24) + 24) % 24, ((translation.y % 24) + 24) % 24,
                                     ((translation.z % 24) + 24) % 24)
        }

        init?(_ op: SymmetryOperation) {
            var r = SIMD16<Int>.zero
            for i in 0..<3 {
                for j in 0..<3 {
                    let v = op.rotation[i][j]
                    guard v == v.rounded() else { return nil }
                    r[3 * i + j] = Int(v)
                }
            }
            let t = op.translation * 24
            guard (0..<3).allSatisfy({ Swift.abs(t[$0] - t[$0].rounded()) < 1e-9 }) else { return nil }
            self.init(rotation: r, translation: SIMD3(Int(t.x.rounded()), Int(t.y.rounded()), Int(t.z.rounded())))
        }

        /// `self ∘ other`: apply `other`, then `self`.
        func composed(with other: ExactOperation) -> ExactOperation {
            var r = SIMD16<Int>.zero
            var t = translation
            for i in 0..<3 {
                for j in 0..<3 {
                    r[3 * i + j] = (0..<3).reduce(0) { $0 + rotation[3 * i + $1] * other.rotation[3 * $1 + j] }
                }
                t[i] += (0..<3).reduce(0) { $0 + rotation[3 * i + $1] * other.translation[$1] }
            }
            return ExactOperation(rotation: r, translation: t)
        }

        var operation: SymmetryOperation {
            let rows = (0..<3).map { i in SIMD3(Double(rotation[3 * i]), Double(rotation[3 * i + 1]), Double(rotation[3 * i + 2])) }
            return SymmetryOperation(rotation: rows, translation: SIMD3<Double>(translation) / 24)
        }
    }

    static let generators: [ExactOperation] = generatorText.split(separator: ";").map { text in
        guard let op = SymmetryOperation(xyz: String(text)).flatMap(ExactOperation.init) else {
            preconditionFailure("SpaceGroupTable+Data.swift holds a bad generator \(text)")
        }
        return op
    }

    static let settings: [String: Setting] = {
        var table: [String: Setting] = [:]
        for line in settingsText.split(separator: "\n") {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            guard fields.count == 4, let number = Int(fields[1]), let order = Int(fields[2]) else {
                preconditionFailure("SpaceGroupTable+Data.swift holds a bad line \(line)")
            }
            let gens = fields[3].split(separator: ",").compactMap { Int($0) }
            table[String(fields[0])] = Setting(number: number, order: order, generators: gens)
        }
        return table
    }()

    /// The closure of a setting's generators, identity first; `nil` if it does not reach the
    /// recorded order (a data error, which the tests rule out).
    static func group(_ setting: Setting) -> [SymmetryOperation]? {
        var members: [ExactOperation] = [.identity]
        var seen: Set<ExactOperation> = [.identity]
        let gens = setting.generators.map { generators[$0] }
        var frontier = [ExactOperation.identity]
        while !frontier.isEmpty && members.count <= setting.order {
            var next: [ExactOperation] = []
            for a in frontier {
                for g in gens {
                    let c = g.composed(with: a)
                    if seen.insert(c).inserted {
                        members.append(c)
                        next.append(c)
                    }
                }
            }
            frontier = next
        }
        guard members.count == setting.order else { return nil }
        return members.map(\.operation)
    }
}
