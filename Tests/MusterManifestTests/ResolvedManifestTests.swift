import MusterManifest
import MusterTestSupport
import Testing

/// `muster config`'s output (`ResolvedManifest`) loads again to the same manifest, in YAML and in
/// JSON, whatever its strings hold.
struct ResolvedManifestTests {
    static let tricky = #"""
        name: "tricky: project"
        env: {DOLLAR: "$$HOME", BRACE: "$${X}", EMPTY: "", YES: "yes", NUM: "1.5", DATE: 2024-01-01}
        processes:
          "null":
            command: |
              echo "a: b # not a comment"
                indented	tab
              printf '%s\n' "$$1" {x} [y] & wait

            daemon: true
            ready: {log: "^ready: [0-9]+$$", interval: 100ms, timeout: 1.5, initial_delay: 0.000001}
            env: [MULTI=line one, "QUOTE=say \"hi\"", "UNI=héllo ✓ \u2028 sep", "CTRL=\u0001"]
            shutdown: {signal: RTMIN+2, timeout: 0}
            restart: always
            max_restarts: 3
            backoff: 250ms
            limits: {nofile: 1024, as: 2G, core: unlimited, cpu: 90s}
          "yes":
            command: [sh, -c, "echo 'x'", "-", "- y", "", "#", "*star", "&amp", "!bang", "%p", "@at", "`tick`", "a\nb"]
            depends_on: {"null": ready}
            cwd: "/tmp/a dir/$$weird"
            log: /tmp/x.log
            timeout: 2h
            ready: {tcp: "[::1]:6379"}
          "1.0":
            command: exit 3
            depends_on: ["yes"]
            ready: {http: "http://127.0.0.1:8080/health?x=1#frag"}
            timeout: 90s
        """#

    /// The YAML `muster config` prints for `text`.
    static func config(_ text: String, json: Bool = false) throws -> String {
        let loaded = loadManifest(text, directory: "/project", environment: ["HOME": "/home/test"])
        try #require(!loaded.diagnostics.containsErrors, "\(loaded.diagnostics)")
        let value = ResolvedManifest.value(of: loaded.manifest)
        return json ? value.json() : value.yaml()
    }

    @Test func theYAMLLoadsBackToTheSameManifest() throws {
        let first = try Self.config(Self.tricky)
        let second = try Self.config(first)
        #expect(first == second)
        #expect(first.contains("  \"null\":\n    command: |\n      echo \"a: b # not a comment\"\n"), "\(first)")
    }

    @Test func theJSONLoadsBackToTheSameManifest() throws {
        let yaml = try Self.config(Self.tricky)
        let json = try Self.config(Self.tricky, json: true)
        #expect(try Self.config(json) == yaml)
    }

    @Test func everyDefaultIsExplicit() throws {
        let text = try Self.config("processes:\n  a: {command: x}\n")
        #expect(
            text == """
                version: 1
                name: project
                processes:
                  a:
                    command: x
                    daemon: false
                    depends_on: {}
                    env: {}
                    cwd: /project
                    restart: "no"
                    backoff: 1s
                    shutdown: {signal: TERM, timeout: 10s}

                """)
    }

    @Test(arguments: [
        (Duration.seconds(7200), "2h"), (.seconds(90), "90s"), (.seconds(120), "2m"), (.milliseconds(250), "250ms"),
        (.zero, "0s"), (.nanoseconds(1), "0.000000001s"), (.nanoseconds(1_500_000_001), "1.500000001s"),
    ])
    func durationsAreWrittenExactly(_ duration: Duration, _ text: String) {
        #expect(ResolvedManifest.duration(duration) == text)
        #expect(DurationParser.parse(text) == duration)
    }

    @Test(arguments: ["yes", "no", "1.5", "null", "~", "0x10", "2024-01-01", "y", "-x", "a: b", "a #b", "", " x", "x ", "[a]", "{a}", "*a", "&a", "!a", "'a", "\"a", "%a", "@a", "`a", "a,b", "|", ">", "?a", "- a", "<<", "é"])
    func scalarsReadBackAsTheSameString(_ text: String) throws {
        let yaml = "processes:\n  a: {command: x, env: {V: " + YAMLText.scalar(text) + "}}\n"
        let loaded = loadManifest(yaml)
        #expect(!loaded.diagnostics.containsErrors, "\(yaml)")
        #expect(loaded.process("a")?.environment["V"] == text, "\(yaml)")
    }
}
