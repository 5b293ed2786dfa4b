import Chemistry
import Encoders
import Foundation
import Imaging

/// Turns the wire forms of DESIGN §5 (`query.crystal`, `query.spectrum`, …) into the domain values the
/// encoders take. Every rejection is a `ProtocolError` naming the field (`query.crystal.cif`) and, where
/// the parser knows it, the line or character offset in its message.
///
/// Limits keep one request from costing unbounded time: a crystal of at most `maxSites` sites, a spectrum
/// of at most `maxSpectrumPoints` points, a PNG of at most `maxPixels` pixels, text of at most `maxTextBytes`.
public struct WireInput: Sendable {
    public var maxSites = 1000
    public var maxSpectrumPoints = 100_000
    public var maxPixels = 16 << 20
    public var maxTextBytes = 64 << 10
    public var maxCIFBytes = 4 << 20

    public init() {}

    /// The input of `modality` given as `value`; `field` is its wire path (`query.text`, `input`).
    public func input(_ modality: Modality, _ value: JSONValue, field: String) throws(ProtocolError) -> ModalityInput {
        switch modality {
        case .crystal: return .crystal(try crystal(value, field: field))
        case .composition: return .composition(try composition(value, field: field))
        case .spectrum: return .spectrum(try spectrum(value, field: field))
        case .micrograph: return .micrograph(try micrograph(value, field: field), pixelSize: try pixelSize(value, field: field))
        case .text: return .text(try text(value, field: field))
        case .properties: return .properties(try properties(value, field: field))
        }
    }

    // MARK: crystal

    /// `{"cif": …}`, `{"poscar": …}` or `{"lattice", "species", "frac_coords", "occupancies"?}`; a bare
    /// string is read as CIF text.
    public func crystal(_ value: JSONValue, field: String) throws(ProtocolError) -> Crystal {
        let result: Crystal
        if let text = value.stringValue {
            result = try cif(text, field: field)
        } else if let object = value.objectValue {
            if let raw = object["cif"] {
                guard let text = raw.stringValue else { throw invalid("must be a string of CIF text", "\(field).cif") }
                result = try cif(text, field: "\(field).cif")
            } else if let raw = object["poscar"] {
                guard let text = raw.stringValue else { throw invalid("must be a string of POSCAR text", "\(field).poscar") }
                guard text.utf8.count <= maxCIFBytes else { throw invalid("is longer than \(maxCIFBytes) bytes", "\(field).poscar") }
                do { result = try Crystal(poscar: text) } catch {
                    throw invalid("POSCAR line \(error.line): \(error.message)", "\(field).poscar")
                }
            } else if object["lattice"] != nil {
                result = try sites(object, field: field)
            } else {
                throw ProtocolError.invalidParams("\(field) needs one of cif, poscar, or lattice+species+frac_coords", field: field)
            }
        } else {
            throw ProtocolError.invalidParams("\(field) must be an object ({\"cif\": …}) or CIF text", field: field)
        }
        guard !result.sites.isEmpty else { throw invalid("has no sites", field) }
        guard result.sites.count <= maxSites else {
            throw invalid("has \(result.sites.count) sites; the limit is \(maxSites)", field)
        }
        return result
    }

    private func cif(_ text: String, field: String) throws(ProtocolError) -> Crystal {
        guard text.utf8.count <= maxCIFBytes else { throw invalid("is longer than \(maxCIFBytes) bytes", field) }
        do {
            return try Crystal(cif: text)
        } catch let error as CIFError {
            var where_ = ""
            if let line = error.line { where_ += " at line \(line)" }
            if let token = error.token { where_ += " ('\(token.prefix(60))')" }
            throw invalid("is not a readable CIF\(where_): \(error.kind)", field)
        } catch {
            throw invalid("is not a readable CIF: \(error)", field)
        }
    }

    private func sites(_ object: [String: JSONValue], field: String) throws(ProtocolError) -> Crystal {
        guard let rows = object["lattice"]?.arrayValue, rows.count == 3 else {
            throw ProtocolError.invalidParams("\(field).lattice must be three [x, y, z] rows in Å", field: "\(field).lattice")
        }
        var matrix: [[Double]] = []
        for (i, row) in rows.enumerated() {
            matrix.append(try numbers(row, count: 3, field: "\(field).lattice[\(i)]"))
        }
        let lattice = Lattice(matrix: matrix)
        guard lattice.volume.isFinite, lattice.volume > 1e-3 else { throw invalid("has a degenerate cell (volume \(lattice.volume) Å³)", "\(field).lattice") }
        guard let species = object["species"]?.arrayValue else {
            throw ProtocolError.invalidParams("\(field).species must be a list of element symbols", field: "\(field).species")
        }
        guard let coords = object["frac_coords"]?.arrayValue, coords.count == species.count else {
            throw ProtocolError.invalidParams("\(field).frac_coords must hold one [x, y, z] per species", field: "\(field).frac_coords")
        }
        guard species.count <= maxSites * 4 else { throw invalid("has more than \(maxSites * 4) entries", "\(field).species") }
        var occupancies = [Double](repeating: 1, count: species.count)
        if let raw = object["occupancies"], !raw.isNull {
            guard let list = raw.arrayValue, list.count == species.count else {
                throw ProtocolError.invalidParams("\(field).occupancies must hold one number per species", field: "\(field).occupancies")
            }
            occupancies = try numbers(.array(list), count: list.count, field: "\(field).occupancies")
            if let bad = occupancies.firstIndex(where: { !($0 > 0 && $0 <= 1.0001) }) {
                throw invalid("[\(bad)] = \(occupancies[bad]) is not in (0, 1]", "\(field).occupancies")
            }
        }
        // Entries at one position (within 1e-4 in fractional coordinates) share a site: partial occupancy.
        var built: [Site] = []
        for i in species.indices {
            guard let symbol = species[i].stringValue, let element = Element(symbol: symbol) else {
                throw invalid("[\(i)] is not an element symbol (Z = 1…94)", "\(field).species")
            }
            let f = try numbers(coords[i], count: 3, field: "\(field).frac_coords[\(i)]")
            let position = SIMD3(f[0], f[1], f[2])
            let occupant = Occupant(Species(element), occupancy: occupancies[i])
            if let k = built.firstIndex(where: { Self.samePosition($0.fracCoords, position) }) {
                built[k].occupants.append(occupant)
                guard built[k].totalOccupancy <= 1.0001 else {
                    throw invalid("[\(i)]: occupancies at one position sum above 1", "\(field).occupancies")
                }
            } else {
                built.append(Site(occupants: [occupant], fracCoords: position))
            }
        }
        return Crystal(lattice: lattice, sites: built)
    }

    static func samePosition(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Bool {
        var d = a - b
        d -= d.rounded(.toNearestOrAwayFromZero)
        return (d * d).sum() < 1e-8
    }

    // MARK: composition

    /// A formula string (`LiFePO4`, `CuSO4·5H2O`) or `{"Li": 1, "Fe": 1, …}`.
    public func composition(_ value: JSONValue, field: String) throws(ProtocolError) -> Composition {
        do {
            if let text = value.stringValue {
                guard text.utf8.count <= 4096 else { throw invalid("is longer than 4096 bytes", field) }
                return try Composition(parsing: text)
            }
            if let object = value.objectValue {
                guard object.count <= 118 else { throw invalid("has more than 118 elements", field) }
                var amounts: [String: Double] = [:]
                for (symbol, amount) in object {
                    guard let v = amount.doubleValue else {
                        throw ProtocolError.invalidParams("\(field).\(symbol) must be a number", field: "\(field).\(symbol)")
                    }
                    amounts[symbol] = v
                }
                return try Composition(symbolAmounts: amounts)
            }
        } catch let error as FormulaError {
            throw invalid("is not a valid formula: \(error.message) (character \(error.offset + 1))", field)
        } catch let error as ProtocolError {
            throw error
        } catch {
            throw invalid("is not a valid formula: \(error)", field)
        }
        throw ProtocolError.invalidParams("\(field) must be a formula string or an {element: amount} object", field: field)
    }

    // MARK: spectrum

    /// `{"kind": "xrd", "x": [2θ…], "y": [I…], "wavelength"?}` or
    /// `{"kind": "xrd", "peaks": [[2θ, I], …], "wavelength"?, "two_theta_range"?: [start, end]}`.
    /// `wavelength` is in Å or a name (`CuKa`, `MoKa`); default Cu Kα 1.54184 Å. A peak list's
    /// `two_theta_range` is the window measured (a partial pattern: nothing is claimed outside it);
    /// without it the window runs from 5° to just past the last peak.
    public func spectrum(_ value: JSONValue, field: String) throws(ProtocolError) -> SpectrumInput {
        guard let object = value.objectValue else {
            throw ProtocolError.invalidParams("\(field) must be an object with x/y or peaks", field: field)
        }
        if let kind = object["kind"], !kind.isNull {
            guard kind.stringValue?.lowercased() == "xrd" else { throw invalid("kind must be \"xrd\"", "\(field).kind") }
        }
        var wavelength = 1.54184
        if let raw = object["wavelength"], !raw.isNull {
            if let v = raw.doubleValue {
                wavelength = v
            } else if let name = raw.stringValue, let w = Wavelength(name) {
                wavelength = w.angstroms
            } else {
                throw invalid("must be a number of Å or a name such as \"CuKa\"", "\(field).wavelength")
            }
            guard wavelength.isFinite, wavelength > 0.01, wavelength < 100 else {
                throw invalid("must be a positive number of Å", "\(field).wavelength")
            }
        }
        let input: SpectrumInput
        if let raw = object["peaks"] {
            guard let list = raw.arrayValue, !list.isEmpty else { throw invalid("must be a non-empty list of [2θ, I]", "\(field).peaks") }
            guard list.count <= maxSpectrumPoints else { throw invalid("has more than \(maxSpectrumPoints) peaks", "\(field).peaks") }
            var pairs: [(Double, Double)] = []
            for (i, p) in list.enumerated() {
                let v = try numbers(p, count: 2, field: "\(field).peaks[\(i)]")
                pairs.append((v[0], v[1]))
            }
            var range: ClosedRange<Double>?
            if let raw = object["two_theta_range"], !raw.isNull {
                let v = try numbers(raw, count: 2, field: "\(field).two_theta_range")
                guard v[0] >= 0, v[1] <= 180, v[0] < v[1] else {
                    throw invalid("must be [start, end] degrees with 0 ≤ start < end ≤ 180", "\(field).two_theta_range")
                }
                for (i, t) in pairs.map(\.0).enumerated() where !(v[0]...v[1]).contains(t) {
                    throw invalid("[\(i)]: 2θ = \(t)° lies outside two_theta_range", "\(field).peaks")
                }
                range = v[0]...v[1]
            }
            input = .peaks(pairs, wavelength: wavelength, twoThetaRange: range)
        } else if let xs = object["x"], let ys = object["y"] {
            guard let xl = xs.arrayValue, let yl = ys.arrayValue else { throw invalid("x and y must be lists of numbers", "\(field).x") }
            guard xl.count <= maxSpectrumPoints else { throw invalid("has more than \(maxSpectrumPoints) points", "\(field).x") }
            guard xl.count == yl.count else { throw invalid("has \(yl.count) values; x has \(xl.count)", "\(field).y") }
            guard xl.count >= 2 else { throw invalid("needs at least 2 points", "\(field).x") }
            let x = try numbers(xs, count: xl.count, field: "\(field).x")
            let y = try numbers(ys, count: yl.count, field: "\(field).y")
            input = .profile(x: x, y: y, wavelength: wavelength)
        } else {
            throw ProtocolError.invalidParams("\(field) needs peaks, or x and y", field: field)
        }
        for (i, t) in input.twoTheta.enumerated() where !(t > 0 && t < 180) {
            throw invalid("[\(i)]: 2θ = \(t)° is outside (0°, 180°)", object["peaks"] != nil ? "\(field).peaks" : "\(field).x")
        }
        guard input.intensity.contains(where: { $0 > 0 }) else { throw invalid("has no positive intensity", field) }
        return input
    }

    // MARK: micrograph, text, properties

    /// `{"png_base64": "…"}` (8/16-bit gray, RGB or palette PNG).
    public func micrograph(_ value: JSONValue, field: String) throws(ProtocolError) -> Image {
        guard let encoded = value["png_base64"]?.stringValue else {
            throw ProtocolError.invalidParams("\(field).png_base64 must be a base64 string of a PNG file", field: "\(field).png_base64")
        }
        guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw invalid("is not valid base64", "\(field).png_base64")
        }
        do {
            return try PNGDecoder(maxPixels: maxPixels).decode([UInt8](data))
        } catch {
            throw invalid("is not a readable PNG: \(error)", "\(field).png_base64")
        }
    }

    /// `pixel_size` of a micrograph: Å per pixel, in (0, 100], or nil when absent.
    public func pixelSize(_ value: JSONValue, field: String) throws(ProtocolError) -> Double? {
        guard let raw = value["pixel_size"], !raw.isNull else { return nil }
        guard let d = raw.doubleValue, d.isFinite, d > 0, d <= 100 else {
            throw invalid("must be a number of Å per pixel in (0, 100]", "\(field).pixel_size")
        }
        return d
    }

    public func text(_ value: JSONValue, field: String) throws(ProtocolError) -> String {
        guard let s = value.stringValue else { throw ProtocolError.invalidParams("\(field) must be a string", field: field) }
        guard s.contains(where: { !$0.isWhitespace }) else { throw invalid("is empty", field) }
        guard s.utf8.count <= maxTextBytes else { throw invalid("is longer than \(maxTextBytes) bytes", field) }
        return s
    }

    /// `{"density": 3.2, …}`: finite numbers by property name.
    public func properties(_ value: JSONValue, field: String) throws(ProtocolError) -> [String: Double] {
        guard let object = value.objectValue, !object.isEmpty else {
            throw ProtocolError.invalidParams("\(field) must be a non-empty {name: number} object", field: field)
        }
        var out: [String: Double] = [:]
        for (name, raw) in object {
            guard let v = raw.doubleValue, v.isFinite else {
                throw ProtocolError.invalidParams("\(field).\(name) must be a finite number", field: "\(field).\(name)")
            }
            out[name] = v
        }
        return out
    }

    // MARK: helpers

    func numbers(_ value: JSONValue, count: Int, field: String) throws(ProtocolError) -> [Double] {
        guard let list = value.arrayValue, list.count == count else {
            throw ProtocolError.invalidParams("\(field) must be a list of \(count) numbers", field: field)
        }
        var out: [Double] = []
        out.reserveCapacity(count)
        for (i, v) in list.enumerated() {
            guard let d = v.doubleValue, d.isFinite else {
                throw ProtocolError.invalidParams("\(field)[\(i)] must be a finite number", field: field)
            }
            out.append(d)
        }
        return out
    }

    func invalid(_ message: String, _ field: String) -> ProtocolError {
        ProtocolError(.invalidInput, "\(field) \(message)", field: field)
    }
}

extension EncoderError {
    /// The error on the wire, its field prefixed with where the input sat in the request.
    func protocolError(prefix: String) -> ProtocolError {
        let inner = field
        let full: String
        if inner.hasPrefix(prefix) { full = inner }
        else if case .modalityUnavailable = self { full = prefix }
        else if inner.hasPrefix("properties.") { full = prefix + inner.dropFirst("properties".count) }
        else { full = prefix + "." + inner }
        if case .modalityUnavailable = self { return ProtocolError(.unavailable, description, field: full) }
        return ProtocolError(.invalidInput, description, field: full)
    }
}
