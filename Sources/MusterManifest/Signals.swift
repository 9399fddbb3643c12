/// Linux signal names and numbers, for `shutdown.signal` and for messages such as "killed by SIGTERM".
package enum Signals {
    /// Linux's standard signals by number.
    private static let names: [Int32: String] = [
        1: "HUP", 2: "INT", 3: "QUIT", 4: "ILL", 5: "TRAP", 6: "ABRT", 7: "BUS", 8: "FPE", 9: "KILL", 10: "USR1",
        11: "SEGV", 12: "USR2", 13: "PIPE", 14: "ALRM", 15: "TERM", 16: "STKFLT", 17: "CHLD", 18: "CONT",
        19: "STOP", 20: "TSTP", 21: "TTIN", 22: "TTOU", 23: "URG", 24: "XCPU", 25: "XFSZ", 26: "VTALRM",
        27: "PROF", 28: "WINCH", 29: "IO", 30: "PWR", 31: "SYS",
    ]

    /// The standard signals' numbers by name.
    private static let numbers = Dictionary(uniqueKeysWithValues: names.map { ($0.value, $0.key) })

    /// Other names of standard signals, as `kill -l` knows them.
    private static let aliases: [String: Int32] = ["IOT": 6, "POLL": 29]

    /// The signal `text` names: `TERM`, `SIGTERM`, `sigterm`, `15`, or `RTMIN+N`; nil when none.
    ///
    /// Numbers are written in plain decimal (`15`, not `015` or `+15`); names in ASCII, any case.
    package static func number(_ text: String) -> Int32? {
        if let n = decimal(text) { return number(n) }
        let upper = text.utf8.map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 0x20 : $0 }
        var name = String(decoding: upper, as: UTF8.self)
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if let number = numbers[name] { return number }
        if let number = aliases[name] { return number }
        if name.hasPrefix("RTMIN+"), let n = decimal(name.dropFirst(6)), (0...30).contains(n) { return Int32(34 + n) }
        return nil
    }

    /// The signal numbered `number`, when it is one (1 to 64).
    package static func number(_ number: Int) -> Int32? {
        (1...64).contains(number) ? Int32(number) : nil
    }

    /// `[0-9]+` without leading zeros (other than `0` itself), as a number.
    private static func decimal(_ text: some StringProtocol) -> Int? {
        guard !text.isEmpty, text.count <= 3, text.allSatisfy({ $0.isASCII && $0.isNumber }),
            text.first != "0" || text.count == 1
        else { return nil }
        return Int(text)
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
