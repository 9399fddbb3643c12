import MusterManifest
import Testing

struct DurationAndSignalTests {
    @Test(arguments: [
        ("250ms", 250), ("1.5s", 1500), ("2m", 120_000), ("1h", 3_600_000), ("1m30s", 90_000), ("10", 10_000),
        ("0.25", 250), ("0", 0),
    ])
    func durationsParse(_ text: String, _ milliseconds: Int64) {
        #expect(DurationParser.parse(text) == .milliseconds(milliseconds))
    }

    @Test(arguments: ["", "5x", "-1", "ms", "1.2.3s", "s5", "+3"])
    func invalidDurationsAreRejected(_ text: String) {
        #expect(DurationParser.parse(text) == nil)
    }

    @Test(arguments: [("TERM", 15), ("SIGINT", 2), ("sigkill", 9), ("hup", 1), ("10", 10), ("RTMIN+2", 36)])
    func signalsParse(_ text: String, _ number: Int32) {
        #expect(Signals.number(text) == number)
    }

    @Test func signalNamesRoundTrip() {
        #expect(Signals.name(15) == "SIGTERM")
        #expect(Signals.name(9) == "SIGKILL")
        #expect(Signals.number("TREM") == nil)
        #expect(Signals.number("0") == nil)
    }

    @Test func suggestionsCatchTyposAndSwaps() {
        #expect(Suggestions.closest(to: "comand", among: ["command", "cwd"]) == "command")
        #expect(Suggestions.closest(to: "dependson", among: ["depends_on", "daemon"]) == "depends_on")
        #expect(Suggestions.closest(to: "TREM", among: ["TERM", "INT"]) == "TERM")
        #expect(Suggestions.closest(to: "zzz", among: ["command", "cwd"]) == nil)
    }
}
