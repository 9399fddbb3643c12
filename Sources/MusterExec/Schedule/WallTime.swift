internal import Glibc

/// A moment on the wall clock (CLOCK_REALTIME), for report timestamps.
package struct WallTime: Sendable, Hashable, Comparable {
    /// Seconds since the Unix epoch.
    package var seconds: Double

    /// Creates a time from seconds since the epoch.
    package init(seconds: Double) {
        self.seconds = seconds
    }

    /// Now.
    package static func now() -> WallTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return WallTime(seconds: Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9)
    }

    /// RFC 3339 in UTC with milliseconds: `2026-11-24T10:00:00.000Z`.
    package var rfc3339: String {
        var whole = time_t(seconds.rounded(.down))
        var millis = Int(((seconds - Double(whole)) * 1000).rounded())
        if millis == 1000 {
            whole += 1
            millis = 0
        }
        var parts = tm()
        gmtime_r(&whole, &parts)
        return Self.format([
            (Int(parts.tm_year) + 1900, 4, "-"), (Int(parts.tm_mon) + 1, 2, "-"), (Int(parts.tm_mday), 2, "T"),
            (Int(parts.tm_hour), 2, ":"), (Int(parts.tm_min), 2, ":"), (Int(parts.tm_sec), 2, "."), (millis, 3, "Z"),
        ])
    }

    /// `HH:MM:SS.mmm` in local time, for `--timestamps`.
    package var clockTime: String {
        var whole = time_t(seconds.rounded(.down))
        let millis = min(999, Int(((seconds - Double(whole)) * 1000).rounded(.down)))
        var parts = tm()
        localtime_r(&whole, &parts)
        return Self.format([(Int(parts.tm_hour), 2, ":"), (Int(parts.tm_min), 2, ":"), (Int(parts.tm_sec), 2, "."), (millis, 3, nil)])
    }

    /// Numbers zero-padded to their widths, each followed by its separator, written straight into
    /// the string's bytes (string interpolation cost a microsecond per timestamp).
    private static func format(_ fields: [(value: Int, width: Int, separator: Unicode.Scalar?)]) -> String {
        let count = fields.reduce(0) { $0 + $1.width + ($1.separator == nil ? 0 : 1) }
        return String(unsafeUninitializedCapacity: count) { bytes in
            var at = 0
            for field in fields {
                var value = max(0, field.value)
                for place in stride(from: field.width - 1, through: 0, by: -1) {
                    bytes[at + place] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                at += field.width
                if let separator = field.separator {
                    bytes[at] = UInt8(ascii: separator)
                    at += 1
                }
            }
            return at
        }
    }

    package static func < (a: WallTime, b: WallTime) -> Bool { a.seconds < b.seconds }
}
