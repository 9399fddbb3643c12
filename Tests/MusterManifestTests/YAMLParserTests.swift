import MusterManifest
import MusterTestSupport
import Testing

struct YAMLParserTests {
    private func parse(_ text: String) -> YAMLParser.Result {
        YAMLParser(file: "t.yaml").parse(Array(text.utf8))
    }

    @Test func nodesKeepLineAndColumnOfKeysAndValues() throws {
        let source = MarkedSource("a:\n  1️⃣b: 2️⃣[x, 3️⃣y]\n")
        let root = try #require(parse(source.text).root)
        guard case .mapping(let top) = root.kind, case .mapping(let inner) = top[0].value.kind,
            case .sequence(let items) = inner[0].value.kind
        else { Issue.record("unexpected shape"); return }
        #expect(inner[0].keyLocation == source.location("1️⃣", file: "t.yaml"))
        #expect(inner[0].value.location == source.location("2️⃣", file: "t.yaml"))
        #expect(items[1].location == source.location("3️⃣", file: "t.yaml"))
    }

    @Test func columnsCountUnicodeScalarsNotBytes() throws {
        let source = MarkedSource("ä: {ö: 1️⃣x}\n")
        let root = try #require(parse(source.text).root)
        guard case .mapping(let top) = root.kind, case .mapping(let inner) = top[0].value.kind else {
            Issue.record("unexpected shape")
            return
        }
        #expect(inner[0].value.location.column == source.location("1️⃣").column)
    }

    @Test func aliasesResolveToTheAnchoredNode() throws {
        let root = try #require(parse("base: &b {x: 1}\ncopy: *b\n").root)
        guard case .mapping(let pairs) = root.kind, case .mapping(let copy) = pairs[1].value.kind else {
            Issue.record("unexpected shape")
            return
        }
        #expect(copy.map(\.key) == ["x"])
        #expect(copy[0].value.scalarText == "1")
    }

    @Test func mergeKeysAddMissingKeysAndExplicitKeysWin() throws {
        let text = """
            d1: &d1 {a: 1, b: 1}
            d2: &d2 {b: 2, c: 2}
            m:
              <<: [*d1, *d2]
              a: own
            """
        let root = try #require(parse(text).root)
        guard case .mapping(let pairs) = root.kind, case .mapping(let merged) = pairs[2].value.kind else {
            Issue.record("unexpected shape")
            return
        }
        let values = Dictionary(uniqueKeysWithValues: merged.map { ($0.key, $0.value.scalarText ?? "") })
        #expect(values == ["a": "own", "b": "1", "c": "2"])
    }

    @Test func aSecondDocumentIsAnErrorAtItsStart() {
        let source = MarkedSource("a: 1\n1️⃣---\nb: 2\n")
        let result = parse(source.text)
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.location == source.location("1️⃣", file: "t.yaml"))
        #expect(result.diagnostics.first?.message.contains("second one starts here") == true)
    }

    @Test func nonStringKeysAreErrors() {
        let source = MarkedSource("? 1️⃣[a, b]\n: value\n")
        let result = parse(source.text)
        #expect(result.diagnostics.map(\.message) == ["mapping keys must be strings, not a list"])
        #expect(result.diagnostics.first?.location == source.location("1️⃣", file: "t.yaml"))
    }

    @Test func duplicateKeysAreErrorsAtTheSecondKeyWithANoteAtTheFirst() {
        let source = MarkedSource("2️⃣a: 1\n1️⃣a: 2\n")
        let result = parse(source.text)
        #expect(result.diagnostics.map(\.message) == ["duplicate key 'a' in this mapping; remove one of them"])
        #expect(result.diagnostics.first?.location == source.location("1️⃣", file: "t.yaml"))
        #expect(result.diagnostics.first?.notes.map(\.message) == ["'a' is first set here"])
        #expect(result.diagnostics.first?.notes.first?.location == source.location("2️⃣", file: "t.yaml"))
    }

    /// Large mappings look their keys up in a table; what they report and keep is the same.
    @Test(arguments: [5, 11, 12, 13, 40])
    func duplicateKeysOfMappingsOfAnySize(_ count: Int) throws {
        let keys = (0..<count).map { "k\($0)" } + ["k0", "k\(count - 1)", "k0"]
        let result = parse(keys.enumerated().map { "\($1): \($0)\n" }.joined())
        let repeated = ["k0", "k\(count - 1)", "k0"]
        #expect(
            result.diagnostics.map(\.message) == repeated.map { "duplicate key '\($0)' in this mapping; remove one of them" })
        #expect(result.diagnostics.map(\.location.line) == [count + 1, count + 2, count + 3])
        #expect(result.diagnostics.compactMap { $0.notes.first?.location?.line } == [1, count, 1])
        let root = try #require(result.root)
        guard case .mapping(let pairs) = root.kind else { return #expect(Bool(false), "not a mapping") }
        #expect(pairs.map(\.key) == Array(keys.prefix(count)))
        #expect(pairs.map(\.value.scalarText) == (0..<count).map { "\($0)" })
    }

    @Test func syntaxErrorsArePositioned() {
        let result = parse("a: [1, 2\nb: 3\n")
        let diagnostic = result.diagnostics.first
        #expect(diagnostic?.message.hasPrefix("YAML syntax error:") == true)
        #expect(diagnostic?.location.line == 2)
    }

    @Test(arguments: ["a:\n1️⃣\tb: 1\n", "a:\n  1️⃣\tb: 1\n", "a:\n  b: 1\n1️⃣\tc: 2\n", "a:\n1️⃣\t  b: 1\n"])
    func tabsInIndentationSayUseSpacesAtTheTab(_ marked: String) {
        let source = MarkedSource(marked)
        let result = parse(source.text)
        #expect(result.diagnostics.map(\.message) == ["tabs cannot indent YAML; use spaces"])
        #expect(result.diagnostics.first?.location == source.location("1️⃣", file: "t.yaml"))
    }

    @Test func otherSyntaxErrorsOnATabIndentedLineKeepLibyamlsWords() {
        // The tab is fine inside a flow collection; the error is the missing bracket.
        let result = parse("a: [1,\n\t2\n")
        #expect(result.diagnostics.first?.message.hasPrefix("YAML syntax error:") == true)
    }

    @Test func invalidUTF8IsAClearError() {
        let result = YAMLParser(file: "t.yaml").parse(Array("a: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8))
        #expect(result.diagnostics.first?.message.hasPrefix("the file is not YAML text: invalid leading UTF-8 octet at byte 3") == true)
    }

    /// A "billion laughs" document: 9 levels of 9 aliases would expand to 387 million nodes.
    @Test func aliasBombFailsFastWithBoundedExpansion() {
        var text = "a0: &a0 [lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let clock = ContinuousClock()
        var result: YAMLParser.Result?
        let elapsed = clock.measure { result = parse(text) }
        #expect(result?.diagnostics.first?.message.contains("billion laughs") == true)
        #expect(elapsed < .seconds(1))
    }

    @Test func unknownAliasIsAnError() {
        let source = MarkedSource("a: 1️⃣*nope\n")
        let result = parse(source.text)
        #expect(result.diagnostics.first?.message == "unknown alias '*nope': define '&nope' before using it")
    }

    @Test func quotedAndPlainScalarsAreTold() throws {
        let root = try #require(parse("a: yes\nb: \"yes\"\nc: |\n  text\n").root)
        guard case .mapping(let pairs) = root.kind else { return }
        guard case .scalar(_, let a, _) = pairs[0].value.kind, case .scalar(_, let b, _) = pairs[1].value.kind,
            case .scalar(let text, let c, _) = pairs[2].value.kind
        else { Issue.record("not scalars"); return }
        #expect(a == .plain)
        #expect(b == .quoted)
        #expect(c == .block)
        #expect(text == "text\n")
    }
}
