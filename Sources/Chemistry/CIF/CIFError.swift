/// A CIF that cannot be read, with where and why.
///
/// `line` is 1-based in the input text; `token` is the tag, value or symbol at fault (for example
/// `"_cell_length_a"`, `"0.12(3"`, `"Xx1"` or `"x+q, y, z"`); `block` names the data block.
public struct CIFError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Hashable, Sendable {
        /// The text holds nothing but whitespace and comments.
        case empty
        /// No `data_` block header was found.
        case noDataBlock
        /// A `;` text field never closed (truncated input).
        case unterminatedTextField
        /// A tag is the last token of its block, with no value.
        case missingValue
        /// `loop_` not followed by any tag.
        case loopWithoutTags
        /// A loop whose value count is not a multiple of its tag count.
        case loopValueCount(tags: Int, values: Int)
        /// A `save_` frame never closed, or a frame end without a frame.
        case unbalancedSaveFrame
        /// A tag the structure needs is absent (`_cell_length_a`, `_atom_site_fract_x`, …).
        case missingTag
        /// A value that should be a number is not (`token` holds it).
        case invalidNumber
        /// Cell parameters that do not make a 3-D cell (non-positive length, impossible angles,
        /// or a cell thinner than 0.01 Å along an axis).
        case invalidCell
        /// A type symbol or label that names no element in the table (Z = 1…94).
        case unknownElement
        /// A real element the table (Z = 1…94) lacks: Am, Cm, Bk, Cf or Es (`token` holds the label).
        case unsupportedElement
        /// A symmetry operation that is not of the `x, -y+1/2, z` form.
        case invalidSymmetryOperation
        /// A loop column that has fewer rows than the atom-site loop needs.
        case inconsistentLoop
        /// No data block of the text describes a crystal (cell and atom sites).
        case noStructure
        /// An atom-site loop whose sites all have zero occupancy or no element.
        case noSites
    }

    public var kind: Kind
    /// 1-based line of the input where the problem was seen, when known.
    public var line: Int?
    /// The tag, value or symbol at fault, when there is one.
    public var token: String?
    /// The data block's name (without `data_`), when known.
    public var block: String?

    public init(_ kind: Kind, line: Int? = nil, token: String? = nil, block: String? = nil) {
        self.kind = kind
        self.line = line
        self.token = token
        self.block = block
    }

    public var description: String {
        var parts = ["CIF error: \(kind)"]
        if let line { parts.append("line \(line)") }
        if let token { parts.append("at '\(token.prefix(60))'") }
        if let block { parts.append("in data_\(block.prefix(60))") }
        return parts.joined(separator: ", ")
    }
}

/// A repair or oddity met while reading a CIF that did not stop the read (as pymatgen records in
/// `CifParser.warnings`): occupancies scaled down, coordinates snapped to 1/3, a missing symmetry
/// list replaced by the identity, and so on.
public struct CIFWarning: Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// 1-based line of the input, when known.
    public var line: Int?
    /// The data block's name, when known.
    public var block: String?

    public init(_ message: String, line: Int? = nil, block: String? = nil) {
        self.message = message
        self.line = line
        self.block = block
    }

    public var description: String {
        var text = message
        if let line { text += " (line \(line))" }
        if let block { text += " [data_\(block.prefix(60))]" }
        return text
    }
}
