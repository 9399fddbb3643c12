/// Typed reads of YAML nodes that record a diagnostic, instead of failing, when a node is wrong.
///
/// Each `read…` returns nil after recording what was wrong and where, so decoding goes on and
/// every problem of a file is reported in one pass.
struct DecodingContext {
    /// Everything found so far.
    var diagnostics: [Diagnostic] = []

    mutating func error(_ message: String, at location: SourceLocation, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.error(message, at: location, notes: notes))
    }

    mutating func warning(_ message: String, at location: SourceLocation, notes: [Diagnostic.Note] = []) {
        diagnostics.append(.warning(message, at: location, notes: notes))
    }

    /// The pairs of a mapping node; unknown keys (other than `x-…` extensions) are reported with a
    /// "did you mean" note and left out.
    mutating func mapping(_ node: Node, _ what: String, keys allowed: [String]) -> [Node.Pair]? {
        guard case .mapping(let pairs) = node.kind else {
            error("\(what) must be a mapping, not \(node.typeDescription)", at: node.location)
            return nil
        }
        return pairs.filter { pair in
            if allowed.contains(pair.key) || pair.key.hasPrefix("x-") { return true }
            let notes = Suggestions.didYouMean(pair.key, among: allowed).map { [Diagnostic.Note($0)] } ?? []
            error("unknown key '\(pair.key)' in \(what)", at: pair.keyLocation, notes: notes)
            return false
        }
    }

    /// The text of a scalar node; numbers and booleans are taken as written.
    mutating func scalar(_ node: Node, _ what: String) -> String? {
        guard let text = node.scalarText, !node.isNull else {
            error("\(what) must be a string, not \(node.typeDescription)", at: node.location)
            return nil
        }
        return text
    }

    /// A boolean: unquoted `true`/`false`, `yes`/`no`, `on`/`off`.
    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        if case .scalar(let text, let style, _) = node.kind {
            if style == .plain, let value = yamlBoolean(text) { return value }
            if style == .quoted, yamlBoolean(text) != nil {
                error(
                    "\(what) must be a boolean, but \"\(text)\" is quoted, which makes it a string; write \(text) without quotes",
                    at: node.location)
                return nil
            }
        }
        error("\(what) must be a boolean (true or false), not \(node.typeDescription)", at: node.location)
        return nil
    }

    /// A whole number in `range`.
    mutating func integer(_ node: Node, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let text, .plain, _) = node.kind, let value = Int(text) else {
            error("\(what) must be a whole number, not \(node.typeDescription)", at: node.location)
            return nil
        }
        guard range.contains(value) else {
            let bound = range.upperBound == .max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            error("\(what) must be \(bound), not \(value)", at: node.location)
            return nil
        }
        return value
    }

    /// A duration; `positive` rejects zero.
    mutating func duration(_ node: Node, _ what: String, positive: Bool = false) -> Duration? {
        guard let text = node.scalarText, !node.isNull else {
            error("\(what) must be a duration, not \(node.typeDescription)", at: node.location)
            return nil
        }
        guard let value = DurationParser.parse(text) else {
            error("invalid duration '\(text)' for \(what): use \(DurationParser.expectedForm)", at: node.location)
            return nil
        }
        if positive && value == .zero {
            error("\(what) must be longer than 0", at: node.location)
            return nil
        }
        return value
    }

    /// A string, or a list of strings (as `env_file` takes), with each item's location.
    mutating func stringList(_ node: Node, _ what: String) -> [(String, Node)] {
        switch node.kind {
        case .sequence(let items):
            return items.compactMap { item in scalar(item, "each item of \(what)").map { ($0, item) } }
        default:
            return scalar(node, "\(what) (a string or a list of strings)").map { [($0, node)] } ?? []
        }
    }

    /// `text` with `${…}` expanded from `lookup`; problems are placed on the `$` when the scalar is
    /// on one line, else at the scalar.
    mutating func interpolate(_ text: String, of node: Node, lookup: (String) -> String?) -> String {
        let (value, problems) = Interpolation.expand(text, lookup: lookup)
        for problem in problems {
            diagnostics.append(Diagnostic(problem.severity, problem.message, at: place(problem.offset, in: node)))
        }
        return value
    }

    private func place(_ offset: Int, in node: Node) -> SourceLocation {
        guard case .scalar(let text, let style, _) = node.kind, !text.contains("\n"), style != .block else {
            return node.location
        }
        return node.location.advanced(by: offset + (style == .quoted ? 1 : 0))
    }
}
