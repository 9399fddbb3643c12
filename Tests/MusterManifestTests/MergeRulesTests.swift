import MusterManifest
import MusterTestSupport
import Testing

/// Several files merge in order with docker compose's rules (SPEC §7.3): every rule, `!reset`,
/// `!override`, paths relative to the file that set them, and diagnostics in the second file.
struct MergeRulesTests {
    /// A folder holding `files` (name → text), removed by the caller.
    static func folder(_ files: [String: String]) -> TemporaryDirectory {
        let folder = TemporaryDirectory()
        for (name, text) in files { folder.write(name, text) }
        return folder
    }

    /// `a.yaml` then `b.yaml` (then `c.yaml`) of `files`, merged.
    static func merged(_ files: [String: String]) -> LoadedManifest {
        let folder = folder(files)
        defer { folder.remove() }
        return loadFiles(["a.yaml", "b.yaml", "c.yaml"].filter { files[$0] != nil }, in: folder.path)
    }

    @Test func mappingsMergeKeyByKey() {
        let loaded = Self.merged([
            "a.yaml": "processes:\n  web: {command: x, shutdown: {signal: INT, timeout: 5s}}\n",
            "b.yaml": "processes:\n  web: {shutdown: {timeout: 1s}}\n",
        ])
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.process("web")?.shutdown == ShutdownPolicy(signal: 2, timeout: .seconds(1)))
    }

    @Test func scalarsAreReplaced() {
        let loaded = Self.merged([
            "a.yaml": "name: one\nprocesses:\n  web: {command: x, daemon: false, timeout: 5s, restart: always}\n",
            "b.yaml": "name: two\nprocesses:\n  web: {daemon: true, timeout: 1m}\n",
        ])
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.manifest.name == "two")
        let web = loaded.process("web")
        #expect(web?.daemon == true)
        #expect(web?.timeout == .seconds(60))
        #expect(web?.restart.mode == .always)
    }

    @Test func commandIsReplacedNotAppended() {
        let loaded = Self.merged([
            "a.yaml": "processes:\n  web: {command: [sleep, \"1\"], ready: {exec: [test, -f, a]}}\n",
            "b.yaml": "processes:\n  web: {command: [echo, hi], ready: {exec: [test, -f, b]}}\n",
        ])
        #expect(loaded.process("web")?.command == .argv(["echo", "hi"]))
        #expect(loaded.process("web")?.ready?.check == .exec(.argv(["test", "-f", "b"])))
    }

    @Test func envMergesByVariableInEitherForm() {
        let loaded = Self.merged([
            // Values interpolate from the variables set before, not from their own block (as compose).
            "a.yaml": "env: {G: 1, H: 1}\nprocesses:\n  web: {command: x, env: {A: 1, B: 2}}\n",
            "b.yaml": "env: [H=2]\nprocesses:\n  web: {env: [B=3, C=4, \"D=${A:-none}\"]}\n",
        ])
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.process("web")?.environment == ["G": "1", "H": "2", "A": "1", "B": "3", "C": "4", "D": "none"])
    }

    @Test func dependsOnMergesByName() {
        let loaded = Self.merged([
            "a.yaml": """
            processes:
              db: {command: x, daemon: true}
              cache: {command: x, daemon: true}
              seed: {command: x}
              web: {command: x, depends_on: [db, seed]}
              api: {command: x, depends_on: [db]}
            """,
            "b.yaml": """
            processes:
              web: {depends_on: {db: started, cache: ready}}
              api: {depends_on: [cache, db]}
            """,
        ])
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        let web = loaded.process("web")?.dependencies.map { "\($0.name):\($0.condition.rawValue)" }
        #expect(web == ["db:started", "seed:succeeded", "cache:ready"])
        let api = loaded.process("api")?.dependencies.map { "\($0.name):\($0.condition.rawValue)" }
        #expect(api == ["db:ready", "cache:ready"])
    }

    @Test func watchMergesByPath() throws {
        let list = try Self.node("[src, docs]")
        let more = try Self.node("[docs, tests]")
        let merged = ManifestMerge.merge(list, more, at: "processes.*.watch")
        #expect(Self.flow(merged) == "[src, docs, tests]")
        let long = try Self.node("{paths: [src], ignore: [tmp], debounce: 1s}")
        let longer = ManifestMerge.merge(long, try Self.node("{paths: [lib], ignore: [tmp, log]}"), at: "processes.*.watch")
        #expect(Self.flow(longer) == "{paths: [src, lib], ignore: [tmp, log], debounce: 1s}")
        let mixed = ManifestMerge.merge(long, more, at: "processes.*.watch")
        #expect(Self.flow(mixed) == "{paths: [src, docs, tests], ignore: [tmp], debounce: 1s}")
    }

    @Test func envFileListsAreAppended() {
        let loaded = Self.merged([
            "a.yaml": "processes:\n  web: {command: x, env_file: [a.env]}\n",
            "b.yaml": "processes:\n  web: {env_file: b.env}\n",
            "a.env": "A=a\nSHARED=a\n",
            "b.env": "B=b\nSHARED=b\n",
        ])
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.process("web")?.environment == ["A": "a", "B": "b", "SHARED": "b"])
    }

    @Test func profilesAreJoined() {
        let loaded = Self.merged([
            "a.yaml": "processes:\n  web: {command: x, profiles: [dev]}\n",
            "b.yaml": "processes:\n  web: {profiles: [ci, dev]}\n",
        ])
        #expect(loaded.names.isEmpty)
        #expect(loaded.diagnostics.contains { $0.message.hasPrefix("no process is left to run") })
        let enabled = Self.mergedWith(profiles: ["ci"], [
            "a.yaml": "processes:\n  web: {command: x, profiles: [dev]}\n",
            "b.yaml": "processes:\n  web: {profiles: [ci, dev]}\n",
        ])
        #expect(enabled.process("web")?.profiles == ["dev", "ci"])
    }

    @Test func aLaterProbeCheckReplacesTheEarlierOneAndTimingsMerge() {
        let loaded = Self.merged([
            "a.yaml": "processes:\n  web: {command: x, daemon: true, ready: {tcp: 5432, interval: 1s, timeout: 9s}}\n",
            "b.yaml": "processes:\n  web: {ready: {http: \"http://127.0.0.1:8080/\", timeout: 3s}}\n",
        ])
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        let probe = loaded.process("web")?.ready
        #expect(probe?.check == .http(url: "http://127.0.0.1:8080/"))
        #expect(probe?.interval == .seconds(1))
        #expect(probe?.timeout == .seconds(3))
    }

    @Test func resetRemovesAValueAsComposeHasIt() {
        let loaded = Self.merged([
            "a.yaml": """
            processes:
              db: {command: x, daemon: true}
              web: {command: x, depends_on: [db], env: {A: 1, B: 2}, timeout: 5s, ready: {tcp: 80}}
            """,
            "b.yaml": """
            processes:
              web:
                depends_on: !reset []
                env:
                  A: !reset
                timeout: !reset
                ready: !reset {}
            """,
        ])
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        let web = loaded.process("web")
        #expect(web?.dependencies.isEmpty == true)
        #expect(web?.environment == ["B": "2"])
        #expect(web?.timeout == nil)
        #expect(web?.ready == nil)
    }

    @Test func aResetValueCanBeSetAgainByALaterFile() {
        let loaded = Self.merged([
            "a.yaml": "processes:\n  web: {command: x, timeout: 1s, env: {A: 1}}\n",
            "b.yaml": "processes:\n  web: {timeout: !reset, env: !reset {}}\n",
            "c.yaml": "processes:\n  web: {timeout: 5s, env: {C: 3}}\n",
        ])
        #expect(loaded.process("web")?.timeout == .seconds(5))
        #expect(loaded.process("web")?.environment == ["C": "3"])
    }

    @Test func resetRemovesAWholeEntryAndOneListItem() {
        let loaded = Self.merged([
            "a.yaml": """
            processes:
              db: {command: x, daemon: true}
              cache: {command: x, daemon: true}
              web: {command: x, depends_on: [db, cache]}
              debug: {command: x}
            """,
            "b.yaml": "processes:\n  debug: !reset\n  web: {depends_on: [!reset cache]}\n",
        ])
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.names == ["db", "cache", "web"])
        #expect(loaded.process("web")?.dependencies.map(\.name) == ["db"])
    }

    @Test func overrideReplacesInsteadOfMerging() {
        let loaded = Self.merged([
            "a.yaml": "processes:\n  web: {command: x, env: {A: 1}, shutdown: {signal: INT, timeout: 1s}}\n",
            "b.yaml": "processes:\n  web: {env: !override {B: 2}, shutdown: !override {timeout: 2s}}\n",
        ])
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.process("web")?.environment == ["B": "2"])
        #expect(loaded.process("web")?.shutdown == ShutdownPolicy(signal: 15, timeout: .seconds(2)))
    }

    @Test func newEntriesOfALaterFileComeAfterTheEarlierOnes() {
        let loaded = Self.merged([
            "a.yaml": "processes:\n  b1: {command: x}\n  b2: {command: x}\n",
            "b.yaml": "processes:\n  c1: {command: x}\n  b1: {command: y}\n",
        ])
        #expect(loaded.names == ["b1", "b2", "c1"])
        #expect(loaded.process("b1")?.command == .shell("y"))
    }

    @Test func relativePathsStayRelativeToTheFileThatSetThem() {
        let folder = Self.folder([
            "a.yaml": "processes:\n  web: {command: x, cwd: here, env_file: [a.env]}\n  job: {command: x}\n",
            "over/b.yaml": "processes:\n  web: {log: logs/web.log, env_file: b.env}\n  new: {command: x, cwd: data}\n",
            "a.env": "A=1\n", "over/b.env": "B=2\n",
        ])
        defer { folder.remove() }
        let loaded = loadFiles(["a.yaml", "over/b.yaml"], in: folder.path)
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        let web = loaded.process("web")
        #expect(web?.workingDirectory == folder.path + "/here")
        #expect(web?.logFile == folder.path + "/over/logs/web.log")
        #expect(web?.environment == ["A": "1", "B": "2"])
        #expect(loaded.process("new")?.workingDirectory == folder.path + "/over/data")
        // An entry's default cwd is the project's folder: the first file's.
        #expect(loaded.process("job")?.workingDirectory == folder.path)
    }

    @Test func aDiagnosticNamesTheFileAndLineThatSetTheValue() {
        let folder = Self.folder([
            "a.yaml": "processes:\n  web: {command: x, timeout: 5s}\n  db: {command: y}\n",
            "b.yaml": "processes:\n  db:\n    depends_on: [nope]\n  web:\n    timeout: 5x\n",
        ])
        defer { folder.remove() }
        let loaded = loadFiles(["a.yaml", "b.yaml"], in: folder.path)
        #expect(loaded.errors == ["invalid duration '5x' for 'timeout': use \(DurationParser.expectedForm)"])
        #expect(loaded.diagnostics.first?.location == SourceLocation(file: "b.yaml", line: 5, column: 14))
        let text = DiagnosticRenderer(sources: loaded.sources, colored: false).render(loaded.diagnostics)
        #expect(text.hasPrefix("b.yaml:5:14: error: invalid duration '5x'"))
        #expect(text.contains(" 5 |     timeout: 5x\n"))
    }

    // MARK: - Nodes

    static func node(_ text: String) throws -> Node {
        try #require(YAMLParser(file: "t.yaml").parse(Array(text.utf8)).root)
    }

    /// A node in flow style, scalars as written, for comparisons.
    static func flow(_ node: Node) -> String {
        switch node.kind {
        case .scalar(let text, _, _): return text
        case .sequence(let items): return "[" + items.map(flow).joined(separator: ", ") + "]"
        case .mapping(let pairs): return "{" + pairs.map { "\($0.key): \(flow($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// As `merged`, with profiles enabled.
    static func mergedWith(profiles: [String], _ files: [String: String]) -> LoadedManifest {
        let folder = folder(files)
        defer { folder.remove() }
        return loadFiles(["a.yaml", "b.yaml"], in: folder.path, profiles: profiles)
    }
}
