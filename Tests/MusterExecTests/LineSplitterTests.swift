import MusterExec
import MusterTestSupport
import Testing

struct LineSplitterTests {
    private func split(_ chunks: [String], max: Int = 64 * 1024) -> [String] {
        var splitter = LineSplitter(maxLineLength: max)
        var lines: [String] = []
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { splitter.feed($0) { lines.append(String(decoding: $0, as: UTF8.self)) } }
        }
        splitter.finish { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines
    }

    @Test func linesAcrossChunksAreJoined() {
        #expect(split(["a\nb", "c\n", "d"]) == ["a", "bc", "d"])
    }

    @Test func emptyLinesAreKept() {
        #expect(split(["\n\nx\n"]) == ["", "", "x"])
    }

    @Test func longLinesAreSplitAtTheLimit() {
        #expect(split(["abcdefgh\n"], max: 3) == ["abc", "def", "gh"])
        #expect(split(["ab", "cd", "ef", "g\n"], max: 3) == ["abc", "def", "g"])
        #expect(split(["abc", "\n"], max: 3) == ["abc"])
    }

    @Test func bytesThatAreNotUTF8PassThrough() {
        var splitter = LineSplitter()
        var lines: [[UInt8]] = []
        ([0xFF, 0xFE, 0x0A] as [UInt8]).withUnsafeBytes { splitter.feed($0) { lines.append(Array($0)) } }
        #expect(lines == [[0xFF, 0xFE]])
    }
}
