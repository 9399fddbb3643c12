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

struct SHA256Tests {
    @Test func knownDigests() {
        #expect(SHA256.hash(Array("".utf8)).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hash(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array(String(repeating: "a", count: 1000).utf8)
        #expect(SHA256.hash(long).hex == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func hmacMatchesRFC4231() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        #expect(
            SHA256.hmac(key: key, message: Array("Hi There".utf8)).hex
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func fingerprintDoesNotShowTheKey() {
        let key = Authkey.random()
        #expect(key.bytes.count == 32)
        #expect(key.hex.count == 64)
        #expect(key.fingerprint.hasPrefix("sha256:"))
        #expect(!key.hex.contains(key.fingerprint.dropFirst(7)))
        #expect(Authkey.random() != key)
    }
}

struct ExecutableResolverTests {
    @Test func namesAreLookedUpInPATH() throws {
        #expect(try ExecutableResolver.resolve("sh", path: "/nonexistent:/bin", workingDirectory: "/") == "/bin/sh")
    }

    @Test func missingProgramsAre127AndNonExecutableOnes126() {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let plain = folder.write("script.sh", "echo hi\n")
        #expect(throws: ExecutableResolver.Failure(exitcode: 127, message: "'no-such-program-x' not found in PATH (/bin)")) {
            try ExecutableResolver.resolve("no-such-program-x", path: "/bin", workingDirectory: "/")
        }
        #expect(throws: ExecutableResolver.Failure(exitcode: 126, message: "'./script.sh' is not executable")) {
            try ExecutableResolver.resolve("./script.sh", path: "/bin", workingDirectory: folder.path)
        }
        #expect(throws: ExecutableResolver.Failure(exitcode: 126, message: "'\(plain)' is not executable")) {
            try ExecutableResolver.resolve("script.sh", path: folder.path, workingDirectory: "/")
        }
        #expect(throws: ExecutableResolver.Failure(exitcode: 126, message: "'/tmp' is not executable (it is a directory)")) {
            try ExecutableResolver.resolve("/tmp", path: "/bin", workingDirectory: "/")
        }
    }

    @Test func relativePathsResolveAgainstTheEntrysWorkingDirectory() throws {
        #expect(try ExecutableResolver.resolve("./sh", path: nil, workingDirectory: "/bin") == "/bin/./sh")
    }
}

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
