import MusterManifest
import MusterTestSupport
import Testing

/// Manifests of thousands of entries are decoded and printed in chunks on every core; the result
/// is the same as one thread's, in order.
struct LargeManifestTests {
    static let count = 5000

    /// `count` entries, each needing the one before; entries 10 and 4990 have a bad timeout.
    static var text: String {
        var lines = ["processes:"]
        for index in 0..<count {
            let timeout = index == 10 || index == count - 10 ? "soon" : "\(index % 7 + 1)s"
            let needs = index == 0 ? "" : ", depends_on: [e\(index - 1)]"
            lines.append("  e\(index): {command: \"echo \(index) $$HOME\", timeout: \(timeout), env: {N: \"\(index)\"}\(needs)}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func diagnosticsComeInOrderFromEveryChunk() {
        let loaded = loadManifest(Self.text)
        #expect(loaded.names.count == Self.count)
        #expect(loaded.errors.count == 2)
        #expect(loaded.diagnostics.map(\.location.line) == [12, Self.count - 8])
        #expect(loaded.process("e4999")?.environment == ["N": "4999"])
        #expect(loaded.process("e2500")?.dependencies.map(\.name) == ["e2499"])
    }

    @Test func theConfigOfALargeManifestLoadsBackTheSame() throws {
        let text = Self.text.replacingAll("soon", with: "1s")
        let loaded = loadManifest(text)
        try #require(!loaded.diagnostics.containsErrors)
        let config = ResolvedManifest.value(of: loaded.manifest).yaml()
        let again = loadManifest(config)
        #expect(ResolvedManifest.value(of: again.manifest).yaml() == config)
        #expect(config.contains("  e2500:\n    command: echo 2500 $$HOME\n"))
    }

    @Test(arguments: [("999999999h", DurationParser.longest), ("10m", .seconds(600)), ("250ms", .milliseconds(250)), ("7", .seconds(7))])
    func commonDurationsAreReadExactly(_ text: String, _ duration: Duration) {
        #expect(DurationParser.parse(text) == duration)
    }
}

extension String {
    /// Every `target` replaced by `replacement`.
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
