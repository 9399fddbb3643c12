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
        var out: [UInt8] = []
        if case .map(let pairs) = self {
            Self.writeBlock(pairs, indent: 0, into: &out)
        } else {
            _ = writeFlow(into: &out, quotingText: true)
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value as pretty-printed JSON, ending with a newline.
    package func json() -> String {
        var out: [UInt8] = []
        writeJSON(indent: 0, into: &out)
        out.append(UInt8(ascii: "\n"))
        return String(decoding: out, as: UTF8.self)
    }

    private static func writeBlock(_ pairs: [Pair], indent: Int, into out: inout [UInt8]) {
        for pair in pairs {
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            YAMLText.appendScalar(pair.key, to: &out)
            out.append(UInt8(ascii: ":"))
            let width = flowWidth - indent - pair.key.utf8.count
            switch pair.value {
            case .text(let text):
                out.append(UInt8(ascii: " "))
                YAMLText.appendBlockScalar(text, indent: indent + 2, to: &out)
            case .map(let inner) where !inner.isEmpty:
                out.append(UInt8(ascii: " "))
                if !pair.value.writeFlatFlow(within: width, into: &out) {
                    out[out.count - 1] = UInt8(ascii: "\n")
                    // Thousands of entries are written in chunks on every core, then joined.
                    let parts = Parallel.map(inner.count) { range in
                        var part: [UInt8] = []
                        writeBlock(Array(inner[range]), indent: indent + 2, into: &part)
                        return part
                    }
                    for part in parts { out.append(contentsOf: part) }
                    continue
                }
            case .list(let items) where !items.isEmpty:
                out.append(UInt8(ascii: " "))
                if !pair.value.writeFlatFlow(within: width, into: &out) {
                    out[out.count - 1] = UInt8(ascii: "\n")
                    for item in items {
                        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
                        out.append(contentsOf: "- ".utf8)
                        if case .text(let text) = item, text.utf8.contains(UInt8(ascii: "\n")) {
                            YAMLText.appendBlockScalar(text, indent: indent + 4, to: &out)
                        } else {
                            _ = item.writeFlow(into: &out, quotingText: true)
                        }
                        out.append(UInt8(ascii: "\n"))
                    }
                    continue
                }
            default:
                out.append(UInt8(ascii: " "))
                _ = pair.value.writeFlow(into: &out, quotingText: true)
            }
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// Writes a list or mapping of scalars on one line of at most `width` bytes; false, with
    /// nothing written, for anything else (nested collections, text that spans lines, a longer
    /// line).
    private func writeFlatFlow(within width: Int, into out: inout [UInt8]) -> Bool {
        guard let estimate = flatWidth, estimate <= width else { return false }
        let start = out.count
        switch self {
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(contentsOf: ", ".utf8) }
                guard item.isScalar, item.writeFlow(into: &out, quotingText: false), out.count - start <= width else {
                    out.removeSubrange(start...)
                    return false
                }
            }
            out.append(UInt8(ascii: "]"))
        case .map(let pairs):
            out.append(UInt8(ascii: "{"))
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out.append(contentsOf: ", ".utf8) }
                YAMLText.appendScalar(pair.key, to: &out)
                out.append(contentsOf: ": ".utf8)
                guard pair.value.isScalar, pair.value.writeFlow(into: &out, quotingText: false), out.count - start <= width else {
                    out.removeSubrange(start...)
                    return false
                }
            }
            out.append(UInt8(ascii: "}"))
        default:
            return false
        }
        guard out.count - start <= width else {
            out.removeSubrange(start...)
            return false
        }
        return true
    }

    /// The least width of a list or mapping of scalars on one line (quotes and escapes may add
    /// more); nil for other values.
    private var flatWidth: Int? {
        var width = 2
        switch self {
        case .list(let items):
            for item in items {
                guard let length = item.scalarLength else { return nil }
                width += length + 2
            }
        case .map(let pairs):
            for pair in pairs {
                guard let length = pair.value.scalarLength else { return nil }
                width += pair.key.utf8.count + length + 4
            }
        default:
            return nil
        }
        return width
    }

    /// The length of a scalar as written unquoted; nil for collections.
    private var scalarLength: Int? {
        switch self {
        case .string(let text), .text(let text): return text.utf8.count
        case .integer: return 1
        case .boolean: return 4
        case .list, .map: return nil
        }
    }

    /// Whether the value is a scalar.
    private var isScalar: Bool {
        switch self {
        case .list, .map: return false
        default: return true
        }
    }

    /// Writes the value on one line in flow style; false (with something written) when it holds
    /// text that spans lines, unless `quotingText`, which writes such text double-quoted.
    private func writeFlow(into out: inout [UInt8], quotingText: Bool) -> Bool {
        switch self {
        case .string(let text):
            YAMLText.appendScalar(text, to: &out)
        case .text(let text):
            if !quotingText && text.utf8.contains(UInt8(ascii: "\n")) { return false }
            YAMLText.appendScalar(text, to: &out)
        case .integer(let number):
            out.append(contentsOf: String(number).utf8)
        case .boolean(let value):
            out.append(contentsOf: (value ? "true" : "false").utf8)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(contentsOf: ", ".utf8) }
                guard item.writeFlow(into: &out, quotingText: quotingText) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .map(let pairs):
            out.append(UInt8(ascii: "{"))
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out.append(contentsOf: ", ".utf8) }
                YAMLText.appendScalar(pair.key, to: &out)
                out.append(contentsOf: ": ".utf8)
                guard pair.value.writeFlow(into: &out, quotingText: quotingText) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }

    private func writeJSON(indent: Int, into out: inout [UInt8]) {
        switch self {
        case .string(let text), .text(let text): YAMLText.appendJSON(text, to: &out)
        case .integer(let number): out.append(contentsOf: String(number).utf8)
        case .boolean(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .list(let items):
            Self.writeJSONContainer(items, open: "[", close: "]", indent: indent, into: &out) { item, out in
                item.writeJSON(indent: indent + 2, into: &out)
            }
        case .map(let pairs):
            Self.writeJSONContainer(pairs, open: "{", close: "}", indent: indent, into: &out) { pair, out in
                YAMLText.appendJSON(pair.key, to: &out)
                out.append(contentsOf: ": ".utf8)
                pair.value.writeJSON(indent: indent + 2, into: &out)
            }
        }
    }

    /// A JSON array or object of `elements`, one per line indented by `indent + 2`, each written by
    /// `write`; `[]` or `{}` when empty.
    private static func writeJSONContainer<Element>(
        _ elements: [Element], open: Unicode.Scalar, close: Unicode.Scalar, indent: Int, into out: inout [UInt8],
        write: (Element, inout [UInt8]) -> Void
    ) {
        out.append(UInt8(ascii: open))
        guard !elements.isEmpty else {
            out.append(UInt8(ascii: close))
            return
        }
        for (index, element) in elements.enumerated() {
            out.append(contentsOf: (index == 0 ? "\n" : ",\n").utf8)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
            write(element, &out)
        }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
        out.append(UInt8(ascii: close))
    }
}
