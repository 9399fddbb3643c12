/// Decodes `limits:`, the resource limits set before an entry's command starts.
extension ManifestDecoder {
    /// `limits: {nofile, nproc, core, cpu, as}`: numbers, sizes (`512M`, `1G`) for `core` and `as`,
    /// durations for `cpu`, or `unlimited`. Numbers too large for a limit mean `unlimited`.
    mutating func decodeLimits(_ node: Node) -> ProcessLimits {
        var limits = ProcessLimits()
        guard let pairs = context.mapping(node, "'limits'", keys: ["nofile", "nproc", "core", "cpu", "as"]) else {
            return limits
        }
        for pair in pairs {
            guard let text = context.scalar(pair.value, "'limits.\(pair.key)'") else { continue }
            let type = pair.value.scalarType ?? .string
            let value: ProcessLimits.Value?
            if type == .string && text == "unlimited" {
                value = .unlimited
            } else if pair.key == "cpu" {
                let seconds: Duration? =
                    type == .string
                    ? DurationParser.parse(text) : type.number.flatMap(DurationParser.duration(seconds:))
                value = seconds.map { .limited(UInt64(max(1, $0.seconds.rounded(.up)))) }
            } else if let number = type.wholeNumber {
                value = number >= 0 ? .limited(UInt64(number)) : nil
            } else if type == .string {
                value = Self.byteSize(text, units: pair.key == "core" || pair.key == "as")
            } else {
                value = nil
            }
            guard let value else {
                let form =
                    pair.key == "cpu"
                    ? "seconds or a duration such as 30s"
                    : (pair.key == "core" || pair.key == "as" ? "bytes or a size such as 512M or 2G" : "a whole number")
                context.error(
                    "invalid limit '\(text)' for '\(pair.key)': use \(form), or unlimited", at: pair.value.location)
                continue
            }
            switch pair.key {
            case "nofile": limits.nofile = value
            case "nproc": limits.nproc = value
            case "core": limits.core = value
            case "cpu": limits.cpu = value
            default: limits.addressSpace = value
            }
        }
        return limits
    }

    /// `4096`, and with `units` `64K`, `512M`, `2G` (powers of 1024), as a limit; more than a
    /// 64-bit count holds is `unlimited`.
    static func byteSize(_ text: String, units: Bool) -> ProcessLimits.Value? {
        let factors: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = Substring(text)
        var factor: UInt64 = 1
        if units, let last = text.last, let unit = factors[Character(last.uppercased())] {
            digits = digits.dropLast()
            factor = unit
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let number = UInt64(digits) else { return .unlimited }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: factor)
        return overflow ? .unlimited : .limited(bytes)
    }
}
