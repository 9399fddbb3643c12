/// Reads manifest durations: `250ms`, `1.5s`, `2m`, `1h`, `1m30s`, or a bare number of seconds.
///
/// The grammar is the schema's: digits with an optional fraction (`1.5`, not `.5`, `1.` or `1e3`),
/// each optionally followed by a unit, units chained without spaces. Values are kept to the
/// nanosecond (a positive value never rounds to zero) and capped at `longest`, which stands for
/// "for ever".
package enum DurationParser {
    /// What a valid duration looks like, for error messages.
    package static let expectedForm = "a number of seconds or a number with ms, s, m or h, as in '250ms', '1.5s' or '2m'"

    /// The longest duration muster keeps, about 31 years; longer ones are taken as this.
    package static let longest = Duration.seconds(1_000_000_000)

    /// The duration `text` spells, or nil when it is not one (negative values are not).
    package static func parse(_ text: String) -> Duration? {
        if let simple = wholeNumberWithUnit(text) { return simple }
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        if isDecimal(rest) { return Double(rest).flatMap(duration(seconds:)) }
        var total: Double = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard isDecimal(number), let value = Double(number) else { return nil }
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
        return duration(seconds: total)
    }

    /// `5s`, `250ms`, `10m`, `1h`, `30`: the common forms, read without floating point; nil for
    /// anything else (which `parse` then reads the long way).
    private static func wholeNumberWithUnit(_ text: String) -> Duration? {
        var number = 0
        var digits = 0
        var unit: [UInt8] = []
        for byte in text.utf8 {
            if unit.isEmpty && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
                guard digits <= 9 else { return nil }
                number = number * 10 + Int(byte - UInt8(ascii: "0"))
            } else {
                unit.append(byte)
                guard unit.count <= 2 else { return nil }
            }
        }
        guard digits > 0 else { return nil }
        let value: Duration
        switch unit {
        case [], [UInt8(ascii: "s")]: value = .seconds(number)
        case [UInt8(ascii: "m"), UInt8(ascii: "s")]: value = .milliseconds(number)
        case [UInt8(ascii: "m")]: value = .seconds(number * 60)
        case [UInt8(ascii: "h")]: value = .seconds(number * 3600)
        default: return nil
        }
        return min(value, longest)
    }

    /// `seconds` as a duration: nil when negative or not a number, capped at `longest`, and at
    /// least a nanosecond when positive.
    package static func duration(seconds: Double) -> Duration? {
        guard !seconds.isNaN, seconds >= 0 else { return nil }
        if seconds >= longest.seconds { return longest }
        let nanoseconds = Int64((seconds * 1e9).rounded())
        return .nanoseconds(seconds > 0 ? max(1, nanoseconds) : 0)
    }

    /// `[0-9]+(\.[0-9]+)?`
    private static func isDecimal(_ text: Substring) -> Bool {
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(isDigit) }
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
