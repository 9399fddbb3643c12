/// How people read an entry's numbers: `ps`'s table and the dashboard write them the same way.
package enum StatusText {
    /// `512B`, `512K`, `12.3M`, `1.2G`.
    package static func bytes(_ count: Int) -> String {
        let units = [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)]
        for (unit, size) in units where count >= size {
            let value = Double(count) / Double(size)
            return (value < 10 ? "\((value * 10).rounded() / 10)" : "\(Int(value.rounded()))") + unit
        }
        return "\(count)B"
    }

    /// `4.2s` under a minute, `3m12s` under an hour, then `2h5m`.
    package static func uptime(_ seconds: Double) -> String {
        if seconds < 60 { return "\((seconds * 10).rounded() / 10)s" }
        let whole = Int(seconds)
        return whole < 3600 ? "\(whole / 60)m\(whole % 60)s" : "\(whole / 3600)h\(whole % 3600 / 60)m"
    }
}
