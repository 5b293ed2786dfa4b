import Foundation

/// Why a POSCAR could not be read, and on which line (1-based).
public struct POSCARError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// The file ends before a required line.
        case truncated
        /// A field that should be a number is not one (or is not finite).
        case invalidNumber
        /// The scale line is not one number ≠ 0 or three positive numbers.
        case invalidScale
        /// The lattice vectors span no volume.
        case degenerateLattice
        /// A species symbol that is not an element of the table.
        case unknownElement
        /// No species line (VASP 4 style) and the comment line does not name the species either.
        case missingSpecies
        /// The counts line does not match the species line, or a count is not a positive integer.
        case invalidCounts
        /// A selective-dynamics flag other than T or F.
        case invalidFlag
    }

    public let kind: Kind
    /// 1-based line number of the problem.
    public let line: Int
    public let message: String

    public init(_ kind: Kind, line: Int, message: String) {
        self.kind = kind
        self.line = line
        self.message = "line \(line): " + message
    }

    public var description: String { message }
}

/// A VASP 5 POSCAR: the crystal plus what only POSCAR carries (selective-dynamics flags).
///
/// Reading: comment; scale (one number, negative = target cell volume in Å³, or three per-axis
/// factors); three lattice vectors; species symbols (POTCAR names such as `Fe_pv` are cut at `_` or
/// `/`; a VASP 4 file without this line is accepted when its comment line names the species, as
/// pymatgen does); counts; an optional `Selective dynamics` line; `Direct` or `Cartesian`
/// (`C`/`K` first letter; anything else is direct, as in VASP); one line per site. Anything after
/// the sites (velocities, predictor–corrector data) is ignored. Cartesian coordinates are scaled like
/// the lattice. Labels after the coordinates are ignored: the species line decides.
public struct POSCAR: Sendable {
    /// Selective-dynamics flags of one site: whether it may move along x, y, z.
    public struct Flags: Hashable, Sendable {
        public var x: Bool, y: Bool, z: Bool
        public init(x: Bool, y: Bool, z: Bool) { (self.x, self.y, self.z) = (x, y, z) }
        subscript(k: Int) -> Bool {
            get { k == 0 ? x : k == 1 ? y : z }
            set { if k == 0 { x = newValue } else if k == 1 { y = newValue } else { z = newValue } }
        }
    }

    /// The structure; `title` is the comment line, sites have occupancy 1.
    public var crystal: Crystal
    /// Per-site (x, y, z) "may move" flags when the file has `Selective dynamics`.
    public var selectiveDynamics: [POSCAR.Flags]?

    public init(crystal: Crystal, selectiveDynamics: [POSCAR.Flags]? = nil) {
        self.crystal = crystal
        self.selectiveDynamics = selectiveDynamics
    }

    /// Parses POSCAR text.
    /// - Throws: `POSCARError` naming the line.
    public init(parsing text: String) throws(POSCARError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        if lines.last?.isEmpty == true { lines.removeLast() }  // the final newline ends a line, adds none
        let reader = POSCARLines(lines)
        let comment = try reader.line(1, what: "comment").trimmingCharacters(in: .whitespaces)

        let scaleFields = try reader.numbers(2, count: 1, what: "scale factor", upTo: 3)
        var vectors: [SIMD3<Double>] = []
        for k in 3...5 {
            let v = try reader.numbers(k, count: 3, what: "lattice vector")
            vectors.append(SIMD3(v[0], v[1], v[2]))
        }
        var scale = SIMD3<Double>(repeating: 1)
        let unscaled = Lattice(vectors: vectors[0], vectors[1], vectors[2])
        if scaleFields.count == 3 {
            guard scaleFields.allSatisfy({ $0 > 0 }) else {
                throw POSCARError(.invalidScale, line: 2, message: "three scale factors must all be positive")
            }
            scale = SIMD3(scaleFields[0], scaleFields[1], scaleFields[2])
        } else if scaleFields[0] < 0 {
            guard unscaled.volume > 1e-12 else {
                throw POSCARError(.degenerateLattice, line: 3, message: "lattice vectors span no volume")
            }
            scale = SIMD3(repeating: Foundation.cbrt(-scaleFields[0] / unscaled.volume))
        } else if scaleFields[0] > 0 {
            scale = SIMD3(repeating: scaleFields[0])
        } else {
            throw POSCARError(.invalidScale, line: 2, message: "scale factor is zero")
        }
        let lattice = Lattice(vectors: vectors[0] * scale, vectors[1] * scale, vectors[2] * scale)
        guard lattice.volume > 1e-12 else {
            throw POSCARError(.degenerateLattice, line: 3, message: "lattice vectors span no volume")
        }

        // Species line (VASP 5) or counts directly (VASP 4: species from the comment).
        var lineNo = 6
        let sixth = reader.fields(try reader.line(6, what: "species or counts"))
        var symbols: [String]
        var symbolsLine = 6
        if let first = sixth.first, Int(first) != nil {
            symbols = comment.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            symbolsLine = 1
        } else {
            symbols = sixth
            lineNo = 7
        }
        let countFields = reader.fields(try reader.line(lineNo, what: "counts"))
        var counts: [Int] = []
        for f in countFields {
            guard let c = Int(f) else { break }
            guard c > 0 else {
                throw POSCARError(.invalidCounts, line: lineNo, message: "count '\(f)' is not a positive integer")
            }
            counts.append(c)
        }
        guard !counts.isEmpty else {
            throw POSCARError(.invalidCounts, line: lineNo, message: "no counts found")
        }
        if symbolsLine == 1 {
            guard symbols.count >= counts.count else {
                throw POSCARError(.missingSpecies, line: 6,
                                  message: "no species line, and the comment does not name \(counts.count) species")
            }
            symbols = Array(symbols.prefix(counts.count))
        } else if symbols.count != counts.count {
            throw POSCARError(.invalidCounts, line: lineNo,
                              message: "\(counts.count) counts for \(symbols.count) species")
        }
        var elements: [Element] = []
        for s in symbols {
            let bare = String(s.prefix { $0 != "_" && $0 != "/" && $0 != ":" })
            guard let e = Element(symbol: bare) else {
                if symbolsLine == 1 {
                    throw POSCARError(.missingSpecies, line: 6,
                                      message: "no species line, and the comment's \"\(s)\" is not an element")
                }
                throw POSCARError(.unknownElement, line: symbolsLine, message: "unknown element \"\(s)\"")
            }
            elements.append(e)
        }
        lineNo += 1

        var modeLine = try reader.line(lineNo, what: "coordinate mode")
        var selective = false
        if let c = modeLine.trimmingCharacters(in: .whitespaces).first, c == "S" || c == "s" {
            selective = true
            lineNo += 1
            modeLine = try reader.line(lineNo, what: "coordinate mode")
        }
        let mode = modeLine.trimmingCharacters(in: .whitespaces).first
        let cartesian = mode == "C" || mode == "c" || mode == "K" || mode == "k"
        lineNo += 1

        var sites: [Site] = []
        var flags: [POSCAR.Flags] = []
        for (e, count) in zip(elements, counts) {
            for _ in 0..<count {
                let v = try reader.numbers(lineNo, count: 3, what: "coordinates")
                var p = SIMD3(v[0], v[1], v[2])
                if cartesian { p = lattice.fractional(p * scale) }
                sites.append(Site(e, at: p))
                if selective {
                    let f = reader.fields(try reader.line(lineNo, what: "coordinates"))
                    guard f.count >= 6 else {
                        throw POSCARError(.invalidFlag, line: lineNo, message: "expected three T/F flags after the coordinates")
                    }
                    var b = POSCAR.Flags(x: true, y: true, z: true)
                    for k in 0..<3 {
                        switch f[3 + k].uppercased() {
                        case "T", ".TRUE.", "TRUE": b[k] = true
                        case "F", ".FALSE.", "FALSE": b[k] = false
                        default:
                            throw POSCARError(.invalidFlag, line: lineNo, message: "flag '\(f[3 + k])' is not T or F")
                        }
                    }
                    flags.append(b)
                }
                lineNo += 1
            }
        }
        crystal = Crystal(lattice: lattice, sites: sites, title: comment.isEmpty ? nil : comment)
        selectiveDynamics = selective ? flags : nil
    }

    /// The POSCAR text (VASP 5, scale 1, `Direct`), see `Crystal.poscarString()`.
    public func text() -> String { crystal.poscarString(selectiveDynamics: selectiveDynamics) }
}

/// Line access with POSCAR errors.
private struct POSCARLines {
    let lines: [String]
    init(_ lines: [String]) { self.lines = lines }

    func line(_ n: Int, what: String) throws(POSCARError) -> String {
        guard n - 1 < lines.count else {
            throw POSCARError(.truncated, line: n, message: "file ends before the \(what)")
        }
        return lines[n - 1]
    }

    func fields(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// The first `count` (up to `upTo`) numeric fields of line `n`; later fields are ignored.
    func numbers(_ n: Int, count: Int, what: String, upTo: Int? = nil) throws(POSCARError) -> [Double] {
        let f = fields(try line(n, what: what))
        var out: [Double] = []
        for field in f.prefix(upTo ?? count) {
            guard let v = Double(field), v.isFinite else {
                if out.count >= count { break }
                throw POSCARError(.invalidNumber, line: n, message: "\(what): '\(field)' is not a number")
            }
            out.append(v)
        }
        guard out.count >= count else {
            throw POSCARError(.invalidNumber, line: n, message: "\(what): expected \(count) numbers, found \(out.count)")
        }
        if upTo == 3, out.count == 2 { out.removeLast() }  // a second field on the scale line is a comment
        return out
    }
}

extension Crystal {
    /// Reads a VASP 5 POSCAR (see `POSCAR`); selective-dynamics flags are dropped.
    /// - Throws: `POSCARError` naming the line.
    public init(poscar text: String) throws(POSCARError) {
        self = try POSCAR(parsing: text).crystal
    }

    /// The crystal as VASP 5 POSCAR text: comment (the title, or the reduced formula), scale 1.0,
    /// lattice rows in Å, species and counts of consecutive runs of sites (a species may repeat, so
    /// site order is kept), `Direct`, coordinates with 16 decimals and the symbol.
    ///
    /// POSCAR has no occupancy: each site is written as its largest-occupancy element. Sites without
    /// occupants are skipped.
    public func poscarString(selectiveDynamics: [POSCAR.Flags]? = nil) -> String {
        let kept = sites.indices.filter { !sites[$0].occupants.isEmpty }
        let species: [Element] = kept.map { i in
            sites[i].occupants.max { $0.occupancy < $1.occupancy }?.element ?? sites[i].occupants[0].element
        }
        var runs: [(Element, Int)] = []
        for e in species {
            if let last = runs.last, last.0 == e { runs[runs.count - 1].1 += 1 } else { runs.append((e, 1)) }
        }
        let comment = (title ?? composition.reducedFormula).map { $0 == "\n" || $0 == "\r" ? " " : $0 }
        var out = String(comment) + "\n1.0\n"
        for v in lattice.vectors {
            out += String(format: "%22.16f%22.16f%22.16f\n", v.x, v.y, v.z)
        }
        out += runs.map { $0.0.symbol }.joined(separator: " ") + "\n"
        out += runs.map { String($0.1) }.joined(separator: " ") + "\n"
        let flags = selectiveDynamics.flatMap { $0.count == sites.count ? $0 : nil }
        if flags != nil { out += "Selective dynamics\n" }
        out += "Direct\n"
        for (k, i) in kept.enumerated() {
            let f = sites[i].fracCoords
            out += String(format: "%20.16f%20.16f%20.16f", f.x, f.y, f.z)
            if let b = flags?[i] {
                out += " " + [b.x, b.y, b.z].map { $0 ? "T" : "F" }.joined(separator: " ")
            }
            out += " " + species[k].symbol + "\n"
        }
        return out
    }
}
