import MusterExec
import MusterTestSupport
import Testing

struct LineRingTests {
    @Test func keepsTheLastLinesWithinItsBounds() {
        let lines = OutputMultiplexer(names: ["a"], logFiles: [nil], style: {
            var style = OutputMultiplexer.Style()
            style.quiet = true
            return style
        }())
        for chunk in [(0..<1500).map { "line \($0)" }, ["tail"]] {
            var batch = lines.batch(for: 0, at: nil)
            for line in chunk { Array(line.utf8).withUnsafeBytes { lines.add($0, to: &batch) } }
            lines.send(batch, from: .standardOutput)
        }
        let kept = lines.lastLines(of: 0)
        #expect(kept.count == OutputMultiplexer.keptLines)
        #expect(kept.last == "tail")
        #expect(kept.first == "line 501")
        #expect(lines.lastLines(of: 0, count: 2) == ["line 1499", "tail"])
    }

    @Test func longLinesEvictByBytes() {
        let lines = OutputMultiplexer(names: ["a"], logFiles: [nil], style: {
            var style = OutputMultiplexer.Style()
            style.quiet = true
            return style
        }())
        let big = String(repeating: "x", count: 100 * 1024)
        for text in [big, big, big, "end"] {
            var batch = lines.batch(for: 0, at: nil)
            Array(text.utf8).withUnsafeBytes { lines.add($0, to: &batch) }
            lines.send(batch, from: .standardOutput)
        }
        let kept = lines.lastLines(of: 0)
        #expect(kept.count == 3)
        #expect(kept.map(\.count) == [100 * 1024, 100 * 1024, 3])
    }
}
