/// What a running entry costs at one moment, as `subscribe` with `costs_ms` streams it: the
/// changing attributes of `ProcessStatus` that no state change announces.
package struct ProcessCost: Sendable, Hashable {
    /// The entry.
    package var name: String
    /// CPU use of its process group since the last look, in percent of one core.
    package var cpu_percent: Double?
    /// Resident memory of its process group.
    package var rss_bytes: Int?
    /// Seconds since its current instance started.
    package var uptime_s: Double?

    /// Creates a cost.
    package init(name: String, cpu_percent: Double?, rss_bytes: Int?, uptime_s: Double?) {
        self.name = name
        self.cpu_percent = cpu_percent
        self.rss_bytes = rss_bytes
        self.uptime_s = uptime_s
    }

    /// The cost part of `status`, or nil when the entry is not running.
    package init?(_ status: ProcessStatus) {
        guard status.alive else { return nil }
        self.init(name: status.name, cpu_percent: status.cpu_percent, rss_bytes: status.rss_bytes, uptime_s: status.uptime_s)
    }

    /// The cost as a JSON object; unknown values are left out.
    package var json: JSONValue {
        var fields: [(String, JSONValue)] = [("name", .string(name))]
        if let cpu_percent { fields.append(("cpu_percent", .double(cpu_percent))) }
        if let rss_bytes { fields.append(("rss_bytes", .int(rss_bytes))) }
        if let uptime_s { fields.append(("uptime_s", .double(uptime_s))) }
        return .object(fields)
    }

    /// The cost a JSON object holds, or nil without a name.
    package init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue else { return nil }
        self.init(
            name: name, cpu_percent: json["cpu_percent"]?.doubleValue, rss_bytes: json["rss_bytes"]?.intValue,
            uptime_s: json["uptime_s"]?.doubleValue)
    }
}
