/// Tokens of the filter language with their character offsets.
struct FilterToken: Equatable {
    enum Kind: Equatable {
        case identifier(String)
        case keyword(String) // AND OR NOT HAS ALL ANY ONLY, upper-cased
        case string(String)
        case number(Double)
        case op(ComparisonOperator)
        case comma, openParen, closeParen, end
    }
    var kind: Kind
    var offset: Int
}

/// Splits filter text into tokens.
struct FilterLexer {
    static let keywords: Set<String> = ["AND", "OR", "NOT", "HAS", "ALL", "ANY", "ONLY"]

    static func tokenize(_ text: String) throws(FilterError) -> [FilterToken] {
        let chars = Array(text)
        var tokens: [FilterToken] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            switch c {
            case "(": tokens.append(.init(kind: .openParen, offset: i)); i += 1
            case ")": tokens.append(.init(kind: .closeParen, offset: i)); i += 1
            case ",": tokens.append(.init(kind: .comma, offset: i)); i += 1
            case "=": tokens.append(.init(kind: .op(.equal), offset: i)); i += 1
            case "!":
                guard i + 1 < chars.count, chars[i + 1] == "=" else {
                    throw FilterError(kind: .unexpectedCharacter, offset: i, message: "expected '!=' ")
                }
                tokens.append(.init(kind: .op(.notEqual), offset: i)); i += 2
            case "<", ">":
                let orEqual = i + 1 < chars.count && chars[i + 1] == "="
                let op: ComparisonOperator = c == "<" ? (orEqual ? .lessOrEqual : .less) : (orEqual ? .greaterOrEqual : .greater)
                tokens.append(.init(kind: .op(op), offset: i)); i += orEqual ? 2 : 1
            case "\"":
                i += 1
                var value = ""
                var closed = false
                while i < chars.count {
                    let d = chars[i]
                    if d == "\\" {
                        guard i + 1 < chars.count else { break }
                        value.append(chars[i + 1]); i += 2; continue
                    }
                    if d == "\"" { closed = true; i += 1; break }
                    value.append(d); i += 1
                }
                guard closed else {
                    throw FilterError(kind: .unterminatedString, offset: start, message: "string is not closed")
                }
                tokens.append(.init(kind: .string(value), offset: start))
            default:
                if c.isNumber || c == "-" || c == "+" || c == "." {
                    i += 1
                    while i < chars.count, chars[i].isNumber || chars[i] == "." || chars[i] == "e" || chars[i] == "E"
                            || ((chars[i] == "-" || chars[i] == "+") && (chars[i - 1] == "e" || chars[i - 1] == "E")) {
                        i += 1
                    }
                    let literal = String(chars[start..<i])
                    guard let value = Double(literal), value.isFinite, chars[start].isASCII else {
                        throw FilterError(kind: .invalidNumber, offset: start, message: "'\(literal)' is not a number")
                    }
                    tokens.append(.init(kind: .number(value), offset: start))
                } else if c.isLetter || c == "_" {
                    while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                    let word = String(chars[start..<i])
                    if keywords.contains(word.uppercased()) {
                        tokens.append(.init(kind: .keyword(word.uppercased()), offset: start))
                    } else {
                        guard word.allSatisfy({ $0.isASCII }), word.first.map({ $0.isLowercase || $0 == "_" }) == true else {
                            throw FilterError(kind: .unexpectedToken, offset: start,
                                              message: "'\(word)' is not a property name (lower-case ASCII identifiers)")
                        }
                        tokens.append(.init(kind: .identifier(word), offset: start))
                    }
                } else {
                    throw FilterError(kind: .unexpectedCharacter, offset: i, message: "unexpected character '\(c)'")
                }
            }
        }
        tokens.append(.init(kind: .end, offset: chars.count))
        return tokens
    }
}

/// Recursive-descent parser:
/// `filter := or; or := and (OR and)*; and := not (AND not)*; not := NOT not | primary;
///  primary := '(' or ')' | identifier op value | identifier HAS [ALL|ANY|ONLY] value (',' value)*`.
struct FilterParser {
    private let text: String
    private var tokens: [FilterToken] = []
    private var position = 0
    private var depth = 0
    private var lexError: FilterError?

    init(_ text: String) {
        self.text = text
        do { tokens = try FilterLexer.tokenize(text) } catch { lexError = error }
    }

    private var current: FilterToken { tokens[position] }

    mutating func parseFilter() throws(FilterError) -> Filter {
        if let lexError { throw lexError }
        if case .end = current.kind {
            throw FilterError(kind: .unexpectedEnd, offset: current.offset, message: "empty filter")
        }
        let f = try parseOr()
        guard case .end = current.kind else {
            throw FilterError(kind: .unexpectedToken, offset: current.offset, message: "unexpected \(describe(current)) after a complete filter")
        }
        return f
    }

    private func describe(_ t: FilterToken) -> String {
        switch t.kind {
        case .identifier(let s): "'\(s)'"
        case .keyword(let s): "'\(s)'"
        case .string(let s): "\"\(s)\""
        case .number(let x): "\(x)"
        case .op(let op): "'\(op.rawValue)'"
        case .comma: "','"
        case .openParen: "'('"
        case .closeParen: "')'"
        case .end: "end of filter"
        }
    }

    private func fail(_ kind: FilterError.Kind, _ message: String, at token: FilterToken? = nil) -> FilterError {
        let t = token ?? current
        if case .end = t.kind { return FilterError(kind: .unexpectedEnd, offset: t.offset, message: message) }
        return FilterError(kind: kind, offset: t.offset, message: message)
    }

    private mutating func keyword(_ word: String) -> Bool {
        if case .keyword(word) = current.kind { position += 1; return true }
        return false
    }

    private mutating func parseOr() throws(FilterError) -> Filter {
        var left = try parseAnd()
        while keyword("OR") { left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(FilterError) -> Filter {
        var left = try parseNot()
        while keyword("AND") { left = .and(left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(FilterError) -> Filter {
        if keyword("NOT") { return .not(try parseNot()) }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(FilterError) -> Filter {
        let token = current
        switch token.kind {
        case .openParen:
            depth += 1
            guard depth <= 64 else { throw fail(.unsupported, "parentheses nested too deeply") }
            position += 1
            let inner = try parseOr()
            guard case .closeParen = current.kind else {
                throw fail(.unexpectedToken, "expected ')' to close '(' at character \(token.offset + 1), found \(describe(current))")
            }
            position += 1
            depth -= 1
            return inner
        case .identifier(let name):
            position += 1
            if keyword("HAS") { return try parseHas(name, at: token) }
            guard case .op(let op) = current.kind else {
                throw fail(.unexpectedToken, "expected a comparison operator or HAS after '\(name)', found \(describe(current))")
            }
            position += 1
            let valueToken = current
            let value = try parseValue()
            if name == "elements" {
                throw fail(.typeMismatch, "'elements' is a list: use HAS, HAS ALL, HAS ANY or HAS ONLY", at: token)
            }
            let field = FilterField(identifier: name)
            switch (field.isText, value) {
            case (true, .number):
                throw fail(.typeMismatch, "'\(name)' is text: compare it with a quoted string", at: valueToken)
            case (false, .string):
                throw fail(.typeMismatch, "'\(name)' is numeric: compare it with a number", at: valueToken)
            default:
                return .compare(field: field, op: op, value: value)
            }
        default:
            throw fail(.unexpectedToken, "expected a property name, NOT or '(', found \(describe(token))")
        }
    }

    private mutating func parseHas(_ name: String, at nameToken: FilterToken) throws(FilterError) -> Filter {
        guard name == "elements" else {
            throw fail(.unsupported, "HAS applies to 'elements' only", at: nameToken)
        }
        var quantifier = HasQuantifier.any
        if keyword("ALL") { quantifier = .all } else if keyword("ANY") { quantifier = .any } else if keyword("ONLY") { quantifier = .only }
        var symbols: [String] = []
        repeat {
            let t = current
            guard case .string(let s) = t.kind else {
                throw fail(.typeMismatch, "expected a quoted element symbol, found \(describe(t))")
            }
            guard !s.isEmpty, s.count <= 3, s.first!.isUppercase, s.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw fail(.typeMismatch, "\"\(s)\" is not an element symbol", at: t)
            }
            symbols.append(s)
            position += 1
        } while consumeComma()
        return .hasElements(quantifier: quantifier, symbols: symbols)
    }

    private mutating func consumeComma() -> Bool {
        if case .comma = current.kind { position += 1; return true }
        return false
    }

    private mutating func parseValue() throws(FilterError) -> FilterValue {
        switch current.kind {
        case .string(let s): position += 1; return .string(s)
        case .number(let x): position += 1; return .number(x)
        default: throw fail(.unexpectedToken, "expected a quoted string or a number, found \(describe(current))")
        }
    }
}
