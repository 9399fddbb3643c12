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
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)Z"
    }

    /// `HH:MM:SS.mmm` in local time, for `--timestamps`.
    package var clockTime: String {
        var whole = time_t(seconds.rounded(.down))
        let millis = min(999, Int(((seconds - Double(whole)) * 1000).rounded(.down)))
        var parts = tm()
        localtime_r(&whole, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)"
    }

    package static func < (a: WallTime, b: WallTime) -> Bool { a.seconds < b.seconds }
}
