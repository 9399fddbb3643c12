/// Linux signal names and numbers, for `shutdown.signal` and for messages such as "killed by SIGTERM".
package enum Signals {
    /// Linux's standard signals by number.
    private static let names: [Int32: String] = [
        1: "HUP", 2: "INT", 3: "QUIT", 4: "ILL", 5: "TRAP", 6: "ABRT", 7: "BUS", 8: "FPE", 9: "KILL", 10: "USR1",
        11: "SEGV", 12: "USR2", 13: "PIPE", 14: "ALRM", 15: "TERM", 16: "STKFLT", 17: "CHLD", 18: "CONT",
        19: "STOP", 20: "TSTP", 21: "TTIN", 22: "TTOU", 23: "URG", 24: "XCPU", 25: "XFSZ", 26: "VTALRM",
        27: "PROF", 28: "WINCH", 29: "IO", 30: "PWR", 31: "SYS",
    ]

    /// The signal `text` names: `TERM`, `SIGTERM`, `sigterm`, `15`, or `RTMIN+N`; nil when none.
    package static func number(_ text: String) -> Int32? {
        if let n = Int32(text) { return (1...64).contains(n) ? n : nil }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if let entry = names.first(where: { $0.value == name }) { return entry.key }
        if name.hasPrefix("RTMIN+"), let n = Int32(name.dropFirst(6)), (0...30).contains(n) { return 34 + n }
        return nil
    }

    /// `SIGTERM` for 15, `SIGRTMIN+2` for 36, `signal 99` otherwise.
    package static func name(_ number: Int32) -> String {
        if let name = names[number] { return "SIG" + name }
        if (34...64).contains(number) { return "SIGRTMIN+\(number - 34)" }
        return "signal \(number)"
    }

    /// Every standard signal name without `SIG`, for "did you mean" suggestions.
    package static var allNames: [String] { names.keys.sorted().compactMap { names[$0] } }
}
