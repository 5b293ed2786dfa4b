/// Translation of a filter into a WHERE clause over `materials AS m`, with bound parameters
/// (never string-spliced values).
extension Filter {
    func sql() -> (clause: String, values: [SQLValue]) {
        var values: [SQLValue] = []
        let clause = emit(&values)
        return (clause, values)
    }

    private func emit(_ values: inout [SQLValue]) -> String {
        switch self {
        case let .and(a, b): return "(\(a.emit(&values)) AND \(b.emit(&values)))"
        case let .or(a, b): return "(\(a.emit(&values)) OR \(b.emit(&values)))"
        case let .not(a): return "(NOT \(a.emit(&values)))"
        case let .compare(field, op, value):
            let bound: SQLValue = switch value {
            case .string(let s): .text(s)
            case .number(let x): .real(x)
            }
            let column: String
            switch field {
            case .nelements: column = "m.nelements"
            case .spaceGroupNumber: column = "m.space_group_number"
            case .chemicalFormulaReduced: column = "m.chemical_formula_reduced"
            case .crystalSystem: column = "m.crystal_system"
            case .id: column = "m.id"
            case .name: column = "m.name"
            case .property(let name):
                values.append(.text(name))
                values.append(bound)
                return "EXISTS (SELECT 1 FROM properties p WHERE p.label = m.label AND p.name = ? AND p.value \(op.rawValue) ?)"
            }
            values.append(bound)
            // A missing value (NULL) never matches, as in OPTIMADE.
            return "(\(column) IS NOT NULL AND \(column) \(op.rawValue) ?)"
        case let .hasElements(quantifier, symbols):
            let unique = Array(Set(symbols)).sorted()
            let marks = Array(repeating: "?", count: unique.count).joined(separator: ",")
            values.append(contentsOf: unique.map { .text($0) })
            switch quantifier {
            case .any:
                return "EXISTS (SELECT 1 FROM material_elements e WHERE e.label = m.label AND e.symbol IN (\(marks)))"
            case .all:
                values.append(.integer(Int64(unique.count)))
                return "((SELECT COUNT(*) FROM material_elements e WHERE e.label = m.label AND e.symbol IN (\(marks))) = ?)"
            case .only:
                return "(m.nelements > 0 AND NOT EXISTS (SELECT 1 FROM material_elements e WHERE e.label = m.label AND e.symbol NOT IN (\(marks))))"
            }
        }
    }
}

extension Filter {
    /// Evaluates the filter in memory against one record (the reference semantics the SQL
    /// translation must match; also used by tests).
    public func matches(_ r: MaterialRecord) -> Bool {
        switch self {
        case let .and(a, b): return a.matches(r) && b.matches(r)
        case let .or(a, b): return a.matches(r) || b.matches(r)
        case let .not(a): return !a.matches(r)
        case let .hasElements(quantifier, symbols):
            let have = Set(r.elements), want = Set(symbols)
            switch quantifier {
            case .any: return !have.isDisjoint(with: want)
            case .all: return want.isSubset(of: have)
            case .only: return !have.isEmpty && have.isSubset(of: want)
            }
        case let .compare(field, op, value):
            switch (field, value) {
            case (.nelements, .number(let x)): return compare(Double(r.nelements), op, x)
            case (.spaceGroupNumber, .number(let x)): return r.spaceGroupNumber.map { compare(Double($0), op, x) } ?? false
            case (.property(let name), .number(let x)): return r.properties[name].map { compare($0, op, x) } ?? false
            case (.chemicalFormulaReduced, .string(let s)): return r.chemicalFormulaReduced.map { compare($0, op, s) } ?? false
            case (.crystalSystem, .string(let s)): return r.crystalSystem.map { compare($0, op, s) } ?? false
            case (.id, .string(let s)): return compare(r.id.rawValue, op, s)
            case (.name, .string(let s)): return r.name.map { compare($0, op, s) } ?? false
            default: return false
            }
        }
    }

    private func compare<T: Comparable>(_ a: T, _ op: ComparisonOperator, _ b: T) -> Bool {
        switch op {
        case .equal: a == b
        case .notEqual: a != b
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        }
    }
}
