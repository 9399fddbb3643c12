internal import MusterManifest

/// A manifest written line by line, with comments where they belong: what the importers build.
/// Scalars go through `YAMLText`, so the text reads back as the values given.
struct ManifestLines {
    /// The lines so far, without their newlines.
    private(set) var lines: [String] = []

    /// `# text` at `indent` spaces (one comment line per line of `text`).
    mutating func comment(_ text: String, indent: Int = 0) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(String(repeating: " ", count: indent) + "# " + line)
        }
    }

    /// `key:` opening a block at `indent`.
    mutating func open(_ key: String, indent: Int) {
        lines.append(String(repeating: " ", count: indent) + YAMLText.key(key) + ":")
    }

    /// `key: value` with `value` already written as YAML, and a trailing comment if given.
    mutating func field(_ key: String, raw value: String, indent: Int, comment: String? = nil) {
        var line = String(repeating: " ", count: indent) + YAMLText.key(key) + ": " + value
        if let comment { line += "  # " + comment }
        lines.append(line)
    }

    /// `key: "text"` (plain when it can be, a literal block when it spans lines).
    mutating func field(_ key: String, text: String, indent: Int, comment: String? = nil) {
        if text.contains("\n") && comment == nil {
            field(key, raw: YAMLText.blockScalar(text, indent: indent + 2), indent: indent)
        } else {
            field(key, raw: YAMLText.scalar(text), indent: indent, comment: comment)
        }
    }

    /// A list of strings in flow style: `[a, "b c"]`.
    static func list(_ items: [String]) -> String {
        "[" + items.map(YAMLText.scalar).joined(separator: ", ") + "]"
    }

    /// A mapping of strings in flow style: `{A: "1", B: x}`.
    static func map(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { YAMLText.key($0.0) + ": " + YAMLText.quoted($0.1) }.joined(separator: ", ") + "}"
    }

    /// A line as it is.
    mutating func append(_ line: String) {
        lines.append(line)
    }

    /// An empty line.
    mutating func blank() {
        lines.append("")
    }

    /// The text, each line ended by a newline.
    var text: String { lines.map { $0 + "\n" }.joined() }
}
