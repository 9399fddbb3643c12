import MusterDashboard
import Testing

struct KeyDecoderTests {
    private func keys(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.decode(Array(text.utf8))
    }

    @Test func lettersControlsAndUTF8() {
        #expect(keys("jk\r\u{7F}\u{03}é") == [.character("j"), .character("k"), .enter, .backspace, .control("c"), .character("é")])
    }

    @Test func arrowsPagesHomeAndEnd() {
        #expect(keys("\u{1B}[A\u{1B}[B\u{1B}OA\u{1B}[5~\u{1B}[6~\u{1B}[H\u{1B}[4~") == [.up, .down, .up, .pageUp, .pageDown, .home, .end])
    }

    @Test func loneEscapeIsTheEscapeKey() {
        #expect(keys("\u{1B}") == [.escape])
    }

    @Test func sequenceSplitAcrossReads() {
        var decoder = KeyDecoder()
        #expect(decoder.decode(Array("j\u{1B}[".utf8)) == [.character("j")])
        #expect(decoder.decode(Array("1".utf8)) == [])
        #expect(decoder.decode(Array("~k".utf8)) == [.home, .character("k")])
        #expect(decoder.decode([0xC3]) == [])
        #expect(decoder.decode([0xA9]) == [.character("é")])
    }

    @Test func sgrMouseReports() {
        #expect(keys("\u{1B}[<0;5;3M") == [.mouse(MouseEvent(action: .press, button: 0, row: 2, column: 4))])
        #expect(keys("\u{1B}[<0;5;3m") == [.mouse(MouseEvent(action: .release, button: 0, row: 2, column: 4))])
        #expect(keys("\u{1B}[<64;10;20M\u{1B}[<65;10;20M") == [
            .mouse(MouseEvent(action: .wheelUp, button: 0, row: 19, column: 9)),
            .mouse(MouseEvent(action: .wheelDown, button: 1, row: 19, column: 9)),
        ])
    }

    @Test func unknownSequencesAreDropped() {
        #expect(keys("\u{1B}[99zq") == [.character("q")])
    }
}
