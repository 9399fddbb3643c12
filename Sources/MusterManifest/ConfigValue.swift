/// A tree of plain values — what `muster config` prints — rendered as YAML (block style, short
/// collections in flow style, multi-line text as literal blocks) or as JSON. Both read back
/// through muster's loader as the same values. Pure; no I/O.
package indirect enum ConfigValue: Sendable {
    /// A string on one line (quoted as needed).
    case string(String)
    /// A string that may span lines (a literal block in YAML).
    case text(String)
    /// A whole number.
    case integer(Int)
    /// A boolean.
    case boolean(Bool)
    /// A list.
    case list([ConfigValue])
    /// A mapping in this order.
    case map([Pair])

    /// A key and its value.
    package struct Pair: Sendable {
        /// The key.
        package var key: String
        /// The value.
        package var value: ConfigValue

        /// Creates a pair.
        package init(_ key: String, _ value: ConfigValue) {
            self.key = key
            self.value = value
        }
    }

    /// Collections longer than this on one line are written in block style.
    static let flowWidth = 100

    /// The value as a YAML document (a mapping at the top), ending with a newline.
    package func yaml() -> String {
        guard case .map(let pairs) = self else { return flow() ?? "" }
        var out = ""
        Self.writeBlock(pairs, indent: 0, into: &out)
        return out
    }

    /// The value as pretty-printed JSON, ending with a newline.
    package func json() -> String {
        var out = ""
        writeJSON(indent: 0, into: &out)
        return out + "\n"
    }

    private static func writeBlock(_ pairs: [Pair], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for pair in pairs {
            out += pad + YAMLText.key(pair.key) + ":"
            switch pair.value {
            case .text(let text):
                out += " " + YAMLText.blockScalar(text, indent: indent + 2) + "\n"
            case .map(let inner) where !inner.isEmpty:
                if let line = pair.value.flow(), line.count + indent + pair.key.count <= flowWidth {
                    out += " " + line + "\n"
                } else {
                    out += "\n"
                    writeBlock(inner, indent: indent + 2, into: &out)
                }
            case .list(let items) where !items.isEmpty:
                if let line = pair.value.flow(), line.count + indent + pair.key.count <= flowWidth {
                    out += " " + line + "\n"
                } else {
                    out += "\n"
                    for item in items {
                        if case .text(let text) = item, text.contains("\n") {
                            out += pad + "  - " + YAMLText.blockScalar(text, indent: indent + 4) + "\n"
                        } else {
                            out += pad + "  - " + (item.flow(quotingText: true) ?? "") + "\n"
                        }
                    }
                }
            default:
                out += " " + (pair.value.flow() ?? "") + "\n"
            }
        }
    }

    /// The value on one line in flow style; nil when it holds text that spans lines, unless
    /// `quotingText`, which writes such text double-quoted.
    private func flow(quotingText: Bool = false) -> String? {
        switch self {
        case .string(let text): return YAMLText.scalar(text)
        case .text(let text): return text.contains("\n") && !quotingText ? nil : YAMLText.scalar(text)
        case .integer(let number): return String(number)
        case .boolean(let value): return value ? "true" : "false"
        case .list(let items):
            var parts: [String] = []
            for item in items {
                guard let part = item.flow(quotingText: quotingText) else { return nil }
                parts.append(part)
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .map(let pairs):
            var parts: [String] = []
            for pair in pairs {
                guard let part = pair.value.flow(quotingText: quotingText) else { return nil }
                parts.append(YAMLText.key(pair.key) + ": " + part)
            }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    private func writeJSON(indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent + 2)
        switch self {
        case .string(let text), .text(let text): out += YAMLText.json(text)
        case .integer(let number): out += String(number)
        case .boolean(let value): out += value ? "true" : "false"
        case .list(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "["
            for (index, item) in items.enumerated() {
                out += (index == 0 ? "\n" : ",\n") + pad
                item.writeJSON(indent: indent + 2, into: &out)
            }
            out += "\n" + String(repeating: " ", count: indent) + "]"
        case .map(let pairs):
            guard !pairs.isEmpty else {
                out += "{}"
                return
            }
            out += "{"
            for (index, pair) in pairs.enumerated() {
                out += (index == 0 ? "\n" : ",\n") + pad + YAMLText.json(pair.key) + ": "
                pair.value.writeJSON(indent: indent + 2, into: &out)
            }
            out += "\n" + String(repeating: " ", count: indent) + "}"
        }
    }
}
