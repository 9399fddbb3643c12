import MusterControl
import Testing

@Suite struct JSONValueTests {
    @Test func readsWhatItWrites() {
        let value = JSONValue.object([
            ("text", .string("quote \" backslash \\ newline \n tab \t bell \u{7} é 🎉 /")),
            ("whole", .int(-42)),
            ("fraction", .double(12.5)),
            ("flags", .array([.bool(true), .bool(false), .null])),
            ("empty", .object([])),
            ("none", .array([])),
        ])
        for pretty in [false, true] {
            #expect(JSONValue(parsing: Array(value.text(pretty: pretty).utf8)) == value)
        }
    }

    @Test func readsEscapesAndSurrogatePairs() {
        let parsed = JSONValue(parsing: Array(#"["\u00e9\/\b\f\r", "\ud83c\udf89", "\ud800x"]"#.utf8))
        #expect(parsed == .array([.string("é/\u{8}\u{C}\r"), .string("🎉"), .string("\u{FFFD}x")]))
    }

    @Test func readsNumbers() {
        let parsed = JSONValue(parsing: Array("[0, -7, 3.0, 1e3, -2.5E-2, 99999999999999999999]".utf8))
        #expect(parsed == .array([.int(0), .int(-7), .double(3), .double(1000), .double(-0.025), .double(1e20)]))
        #expect(parsed?.arrayValue?[2].intValue == 3)
        #expect(parsed?.arrayValue?[4].intValue == nil)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "tru", "\"open", "[1] 2", "\"tab\there\"", "{1:2}", "-"])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(JSONValue(parsing: Array(text.utf8)) == nil)
    }

    @Test func refusesNestingTooDeepForTheStack() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(JSONValue(parsing: Array(deep.utf8)) == nil)
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(JSONValue(parsing: Array(fine.utf8)) != nil)
    }

    @Test func controlMessagesRoundTrip() {
        var status = ProcessStatus(name: "web", daemon: true, status: "running")
        status.pid = 42
        status.alive = true
        status.command = .argv(["sleep", "600"])
        status.depends_on = ["db": "healthy"]
        status.cpu_percent = 1.5
        status.attempts = 1
        status.cached = false
        var response = ControlResponse.success()
        response.processes = [status]
        response.muster_pid = 7
        response.costs = [ProcessCost(name: "web", cpu_percent: nil, rss_bytes: 2048, uptime_s: 3)]
        response.streamed = StreamedLines(name: "web", stderr: true, lines: ["a", "b"], at: "2026-12-01T00:00:00.000Z")
        let line = ControlCoding.encode(response)
        #expect(line.last == UInt8(ascii: "\n"))
        let read = ControlCoding.decode(ControlResponse.self, from: Array(line.dropLast()))
        #expect(read?.processes == [status])
        #expect(read?.costs == response.costs)
        #expect(read?.streamed == response.streamed)
        #expect(read?.muster_pid == 7)
        let request = ControlRequest(command: "logs", name: "web", lines: 5, follow: true)
        #expect(ControlCoding.decode(ControlRequest.self, from: ControlCoding.encode(request)) == request)
        #expect(ControlCoding.decode(ControlGreeting.self, from: ControlCoding.encode(ControlResponse.failure("no"))) == nil)
        #expect(ControlCoding.decode(ControlRequest.self, from: Array(#"{"command": 5}"#.utf8)) == nil)
    }
}
