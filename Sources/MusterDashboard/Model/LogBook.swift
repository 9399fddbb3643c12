/// A line in the log pane: what an entry wrote (or, with no name, one of muster's event lines).
package struct LogLine: Sendable, Hashable {
    /// Its place in the order lines came in; never reused.
    package var number: Int
    /// The entry that wrote it; nil for muster's own events.
    package var name: String?
    /// The line, without its newline.
    package var text: String
    /// Whether it came from standard error.
    package var standardError: Bool
}

/// The lines the dashboard keeps, in the order they came, the oldest dropped beyond a limit.
package struct LogBook: Sendable {
    /// How many lines are kept at most.
    package let limit: Int
    /// The lines, oldest first.
    package private(set) var lines: [LogLine] = []
    private var next = 0

    /// An empty book keeping up to `limit` lines.
    package init(limit: Int = 20_000) {
        self.limit = max(1, limit)
    }

    /// Adds lines of `name` (nil: muster's events).
    package mutating func append(_ texts: [String], name: String?, standardError: Bool = false) {
        for text in texts {
            lines.append(LogLine(number: next, name: name, text: text, standardError: standardError))
            next += 1
        }
        // Dropping in chunks keeps appending cheap.
        if lines.count > limit + limit / 4 { lines.removeFirst(lines.count - limit) }
    }

    /// The lines of the server's merged `NAME | line` form (what `subscribe` starts with).
    package mutating func appendPrefixed(_ texts: [String]) {
        for text in texts {
            guard let bar = text.firstRange(of: " | ") else {
                append([text], name: nil)
                continue
            }
            let name = text[..<bar.lowerBound].trimmingTrailingSpaces
            append([String(text[bar.upperBound...])], name: name)
        }
    }

    /// The lines the pane shows: those of `name`, or every line when it is nil.
    package func view(of name: String?) -> [LogLine] {
        guard let name else { return lines }
        return lines.filter { $0.name == name }
    }
}

extension Substring {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
