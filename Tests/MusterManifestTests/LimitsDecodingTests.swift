import MusterManifest
import MusterTestSupport
import Testing

struct LimitsDecodingTests {
    @Test func limitsTakeNumbersSizesDurationsAndUnlimited() {
        let loaded = loadManifest(
            "processes:\n  a: {command: x, limits: {nofile: 1024, nproc: unlimited, core: 0, cpu: 1m, as: 2G}}\n")
        #expect(loaded.diagnostics.isEmpty)
        let limits = loaded.process("a")?.limits
        #expect(limits?.nofile == .limited(1024))
        #expect(limits?.nproc == .unlimited)
        #expect(limits?.core == .limited(0))
        #expect(limits?.cpu == .limited(60))
        #expect(limits?.addressSpace == .limited(2 << 30))
        #expect(limits?.prlimitOptions == ["--nofile=1024", "--nproc=unlimited", "--core=0", "--cpu=60:61", "--as=2147483648"])
    }

    @Test func badLimitsArePositionedErrors() {
        let source = MarkedSource("processes:\n  a: {command: x, limits: {nofile: 1️⃣many, 2️⃣stack: 1}}\n")
        let loaded = loadManifest(source.text)
        #expect(loaded.messages == ["invalid limit 'many' for 'nofile': use a whole number, or unlimited", "unknown key 'stack' in 'limits'"])
        #expect(loaded.diagnostics.map(\.location) == [source.location("1️⃣"), source.location("2️⃣")])
    }
}
