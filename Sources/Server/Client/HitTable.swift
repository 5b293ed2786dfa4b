import Foundation

/// Search hits as the aligned text table `matlas query` prints: rank, score, calibrated confidence,
/// id, formula, name and space group — plus, for an XRD search, the pattern score and how many of
/// the query's peaks the hit reproduces (`matched/query`), and for a micrograph search with a pixel
/// size the lattice score and the zone axis that scored.
public enum HitTable {
    public static func render(_ hits: [JSONValue]) -> String {
        let xrd = hits.contains { $0["pattern_score"] != nil || $0["matched_peaks"] != nil }
        let lattice = hits.contains { $0["lattice_score"] != nil }
        var header = ["#", "score", "conf", "id", "formula", "name", "space group"]
        if xrd { header += ["pattern", "peaks"] }
        if lattice { header += ["lattice", "zone"] }
        var rows = [header]
        for (k, h) in hits.enumerated() {
            var row = ["\(k + 1)", number(h["score"]), number(h["confidence"]), h["id"]?.stringValue ?? "",
                       h["formula"]?.stringValue ?? "", h["name"]?.stringValue ?? "", h["space_group"]?.stringValue ?? ""]
            if xrd {
                let peaks = h["matched_peaks"]?.intValue.map { m in "\(m)/\(h["query_peaks"]?.intValue ?? 0)" } ?? ""
                row += [number(h["pattern_score"]), peaks]
            }
            if lattice {
                let zone = h["zone_axis"]?.arrayValue.map { "[" + $0.compactMap { $0.intValue.map(String.init) }.joined(separator: " ") + "]" } ?? ""
                row += [number(h["lattice_score"]), zone]
            }
            rows.append(row)
        }
        let widths = (0..<header.count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .replacingTrailingSpaces()
        }.joined(separator: "\n")
    }

    /// Three decimals, or empty when absent.
    static func number(_ v: JSONValue?) -> String {
        guard let x = v?.doubleValue else { return "" }
        return String((x * 1000).rounded() / 1000)
    }
}

extension String {
    fileprivate func replacingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
