/// A `loop_` of a CIF block: tags (lower-cased) and their values, row by row.
public struct CIFLoop: Hashable, Sendable {
    /// The loop's tags, lower-cased, in file order.
    public let tags: [String]
    /// Values row-major: row `r`, column `c` is `values[r * tags.count + c]`.
    public let values: [CIFValue]
    /// 1-based line of the `loop_` keyword.
    public let line: Int

    /// Number of rows (packets).
    public var rowCount: Int { tags.isEmpty ? 0 : values.count / tags.count }

    /// The values of one tag (case-insensitive), top to bottom, or `nil` if the loop lacks it.
    public func column(_ tag: String) -> [CIFValue]? {
        guard let c = tags.firstIndex(of: tag.lowercased()) else { return nil }
        return stride(from: c, to: values.count, by: tags.count).map { values[$0] }
    }
}

/// A data block (or save frame): single-valued tags and loops, tags lower-cased (CIF tags are
/// case-insensitive).
public struct CIFBlock: Hashable, Sendable {
    /// The block's name (the text after `data_`).
    public let name: String
    /// 1-based line of the `data_` header.
    public let line: Int
    /// Tags given once, outside loops.
    public internal(set) var items: [String: CIFValue] = [:]
    /// The block's loops in file order.
    public internal(set) var loops: [CIFLoop] = []
    /// `save_` frames inside the block (dictionaries use them; structure files rarely do).
    public internal(set) var saveFrames: [CIFBlock] = []
    private var loopByTag: [String: Int] = [:]

    init(name: String, line: Int) {
        self.name = name
        self.line = line
    }

    mutating func add(_ loop: CIFLoop) {
        for tag in loop.tags where loopByTag[tag] == nil { loopByTag[tag] = loops.count }
        loops.append(loop)
    }

    /// True when the block has this tag, alone or in a loop (case-insensitive).
    public func contains(_ tag: String) -> Bool {
        let key = tag.lowercased()
        return items[key] != nil || loopByTag[key] != nil
    }

    /// The single value of a tag, or the first row of its loop column.
    public func value(_ tag: String) -> CIFValue? {
        let key = tag.lowercased()
        if let v = items[key] { return v }
        return column(key)?.first
    }

    /// The loop column of a tag, or a single value as a one-element column (pymatgen accepts a
    /// one-line symmetry list written without `loop_`).
    public func column(_ tag: String) -> [CIFValue]? {
        let key = tag.lowercased()
        if let l = loopByTag[key] { return loops[l].column(key) }
        if let v = items[key] { return [v] }
        return nil
    }

    /// The loop that holds a tag, if any.
    public func loop(containing tag: String) -> CIFLoop? {
        loopByTag[tag.lowercased()].map { loops[$0] }
    }
}

/// A parsed CIF file: its data blocks in order, and what was repaired on the way.
public struct CIFDocument: Sendable {
    public var blocks: [CIFBlock]
    public var warnings: [CIFWarning]

    /// Parses the syntax of a CIF (no chemistry yet).
    /// - Throws: `CIFError` (`.empty`, `.noDataBlock`, `.unterminatedTextField`, `.missingValue`,
    ///   `.loopWithoutTags`, `.loopValueCount`, `.unbalancedSaveFrame`) with the line.
    public init(parsing text: String) throws {
        var tokenizer = CIFTokenizer(text)
        let tokens = try tokenizer.tokenize()
        var parser = CIFBlockParser(tokens: tokens)
        blocks = try parser.parse()
        warnings = tokenizer.warnings + parser.warnings
    }
}

/// Groups tokens into blocks, items and loops.
private struct CIFBlockParser {
    let tokens: [(token: CIFToken, line: Int)]
    var index = 0
    var warnings: [CIFWarning] = []

    init(tokens: [(token: CIFToken, line: Int)]) {
        self.tokens = tokens
    }

    mutating func parse() throws -> [CIFBlock] {
        guard !tokens.isEmpty else { throw CIFError(.empty, line: 1) }
        var blocks: [CIFBlock] = []
        var skipped = false
        while index < tokens.count {
            let (token, line) = tokens[index]
            index += 1
            switch token {
            case .dataBlock(let name):
                var block = CIFBlock(name: name, line: line)
                try parseBody(into: &block, inFrame: false)
                blocks.append(block)
            case .global:
                var block = CIFBlock(name: "global_", line: line)
                try parseBody(into: &block, inFrame: false)
                blocks.append(block)
            default:
                if !skipped {
                    warnings.append(CIFWarning("content before the first data_ block ignored", line: line))
                    skipped = true
                }
            }
        }
        guard !blocks.isEmpty else { throw CIFError(.noDataBlock, line: tokens[0].line) }
        return blocks
    }

    /// Reads items, loops and frames until the next block (or the frame's end).
    private mutating func parseBody(into block: inout CIFBlock, inFrame: Bool) throws {
        while index < tokens.count {
            let (token, line) = tokens[index]
            switch token {
            case .dataBlock, .global:
                if inFrame { throw CIFError(.unbalancedSaveFrame, line: line, token: "save_", block: block.name) }
                return
            case .saveFrame(let name):
                index += 1
                if name.isEmpty {
                    if inFrame { return }
                    throw CIFError(.unbalancedSaveFrame, line: line, token: "save_", block: block.name)
                }
                if inFrame { throw CIFError(.unbalancedSaveFrame, line: line, token: "save_" + name, block: block.name) }
                var frame = CIFBlock(name: name, line: line)
                try parseBody(into: &frame, inFrame: true)
                block.saveFrames.append(frame)
            case .tag(let tag):
                index += 1
                if index < tokens.count, case .value(let v) = tokens[index].token {
                    index += 1
                    if block.items[tag] != nil {
                        warnings.append(CIFWarning("tag \(tag) given twice: the last value kept", line: line, block: block.name))
                    }
                    block.items[tag] = v
                } else if index < tokens.count {
                    warnings.append(CIFWarning("tag \(tag) has no value: taken as unknown", line: line, block: block.name))
                    block.items[tag] = CIFValue("?", line: line)
                } else {
                    throw CIFError(.missingValue, line: line, token: tag, block: block.name)
                }
            case .loop:
                index += 1
                block.add(try parseLoop(line: line, block: block.name))
            case .stop:
                index += 1
                warnings.append(CIFWarning("stop_ ignored", line: line, block: block.name))
            case .value(let v):
                index += 1
                warnings.append(CIFWarning("value '\(v.text.prefix(40))' without a tag ignored", line: line, block: block.name))
            }
        }
        if inFrame { throw CIFError(.unbalancedSaveFrame, line: tokens.last?.line, token: "save_", block: block.name) }
    }

    private mutating func parseLoop(line: Int, block: String) throws -> CIFLoop {
        var tags: [String] = []
        while index < tokens.count, case .tag(let tag) = tokens[index].token {
            tags.append(tag)
            index += 1
        }
        guard !tags.isEmpty else { throw CIFError(.loopWithoutTags, line: line, token: "loop_", block: block) }
        var values: [CIFValue] = []
        while index < tokens.count, case .value(let v) = tokens[index].token {
            values.append(v)
            index += 1
        }
        guard values.count % tags.count == 0 else {
            throw CIFError(.loopValueCount(tags: tags.count, values: values.count), line: line,
                           token: tags[0], block: block)
        }
        return CIFLoop(tags: tags, values: values, line: line)
    }
}
