internal import Glibc

/// Reads the times the control protocol gives (`2026-11-24T10:00:00.000Z`).
package enum RFC3339 {
    /// Seconds since the epoch of a UTC RFC 3339 time; nil when it is not one.
    package static func seconds(_ text: String) -> Double? {
        let digits = Array(text.utf8)
        guard digits.count >= 20, digits[10] == UInt8(ascii: "T") else { return nil }
        func number(_ from: Int, _ count: Int) -> Int32? {
            Int32(String(decoding: digits[from..<from + count], as: UTF8.self))
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        var fraction = 0.0
        if digits[19] == UInt8(ascii: "."), let end = digits[20...].firstIndex(where: { !(48...57).contains($0) }) {
            fraction = Double("0." + String(decoding: digits[20..<end], as: UTF8.self)) ?? 0
        }
        return Double(timegm(&parts)) + fraction
    }
}
