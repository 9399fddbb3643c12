import MusterDashboard
import Testing

struct ScreenWriterTests {
    @Test func firstFrameDrawsEverythingOnce() {
        var screen = Screen(width: 4, height: 2)
        screen.put("ab", row: 0, column: 0)
        let text = String(decoding: ScreenWriter.bytes(from: nil, to: screen, color: true), as: UTF8.self)
        #expect(text.hasPrefix("\u{1B}[?2026h\u{1B}[0m\u{1B}[2J\u{1B}[1;1H\u{1B}[0mab  "))
        #expect(text.hasSuffix("\u{1B}[0m\u{1B}[?2026l"))
    }

    @Test func sameScreenWritesNothing() {
        var screen = Screen(width: 10, height: 3)
        screen.put("hello", row: 1, column: 2, style: Style(color: .red))
        #expect(ScreenWriter.bytes(from: screen, to: screen, color: true).isEmpty)
    }

    @Test func onlyChangedCellsAreWritten() {
        var old = Screen(width: 10, height: 3)
        old.put("hello", row: 1, column: 2)
        var new = old
        new.put("J", row: 1, column: 2, style: Style(color: .green, bold: true))
        let text = String(decoding: ScreenWriter.bytes(from: old, to: new, color: true), as: UTF8.self)
        #expect(text == "\u{1B}[?2026h\u{1B}[2;3H\u{1B}[0;1;32mJ\u{1B}[0m\u{1B}[?2026l")
        let plain = String(decoding: ScreenWriter.bytes(from: old, to: new, color: false), as: UTF8.self)
        #expect(plain == "\u{1B}[?2026h\u{1B}[2;3H\u{1B}[0;1mJ\u{1B}[0m\u{1B}[?2026l")
    }
}
