import ArgumentParser
import Chemistry
import Foundation

/// `matlas cif-check FILE.jsonl`: parses every CIF of a JSON Lines export (written by
/// `Scripts/fixtures/export_amcsd.py`, one `{"id", "cif", "pymatgen" | "pymatgen_error"}` per line)
/// and reports how often Matlas agrees with pymatgen on site count and reduced composition, and
/// the time per CIF of both.
struct CIFCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cif-check",
        abstract: "Parse a JSON Lines export of CIFs and compare with pymatgen's answers.",
        discussion: """
            Make the input with: /tmp/peers/bin/python Scripts/fixtures/export_amcsd.py /tmp/amcsd-pymatgen.jsonl

            Agreement: same number of sites after symmetry expansion, and element fractions within \
            1e-6 (relative) of pymatgen's. Timings are wall-clock per CIF (parse + expansion).
            """
    )

    @Argument(help: "JSON Lines file with one CIF and pymatgen's summary per line.")
    var file: String

    @Flag(help: "List every disagreement (id and reason).")
    var list = false

    @Flag(help: "Delete each CIF's symmetry-operation list first, so operations come from the H-M symbol.")
    var stripOperations = false

    @Option(help: "Read at most this many records (0: all).")
    var limit = 0

    func validate() throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        guard limit >= 0 else { throw ValidationError("--limit must be ≥ 0") }
    }

    func run() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        var tally = CIFCheckTally()
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            lineNumber += 1
            if limit > 0 && lineNumber > limit { break }
            guard let record = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let text = record["cif"] as? String else {
                throw ValidationError("line \(lineNumber) of \(file) is not a CIF record")
            }
            let cif = stripOperations ? Self.removingOperationLoops(text) : text
            let id = (record["id"] as? Int).map(String.init) ?? (record["id"] as? String) ?? "line \(lineNumber)"
            let watch = Stopwatch()
            let result = Result { try Crystal.parseCIF(cif) }
            let seconds = watch.elapsedSeconds
            tally.add(id: id, result: result, seconds: seconds,
                      pymatgen: record["pymatgen"] as? [String: Any],
                      pymatgenSeconds: record["pymatgen_seconds"] as? Double)
        }
        print(tally.report(listing: list))
    }

    /// The CIF without its `loop_` of `_symmetry_equiv_pos_as_xyz` / `_space_group_symop_operation_xyz`
    /// (the loop keyword, its tags and its rows up to the next `loop_`, tag or block).
    static func removingOperationLoops(_ cif: String) -> String {
        var lines = cif.split(separator: "\n", omittingEmptySubsequences: false)
        var i = 0
        while i < lines.count {
            let tag = lines[i].trimmingCharacters(in: .whitespaces).lowercased()
            if tag == "_space_group_symop_operation_xyz" || tag == "_symmetry_equiv_pos_as_xyz" {
                var start = i
                while start > 0 && lines[start - 1].trimmingCharacters(in: .whitespaces).hasPrefix("_") { start -= 1 }
                if start > 0 && lines[start - 1].trimmingCharacters(in: .whitespaces).lowercased() == "loop_" { start -= 1 }
                var end = i + 1
                while end < lines.count {
                    let t = lines[end].trimmingCharacters(in: .whitespaces).lowercased()
                    if t.hasPrefix("_") || t.hasPrefix("loop_") || t.hasPrefix("data_") { break }
                    end += 1
                }
                lines.removeSubrange(start..<end)
                i = start
            } else {
                i += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Counts and timings of one `cif-check` run.
struct CIFCheckTally {
    var records = 0
    var parsed = 0
    var pymatgenParsed = 0
    var agreed = 0
    var heavyOnly = 0
    var parsedWherePymatgenFailed = 0
    var seconds: [Double] = []
    var slowest: [(seconds: Double, id: String, sites: Int)] = []
    var pymatgenSeconds: [Double] = []
    var disagreements: [(id: String, reason: String)] = []

    mutating func add(id: String, result: Result<[Crystal], any Error>, seconds s: Double,
                      pymatgen: [String: Any]?, pymatgenSeconds ps: Double?) {
        records += 1
        seconds.append(s)
        if let ps { pymatgenSeconds.append(ps) }
        let crystal = try? result.get().first
        if crystal != nil { parsed += 1 }
        slowest.append((s, id, crystal?.sites.count ?? 0))
        if slowest.count > 40 {
            slowest.sort { $0.seconds > $1.seconds }
            slowest.removeLast(slowest.count - 5)
        }
        guard let pymatgen else {
            if crystal != nil { parsedWherePymatgenFailed += 1 }
            return
        }
        pymatgenParsed += 1
        let heavy = (pymatgen["max_z"] as? Int ?? 0) > Element.maxAtomicNumber
        let reason: String
        if case .failure(let error) = result {
            reason = "not parsed: \(error)"
        } else if let crystal {
            let sites = pymatgen["sites"] as? Int ?? -1
            if crystal.sites.count != sites {
                reason = "sites \(crystal.sites.count) vs pymatgen \(sites)"
            } else if let mismatch = Self.compositionMismatch(crystal, pymatgen["fractions"] as? [String: Double] ?? [:]) {
                reason = mismatch
            } else {
                agreed += 1
                return
            }
        } else {
            reason = "no crystal"
        }
        if heavy { heavyOnly += 1 }
        let formula = pymatgen["reduced_formula"] as? String ?? "?"
        disagreements.append((id, reason + " [pymatgen \(formula)\(heavy ? ", element Z > 94" : "")]"))
    }

    /// nil when the element fractions agree within 1e-6 relative; D and T count as H (as we read them).
    static func compositionMismatch(_ crystal: Crystal, _ reference: [String: Double]) -> String? {
        var expected: [String: Double] = [:]
        for (symbol, f) in reference {
            expected[symbol == "D" || symbol == "T" ? "H" : symbol, default: 0] += f
        }
        var ours: [String: Double] = [:]
        for (element, f) in crystal.composition.fractions { ours[element.symbol] = f }
        guard Set(ours.keys) == Set(expected.keys) else {
            return "elements \(ours.keys.sorted()) vs pymatgen \(expected.keys.sorted())"
        }
        for (symbol, f) in expected where Swift.abs((ours[symbol] ?? 0) - f) > 1e-6 * Swift.max(f, 1e-12) {
            return "fraction of \(symbol) \(ours[symbol] ?? 0) vs pymatgen \(f)"
        }
        return nil
    }

    func report(listing: Bool) -> String {
        func pct(_ a: Int, _ b: Int) -> String { b == 0 ? "-" : String(format: "%.2f%%", 100 * Double(a) / Double(b)) }
        func ms(_ xs: [Double]) -> String {
            guard !xs.isEmpty else { return "-" }
            let sorted = xs.sorted()
            let median = sorted[sorted.count / 2]
            let mean = xs.reduce(0, +) / Double(xs.count)
            return String(format: "median %.3f ms, mean %.3f ms", median * 1e3, mean * 1e3)
        }
        var lines = [
            "records:                         \(records)",
            "parsed by Matlas:                \(parsed) (\(pct(parsed, records)))",
            "parsed by pymatgen:              \(pymatgenParsed)",
            "agree (sites + composition):     \(agreed) of \(pymatgenParsed) (\(pct(agreed, pymatgenParsed)))",
            "  excluding pymatgen Z > 94:     \(agreed) of \(pymatgenParsed - heavyOnly) (\(pct(agreed, pymatgenParsed - heavyOnly)))",
            "disagreements:                   \(disagreements.count) (\(heavyOnly) where pymatgen reads an element Z > 94)",
            "parsed where pymatgen failed:    \(parsedWherePymatgenFailed)",
            "time per CIF, Matlas:            \(ms(seconds))",
            "time per CIF, pymatgen (export): \(ms(pymatgenSeconds))",
        ]
        if listing {
            lines.append("slowest CIFs (id: ms, sites):")
            lines += slowest.sorted { $0.seconds > $1.seconds }.prefix(5).map {
                "  \($0.id): " + String(format: "%.2f ms, %d sites", $0.seconds * 1e3, $0.sites)
            }
            lines.append("disagreements (id: reason):")
            lines += disagreements.map { "  \($0.id): \($0.reason)" }
        }
        return lines.joined(separator: "\n")
    }
}
