@testable import MusterExport
import MusterManifest
import Testing

/// The YAML the exporters write: strings come back as the same strings, plain only where no YAML
/// 1.1 or 1.2 reader could take them for anything else.
struct YAMLWriterTests {
    static let tricky = [
        "plain", "alpine:3.20", "-c", "--bind", "/bin/sh", "a=b", "no", "No", "yes", "off", "y", "N", "true", "null", "~",
        "", " ", "1", "1.5", "0x10", "1e3", "1_000", "1:30", ".inf", "2024-01-01", "-1", "---", "- x", "a: b", "a #b",
        "#x", "@x", "`x`", "&a", "*a", "!x", "%x", "|", ">", "'q'", "\"q\"", "[x]", "{x}", "a,b", "?", "x:", "x: y",
        "tab\there", "line\nbreak", "ends with newline\n", "two\n\n", "\nleading", " leading space\nx", "\tleading tab\nx",
        "trailing space \nx", "  \nx", "x\n  \ny", "carriage\r\nreturn", "nul\u{0}byte", "bell\u{7}", "del\u{7F}",
        "next\u{85}line", "line\u{2028}sep", "bom\u{FEFF}", "café", "日本語", "emoji 🎉", "back\\slash", "$(date) ${X} $$",
        "{{tasks.x.ip}}", "key: |\n  nested", "=", "<<",
    ]

    @Test(arguments: tricky)
    func everyStringReadsBackAsItself(_ text: String) throws {
        let document = YAMLEmitter.document(
            .mapping([YAMLPair("value", .string(text)), YAMLPair(text.isEmpty ? "k" : text, .sequence([.string(text)]))]))
        let parsed = YAMLParser(file: "t.yaml").parse(Array(document.utf8))
        try #require(parsed.diagnostics.isEmpty, "\(document)")
        let root = try #require(parsed.root)
        let value = try #require(root["value"], "\(document)")
        #expect(value.scalarText == text, "\(document)")
        #expect(value.scalarType == .string, "\(document)")
        let item = try #require(root[text.isEmpty ? "k" : text]?[0], "\(document)")
        #expect(item.scalarText == text && item.scalarType == .string, "\(document)")
    }

    @Test(arguments: [
        ("plain", true), ("alpine:3.20", true), ("-c", true), ("--bind", true), ("/usr/bin/env", true),
        ("no", false), ("On", false), ("1.5", false), ("x:", false), ("---x", false), ("-1", false), ("a b", false),
    ])
    func plainOnlyWhereNothingElseCouldBeRead(_ text: String, _ plain: Bool) {
        #expect(YAMLScalar.isPlain(text) == plain)
    }

    @Test func scriptsAreLiteralBlocks() {
        let document = YAMLEmitter.document(.mapping([YAMLPair("run", .string("set -e\necho hi\n"))]))
        #expect(document == "run: |\n  set -e\n  echo hi\n")
    }

    @Test func commentsGoAboveTheirKeyAndBesideTheDash() {
        let item = YAMLNode.mapping([YAMLPair("name", .string("a"), comments: ["note"]), YAMLPair("x", .integer(1))])
        let document = YAMLEmitter.document(
            .mapping([YAMLPair("items", .sequence([item, .string("b")]))]), header: ["head"])
        #expect(document == "# head\nitems:\n  # note\n  - name: a\n    x: 1\n  - b\n")
    }
}
