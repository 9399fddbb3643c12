internal import CYAML

/// Builds a located `Node` tree from YAML text with libyaml's event parser.
///
/// Resolves anchors, aliases and `<<` merge keys; rejects multi-document streams and non-scalar
/// keys; bounds alias expansion so that a "billion laughs" document fails fast. Problems come back
/// as diagnostics, never thrown.
package struct YAMLParser {
    /// At most this many nodes may be copied in through aliases in one document.
    package static let aliasExpansionLimit = 100_000
    /// Collections may nest at most this deep (deeper trees could exhaust the stack later).
    package static let nestingLimit = 256

    /// The document's root (nil when the stream is empty or unreadable) and what went wrong.
    package struct Result: Sendable {
        /// The root node, if the text holds a document.
        package var root: Node?
        /// Syntax and structure problems; with an error, `root` may be nil.
        package var diagnostics: [Diagnostic]
        /// Whether a node is tagged `!reset` or `!override`.
        package var hasDirectives = false
    }

    private let file: String

    /// Creates a parser whose locations name `file`.
    package init(file: String) {
        self.file = file
    }

    /// Parses `text`; every problem ends up in the result's diagnostics.
    package func parse(_ text: [UInt8]) -> Result {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return Result(root: nil, diagnostics: [.error("out of memory for the YAML parser", at: start)])
        }
        defer { yaml_parser_delete(&parser) }
        return text.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var builder = TreeBuilder(file: file)
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    builder.diagnostics.append(syntaxError(parser, text: text))
                    return Result(root: nil, diagnostics: builder.diagnostics)
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                if !builder.consume(event) { break }
            }
            return Result(root: builder.root, diagnostics: builder.diagnostics, hasDirectives: builder.hasDirectives)
        }
    }

    private var start: SourceLocation { SourceLocation(file: file, line: 1, column: 1) }

    private func syntaxError(_ parser: yaml_parser_t, text: [UInt8]) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unreadable YAML"
        let mark = parser.problem_mark
        var location = SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
        if parser.error == YAML_READER_ERROR {
            // The reader reports a byte offset only; point at the start of the file.
            location = start
            return .error(
                "the file is not YAML text: \(problem) at byte \(parser.problem_offset); a manifest is UTF-8 text", at: location)
        }
        if let column = Self.indentingTab(in: text, line: location.line, before: location.column) {
            let tab = SourceLocation(file: file, line: location.line, column: column)
            return .error("tabs cannot indent YAML; use spaces", at: tab)
        }
        var notes: [Diagnostic.Note] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            let cm = parser.context_mark
            notes.append(
                .init(context, at: SourceLocation(file: file, line: Int(cm.line) + 1, column: Int(cm.column) + 1)))
        }
        return .error("YAML syntax error: \(problem)", at: location, notes: notes)
    }

    /// The column of the first tab in the indentation of `line` of `text`, when the error at
    /// `column` lies within that indentation (so the tab is what libyaml stumbled on).
    static func indentingTab(in text: [UInt8], line: Int, before column: Int) -> Int? {
        var start = 0
        var current = 1
        while current < line {
            guard let newline = text[start...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            start = newline + 1
            current += 1
        }
        let indentation = text[start...].prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard column <= indentation.count + 1, let tab = indentation.firstIndex(of: UInt8(ascii: "\t")) else {
            return nil
        }
        return tab - start + 1
    }
}

/// Turns a stream of libyaml events into a `Node` tree.
private struct TreeBuilder {
    /// A collection being built; mutated in place on the stack so appends stay amortised O(1).
    private struct Frame {
        let isMapping: Bool
        let location: SourceLocation
        let anchor: String?
        let directive: MergeDirective?
        var items: [Node] = []
        var pairs: [Node.Pair] = []
        /// Positions in `pairs` by key, once the mapping is large; small ones are searched.
        var keys: NameTable?
        var pendingKey: Node?
        var merges: [Node] = []
        /// Nodes in this collection, itself included, counting alias expansions.
        var size = 1

        /// Mappings with this many pairs get a table of their keys.
        static let indexed = 12

        /// Adds `pair`, or, when its key is already set, adds nothing and returns where it was set.
        mutating func add(_ pair: consuming Node.Pair) -> SourceLocation? {
            if keys == nil {
                if let first = pairs.pair(pair.key) { return first.keyLocation }
                if pairs.count + 1 == Self.indexed {
                    keys = NameTable(minimumCapacity: 2 * Self.indexed)
                    for position in pairs.indices { keys!.insert(position, forKey: pairs[position].key) }
                }
            }
            if keys != nil, let first = keys!.insert(pairs.count, forKey: pair.key) { return pairs[first].keyLocation }
            pairs.append(pair)
            return nil
        }
    }

    let file: String
    var root: Node?
    var diagnostics: [Diagnostic] = []
    /// Whether a node is tagged `!reset` or `!override`.
    var hasDirectives = false
    private var stack: [Frame] = []
    private var anchors: [String: (node: Node, size: Int)] = [:]
    private var expanded = 0
    private var documents = 0

    init(file: String) {
        self.file = file
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// The directive `tag` spells, noting that the document has one.
    private mutating func directive(_ tag: UnsafeMutablePointer<yaml_char_t>?) -> MergeDirective? {
        let directive = MergeDirective(tag: string(tag))
        if directive != nil { hasDirectives = true }
        return directive
    }

    /// Feeds one event; false stops parsing (a fatal structural error).
    mutating func consume(_ event: yaml_event_t) -> Bool {
        let at = location(event.start_mark)
        let opens = event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT
        if opens && stack.count >= YAMLParser.nestingLimit {
            diagnostics.append(
                .error("collections nest more than \(YAMLParser.nestingLimit) levels deep here; flatten the manifest", at: at))
            return false
        }
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.append(
                    .error(
                        "a manifest holds one YAML document, but a second one starts here; remove the '---' line or split the file",
                        at: at))
                return false
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(
                decoding: UnsafeBufferPointer(start: scalar.value, count: Int(scalar.length)), as: UTF8.self)
            let style: Node.ScalarStyle
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .quoted
            case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
            default: style = .plain
            }
            let tag = string(scalar.tag)
            let node = Node(.scalar(text, style, tag: tag), at: at, directive: MergeDirective(tag: tag))
            if node.directive != nil { hasDirectives = true }
            return add(node, size: 1, anchor: string(scalar.anchor))
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else {
                diagnostics.append(.error("unknown alias '*\(name)': define '&\(name)' before using it", at: at))
                return false
            }
            expanded += target.size
            if expanded > YAMLParser.aliasExpansionLimit {
                diagnostics.append(
                    .error(
                        "aliases expand to more than \(YAMLParser.aliasExpansionLimit) nodes; is this a \"billion laughs\" document?",
                        at: at))
                return false
            }
            var node = target.node
            node.location = at
            return add(node, size: target.size, anchor: nil)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            stack.append(
                Frame(
                    isMapping: false, location: at, anchor: string(start.anchor),
                    directive: directive(start.tag)))
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            stack.append(
                Frame(
                    isMapping: true, location: at, anchor: string(start.anchor),
                    directive: directive(start.tag)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return false }
            let kind: Node.Kind =
                frame.isMapping ? .mapping(applyMerges(frame.merges, to: frame.pairs)) : .sequence(frame.items)
            return add(
                Node(kind, at: frame.location, directive: frame.directive), size: frame.size, anchor: frame.anchor)
        default:
            break
        }
        return true
    }

    /// Adds a finished node to the collection being built (or makes it the root).
    private mutating func add(_ node: consuming Node, size: Int, anchor: String?) -> Bool {
        if let anchor { anchors[anchor] = (node, size) }
        guard !stack.isEmpty else {
            root = node
            return true
        }
        let top = stack.count - 1
        stack[top].size += size
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return true
        }
        guard let key = stack[top].pendingKey.take() else {
            stack[top].pendingKey = node
            return true
        }
        if case .scalar(let text, .plain, nil) = key.kind, text == "<<" {
            stack[top].merges.append(node)
        } else if let keyText = key.scalarText, !key.isNull {
            if let first = stack[top].add(Node.Pair(key: keyText, keyLocation: key.location, value: node)) {
                diagnostics.append(
                    .error(
                        "duplicate key '\(keyText)' in this mapping; remove one of them", at: key.location,
                        notes: [.init("'\(keyText)' is first set here", at: first)]))
            }
        } else {
            diagnostics.append(.error("mapping keys must be strings, not \(key.typeDescription)", at: key.location))
        }
        return true
    }

    /// Applies `<<` merge keys: keys written in the mapping win, then earlier merged mappings.
    private mutating func applyMerges(_ merges: [Node], to pairs: [Node.Pair]) -> [Node.Pair] {
        guard !merges.isEmpty else { return pairs }
        var result = pairs
        var seen = Set(pairs.map(\.key))
        var sources: [Node] = []
        for merge in merges {
            switch merge.kind {
            case .mapping: sources.append(merge)
            case .sequence(let items): sources.append(contentsOf: items)
            case .scalar: sources.append(merge)
            }
        }
        for source in sources {
            guard case .mapping(let merged) = source.kind else {
                diagnostics.append(
                    .error(
                        "a '<<' merge key takes a mapping or a list of mappings, not \(source.typeDescription)",
                        at: source.location))
                continue
            }
            for pair in merged where !seen.contains(pair.key) {
                seen.insert(pair.key)
                result.append(pair)
            }
        }
        return result
    }
}
