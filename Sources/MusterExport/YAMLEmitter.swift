/// Writes a `YAMLNode` as block-style YAML, two spaces an indent, sequences indented under their
/// key as Kubernetes manifests are; strings quoted only where a YAML 1.1 or 1.2 reader could take
/// them for something else (`YAMLScalar`).
enum YAMLEmitter {
    /// The document: comment lines (without `# `) first, then `root`, ending with a newline.
    static func document(_ root: YAMLNode, header: [String] = []) -> String {
        var lines = header.map(comment)
        switch root {
        case .mapping(let pairs) where !pairs.isEmpty: mapping(pairs, indent: 0, into: &lines)
        case .sequence(let items) where !items.isEmpty: sequence(items, indent: 0, into: &lines)
        default: lines.append(inline(root) ?? "")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func comment(_ text: String) -> String {
        text.isEmpty ? "#" : "# " + text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
    }

    private static func spaces(_ count: Int) -> String { String(repeating: " ", count: count) }

    /// The one-line form of a scalar or an empty collection; nil for what needs lines of its own.
    private static func inline(_ node: YAMLNode) -> String? {
        switch node {
        case .string(let text):
            if case .inline(let written) = YAMLScalar.form(of: text) { return written }
            return nil
        case .integer(let number): return String(number)
        case .boolean(let value): return value ? "true" : "false"
        case .sequence(let items): return items.isEmpty ? "[]" : nil
        case .mapping(let pairs): return pairs.isEmpty ? "{}" : nil
        }
    }

    private static func mapping(_ pairs: [YAMLPair], indent: Int, into lines: inout [String]) {
        let pad = spaces(indent)
        for pair in pairs {
            lines += pair.comments.map { pad + comment($0) }
            let key = pad + YAMLScalar.key(pair.key) + ":"
            value(pair.value, after: key, indent: indent, into: &lines)
        }
    }

    /// `lead` (a key and its colon, or a sequence dash) followed by `node`.
    private static func value(_ node: YAMLNode, after lead: String, indent: Int, into lines: inout [String]) {
        if let text = inline(node) {
            lines.append(lead + " " + text)
            return
        }
        switch node {
        case .string(let text):
            guard case .literal(let header, let body) = YAMLScalar.form(of: text) else { return }
            lines.append(lead + " " + header)
            let pad = spaces(indent + 2)
            lines += body.map { $0.isEmpty ? "" : pad + $0 }
        case .mapping(let pairs):
            lines.append(lead)
            mapping(pairs, indent: indent + 2, into: &lines)
        case .sequence(let items):
            lines.append(lead)
            sequence(items, indent: indent + 2, into: &lines)
        case .integer, .boolean:
            break
        }
    }

    private static func sequence(_ items: [YAMLNode], indent: Int, into lines: inout [String]) {
        let pad = spaces(indent)
        for item in items {
            var nested: [String] = []
            switch item {
            case .mapping(let pairs) where !pairs.isEmpty: mapping(pairs, indent: indent + 2, into: &nested)
            case .sequence(let inner) where !inner.isEmpty: sequence(inner, indent: indent + 2, into: &nested)
            default:
                value(item, after: pad + "-", indent: indent, into: &lines)
                continue
            }
            // The item's first line moves up beside the dash; comments above it go out with the dash.
            let first = nested.firstIndex { !$0.drop(while: { $0 == " " }).hasPrefix("#") } ?? 0
            for index in 0..<first { nested[index] = pad + nested[index].dropFirst(indent + 2) }
            nested[first] = pad + "- " + nested[first].dropFirst(indent + 2)
            lines += nested
        }
    }
}
