/// Typed reads of YAML nodes that record a diagnostic, instead of failing, when a node is wrong.
///
/// Each `read…` returns nil after recording what was wrong and where, so decoding goes on and
/// every problem of a file is reported in one pass. `what` names the value in messages, and is
/// built only for one.
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
    /// "did you mean" note (docker compose's names included: `environment` → `env`), and `hint`'s
    /// note if it has one, and left out.
    mutating func mapping(
        _ node: Node, _ what: @autoclosure () -> String, keys allowed: [String],
        hint: (String) -> Diagnostic.Note? = { _ in nil }
    ) -> [Node.Pair]? {
        guard case .mapping(let pairs) = node.kind else {
            error("\(what()) must be a mapping, not \(node.typeDescription)", at: node.location)
            return nil
        }
        let isKnown: (String) -> Bool = { allowed.contains($0) || $0.hasPrefix("x-") }
        // Most mappings have known keys only: they are returned as they are, not filtered into a copy.
        if pairs.indices.allSatisfy({ isKnown(pairs[$0].key) }) { return pairs }
        return pairs.filter { pair in
            if isKnown(pair.key) { return true }
            let compose = Suggestions.composeKeys[pair.key].flatMap { allowed.contains($0) ? $0 : nil }
            let suggestion = compose.map { "did you mean '\($0)'?" } ?? Suggestions.didYouMean(pair.key, among: allowed)
            var notes = suggestion.map { [Diagnostic.Note($0)] } ?? []
            if let note = hint(pair.key) { notes.append(note) }
            error("unknown key '\(pair.key)' in \(what())", at: pair.keyLocation, notes: notes)
            return false
        }
    }

    /// The text of a scalar node; numbers and booleans are taken as written.
    mutating func scalar(_ node: Node, _ what: @autoclosure () -> String) -> String? {
        guard let text = node.scalarText, !node.isNull else {
            error("\(what()) must be a string, not \(node.typeDescription)", at: node.location)
            return nil
        }
        return text
    }

    /// The text of a scalar YAML reads as a string: a number or a boolean (`cwd: 2024`) is an
    /// error with a hint to quote it, as the schema refuses it too. `nonEmpty` refuses `""`;
    /// `expected` names what goes there in the message.
    mutating func string(
        _ node: Node, _ what: @autoclosure () -> String, nonEmpty: Bool = false, expected: String = "a string"
    ) -> String? {
        guard case .scalar(let text, let style, let tag) = node.kind, ScalarType(text, style: style, tag: tag) == .string
        else {
            var notes: [Diagnostic.Note] = []
            if let text = node.scalarText, !node.isNull {
                notes.append(.init("YAML reads \(text) as \(node.typeDescription); write \"\(text)\" to mean the text"))
            }
            error("\(what()) must be \(expected), not \(node.typeDescription)", at: node.location, notes: notes)
            return nil
        }
        if nonEmpty && text.isEmpty {
            error("\(what()) is empty", at: node.location)
            return nil
        }
        return text
    }

    /// A boolean: `true`/`false` (any case YAML 1.2 knows); YAML 1.1's `yes`/`no`, `on`/`off`,
    /// `y`/`n` (quoted or not, since the schema cannot tell) with a warning to write `true`/`false`.
    mutating func bool(_ node: Node, _ what: @autoclosure () -> String) -> Bool? {
        if case .scalar(let text, let style, _) = node.kind, let value = yamlBoolean(text) {
            let canonical = ["true", "True", "TRUE", "false", "False", "FALSE"].contains(text)
            if canonical && style == .plain { return value }
            if canonical {
                error(
                    "\(what()) must be a boolean, but \"\(text)\" is quoted, which makes it a string; write \(text) without quotes",
                    at: node.location)
                return nil
            }
            warning(
                "\(what()): \(text) is YAML 1.1 for \(value); write \(value) (YAML 1.2 reads \(text) as a string)",
                at: node.location)
            return value
        }
        error("\(what()) must be a boolean (true or false), not \(node.typeDescription)", at: node.location)
        return nil
    }

    /// A whole number in `range`: a YAML integer (`3`, `0x10`, `1_000`) or a float with no
    /// fraction (`3.0`), as JSON Schema's `integer` takes; too large ones count as `Int.max`.
    mutating func integer(_ node: Node, _ what: @autoclosure () -> String, in range: ClosedRange<Int>) -> Int? {
        guard let value = node.scalarType?.wholeNumber else {
            if case .float = node.scalarType, let text = node.scalarText {
                error("\(what()) must be a whole number, not \(text)", at: node.location)
            } else {
                error("\(what()) must be a whole number, not \(node.typeDescription)", at: node.location)
            }
            return nil
        }
        guard range.contains(value) else {
            let bound =
                range.upperBound == .max
                ? "at least \(range.lowerBound)"
                : range.count == 1 ? "\(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            error("\(what()) must be \(bound), not \(node.scalarText ?? String(value))", at: node.location)
            return nil
        }
        return value
    }

    /// A duration: a YAML number of seconds (`1.5`, `90`), or a string such as `250ms`, `1m30s` or
    /// `"5"`; `positive` rejects zero.
    mutating func duration(_ node: Node, _ what: @autoclosure () -> String, positive: Bool = false) -> Duration? {
        guard let text = node.scalarText, let type = node.scalarType, type != .null, !isBoolean(type) else {
            error("\(what()) must be a duration, not \(node.typeDescription)", at: node.location)
            return nil
        }
        guard let value = type.number.map(DurationParser.duration(seconds:)) ?? DurationParser.parse(text) else {
            error("invalid duration '\(text)' for \(what()): use \(DurationParser.expectedForm)", at: node.location)
            return nil
        }
        if positive && value == .zero {
            error("\(what()) must be longer than 0", at: node.location)
            return nil
        }
        return value
    }

    private func isBoolean(_ type: ScalarType) -> Bool {
        if case .boolean = type { return true }
        return false
    }

    /// A string, or a list of strings (as `env_file` takes), with each item's node; empty strings
    /// are errors.
    mutating func stringList(_ node: Node, _ what: @autoclosure () -> String) -> [(String, Node)] {
        switch node.kind {
        case .sequence(let items):
            return items.compactMap { item in string(item, "each item of \(what())", nonEmpty: true).map { ($0, item) } }
        case .mapping:
            error("\(what()) must be a string or a list of strings, not a mapping", at: node.location)
            return []
        case .scalar:
            return string(node, what(), nonEmpty: true).map { [($0, node)] } ?? []
        }
    }

    /// `text` with `${…}` expanded from `lookup`; problems are placed on the `$` when the scalar is
    /// on one line, else at the scalar.
    ///
    /// `offset` is where `text` starts in the scalar, in Unicode scalars (for `A=${B}` list items).
    mutating func interpolate(_ text: String, of node: Node, offset: Int = 0, lookup: (String) -> String?) -> String {
        let (value, problems) = Interpolation.expand(text, lookup: lookup)
        for problem in problems {
            diagnostics.append(
                Diagnostic(problem.severity, problem.message, at: place(offset + problem.offset, in: node)))
        }
        return value
    }

    private func place(_ offset: Int, in node: Node) -> SourceLocation {
        guard case .scalar(let text, let style, _) = node.kind, !text.contains("\n"), style != .block else {
            return node.location
        }
        return node.location.advanced(by: offset + (style == .quoted ? 1 : 0))
    }

    /// `version:` must be 1; anything else (`"3.8"`) is probably a docker compose file.
    mutating func checkVersion(_ node: Node) {
        guard node.scalarType?.wholeNumber != 1 else { return }
        let written: String
        switch node.scalarType {
        case .string?: written = "\"\(node.scalarText ?? "")\""
        case .integer?, .float?, .boolean?: written = node.scalarText ?? ""
        default: written = node.typeDescription
        }
        if node.scalarType == .string && node.scalarText == "1" {
            error(
                "'version' must be the number 1, not the string \"1\"; write 1 without quotes", at: node.location)
            return
        }
        error(
            "'version' must be 1, not \(written)", at: node.location,
            notes: [
                .init(
                    "this looks like a docker compose file: muster manifests have 'version: 1' or none, and 'processes:' instead of 'services:'"
                )
            ])
    }

}
