/// Reads manifest durations: `250ms`, `1.5s`, `2m`, `1h`, `1m30s`, or a bare number of seconds.
package enum DurationParser {
    /// What a valid duration looks like, for error messages.
    package static let expectedForm = "a number of seconds or a number with ms, s, m or h, as in '250ms', '1.5s' or '2m'"

    /// The duration `text` spells, or nil when it is not one (negative values are not).
    package static func parse(_ text: String) -> Duration? {
        let text = text.trimmingWhitespace()
        if let seconds = Double(text), seconds.isFinite, seconds >= 0, seconds < 1e12, text.first != "+" {
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        var total: Double = 0
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unit.count)
            switch unit {
            case "ms": total += value / 1000
            case "s": total += value
            case "m": total += value * 60
            case "h": total += value * 3600
            default: return nil
            }
        }
        guard total.isFinite, total < 1e12 else { return nil }
        return .milliseconds(Int64((total * 1000).rounded()))
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    package var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }

    /// A short human form: `250ms`, `1.5s`, `2m`, `1h30m`.
    package var shortDescription: String {
        let ms = Int64((seconds * 1000).rounded())
        if ms < 1000 { return "\(ms)ms" }
        if ms % 60_000 != 0 || ms < 60_000 {
            let s = Double(ms) / 1000
            return s == s.rounded() ? "\(Int64(s))s" : "\(s)s"
        }
        let minutes = ms / 60_000
        if minutes < 60 { return "\(minutes)m" }
        return minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes / 60)h\(minutes % 60)m"
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    package func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
