/// A parsed OPTIMADE filter (the subset of DESIGN §5).
///
/// Known fields: `elements` (HAS ALL / HAS ANY / HAS ONLY / HAS), `nelements` and
/// `space_group_number` (numbers), `chemical_formula_reduced`, `crystal_system`, `id`, `name`
/// (strings). Any other identifier names a numeric property of the catalog
/// (e.g. `density > 3.5`). `NOT` binds tighter than `AND`, which binds tighter than `OR`.
public indirect enum Filter: Sendable, Equatable {
    case and(Filter, Filter)
    case or(Filter, Filter)
    case not(Filter)
    /// `field op value`.
    case compare(field: FilterField, op: ComparisonOperator, value: FilterValue)
    /// `elements HAS <quantifier> "A", "B", …`.
    case hasElements(quantifier: HasQuantifier, symbols: [String])

    /// Parses filter text.
    /// - Throws: `FilterError` with the character offset of the problem.
    public static func parse(_ text: String) throws(FilterError) -> Filter {
        var parser = FilterParser(text)
        return try parser.parseFilter()
    }
}

/// A field a filter compares.
public enum FilterField: Sendable, Equatable, Hashable {
    case nelements
    case spaceGroupNumber
    case chemicalFormulaReduced
    case crystalSystem
    case id
    case name
    /// A numeric catalog property.
    case property(String)

    /// True when values are strings.
    var isText: Bool {
        switch self {
        case .chemicalFormulaReduced, .crystalSystem, .id, .name: true
        default: false
        }
    }

    init(identifier: String) {
        switch identifier {
        case "nelements": self = .nelements
        case "space_group_number": self = .spaceGroupNumber
        case "chemical_formula_reduced": self = .chemicalFormulaReduced
        case "crystal_system": self = .crystalSystem
        case "id": self = .id
        case "name": self = .name
        default: self = .property(identifier)
        }
    }
}

public enum ComparisonOperator: String, Sendable, Equatable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

public enum HasQuantifier: String, Sendable, Equatable {
    case all = "ALL", any = "ANY", only = "ONLY"
}

public enum FilterValue: Sendable, Equatable {
    case string(String)
    case number(Double)
}

/// A filter that cannot be parsed, with where.
public struct FilterError: Error, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        case unexpectedCharacter
        case unterminatedString
        case invalidNumber
        case unexpectedToken
        case unexpectedEnd
        case typeMismatch
        case unsupported
    }
    public var kind: Kind
    /// 0-based offset, in characters, of the offending token in the filter text.
    public var offset: Int
    public var message: String

    public var description: String { "filter error at character \(offset + 1): \(message)" }
}
