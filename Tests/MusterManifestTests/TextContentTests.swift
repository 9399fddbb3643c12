import MusterManifest
import Testing

/// `TextContent` finds a byte that is not text wherever it is (its scan goes a word at a time).
struct TextContentTests {
    @Test(arguments: [UInt8(0x00), 0x01, 0x1F, 0x7F, 0x80, 0xFF])
    func aByteThatIsNotTextIsFoundAtAnyOffset(_ byte: UInt8) {
        for offset in 0..<24 {
            var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 24)
            bytes[offset] = byte
            #expect(TextContent.problem(in: bytes)?.column == offset + 1, "offset \(offset)")
        }
    }

    @Test func printableASCIITabsAndLineEndsAreText() {
        let text = (0x20..<0x7F).map { UInt8($0) } + Array("\t\r\n".utf8)
        for start in 0..<8 { #expect(TextContent.problem(in: Array(text[start...]) + text) == nil) }
        #expect(TextContent.problem(in: Array("caf\u{E9}: ok\n".utf8)) == nil)
    }
}
