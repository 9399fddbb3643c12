import MusterManifest
import MusterTestSupport
import Testing

/// `include:` (SPEC §7.3): included manifests keep their own folder, `.env` and globals; a prefix
/// renames their entries and internal dependencies; a name defined twice, an include cycle and a
/// missing file are errors in the including file.
struct IncludeTests {
    static let database = """
        env: {DB_ENV: db}
        processes:
          db: {command: echo db, daemon: true, env_file: [db.env]}
        """

    static let service = """
        processes:
          migrate: {command: echo migrate, depends_on: [db]}
          server: {command: "echo ${GREETING:-none}", daemon: true, depends_on: {migrate: succeeded}, cwd: data}
        """

    static func folder(_ files: [String: String]) -> TemporaryDirectory {
        let folder = TemporaryDirectory()
        for (name, text) in files { folder.write(name, text) }
        return folder
    }

    @Test func includedEntriesJoinWithTheirOwnFolderAndGlobals() {
        let folder = Self.folder([
            "muster.yaml": "env: {ROOT: r}\ninclude: [svc/db.yaml]\nprocesses:\n  web: {command: x, depends_on: [db]}\n",
            "svc/db.yaml": Self.database, "svc/db.env": "FROM_FILE=1\n",
        ])
        defer { folder.remove() }
        let loaded = loadFiles(["muster.yaml"], in: folder.path)
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.names == ["db", "web"])
        let db = loaded.process("db")
        #expect(db?.workingDirectory == folder.path + "/svc")
        #expect(db?.environment == ["DB_ENV": "db", "FROM_FILE": "1"])
        #expect(loaded.process("web")?.environment == ["ROOT": "r"])
        #expect(loaded.process("web")?.dependencies.map(\.condition) == [.ready])
    }

    @Test func aPrefixRenamesTheEntriesAndTheirDependenciesOnEachOther() {
        let folder = Self.folder([
            "muster.yaml": """
            include:
              - svc/db.yaml
              - {path: svc/api.yaml, prefix: api}
            processes:
              web: {command: x, depends_on: [api-server]}
            """,
            "svc/db.yaml": Self.database, "svc/db.env": "", "svc/api.yaml": Self.service,
            "svc/.env": "GREETING=hello from svc\n", "svc/data/.keep": "",
        ])
        defer { folder.remove() }
        let loaded = loadFiles(["muster.yaml"], in: folder.path)
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.names == ["db", "api-migrate", "api-server", "web"])
        // `db` is not the included file's own, so it keeps its name.
        #expect(loaded.process("api-migrate")?.dependencies.map(\.name) == ["db"])
        #expect(loaded.process("api-server")?.dependencies.map(\.name) == ["api-migrate"])
        // The included manifest's own .env feeds its ${…}; its paths are relative to it.
        #expect(loaded.process("api-server")?.command == .shell("echo hello from svc"))
        #expect(loaded.process("api-server")?.workingDirectory == folder.path + "/svc/data")
    }

    @Test func aNameDefinedTwiceIsAnErrorNamingBothDefinitions() {
        let folder = Self.folder([
            "muster.yaml": "include: [a.yaml, b.yaml]\nprocesses:\n  web: {command: x}\n",
            "a.yaml": "processes:\n  db: {command: a}\n",
            "b.yaml": "processes:\n\n  db: {command: b}\n",
        ])
        defer { folder.remove() }
        let loaded = loadFiles(["muster.yaml"], in: folder.path)
        #expect(
            loaded.errors == [
                "process 'db' is defined twice, here and at a.yaml:2:3; rename one, or include one of them with a prefix"
            ])
        let diagnostic = loaded.diagnostics.first
        #expect(diagnostic?.location == SourceLocation(file: "b.yaml", line: 3, column: 3))
        #expect(diagnostic?.notes.first?.location == SourceLocation(file: "a.yaml", line: 2, column: 3))
    }

    @Test func anEntryOfTheIncludingFileThatAnIncludeAlsoDefinesIsAnError() {
        let folder = Self.folder([
            "muster.yaml": "include: [a.yaml]\nprocesses:\n  db: {command: x}\n",
            "a.yaml": "processes:\n  db: {command: a}\n",
        ])
        defer { folder.remove() }
        let loaded = loadFiles(["muster.yaml"], in: folder.path)
        #expect(loaded.errors.count == 1)
        #expect(loaded.diagnostics.first?.location == SourceLocation(file: "muster.yaml", line: 3, column: 3))
    }

    @Test func anIncludeCycleIsAnErrorThatShowsTheChain() {
        let folder = Self.folder([
            "muster.yaml": "include: [one/a.yaml]\nprocesses:\n  web: {command: x}\n",
            "one/a.yaml": "include: [../two/b.yaml]\nprocesses:\n  a: {command: x}\n",
            "two/b.yaml": "include:\n  - ../muster.yaml\nprocesses:\n  b: {command: x}\n",
        ])
        defer { folder.remove() }
        let loaded = loadFiles(["muster.yaml"], in: folder.path)
        #expect(
            loaded.errors == [
                "include cycle: muster.yaml -> one/a.yaml -> two/b.yaml -> muster.yaml; a manifest cannot include itself, even through others"
            ])
        #expect(loaded.diagnostics.first?.location == SourceLocation(file: "two/b.yaml", line: 2, column: 5))
        #expect(loaded.names == ["b", "a", "web"])
    }

    @Test func theSameManifestIncludedTwiceAddsItsEntriesOnce() {
        let folder = Self.folder([
            "muster.yaml": "include: [a.yaml, b.yaml]\nprocesses:\n  web: {command: x}\n",
            "a.yaml": "include: [common.yaml]\nprocesses:\n  a: {command: x, depends_on: [db]}\n",
            "b.yaml": "include: [common.yaml]\nprocesses:\n  b: {command: x, depends_on: [db]}\n",
            "common.yaml": "processes:\n  db: {command: x, daemon: true}\n",
        ])
        defer { folder.remove() }
        let loaded = loadFiles(["muster.yaml"], in: folder.path)
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.names == ["db", "a", "b", "web"])
    }

    @Test func aMissingIncludedManifestIsAnErrorAtItsPath() {
        let source = MarkedSource("include:\n  - {path: 1️⃣nope.yaml}\nprocesses:\n  web: {command: x}\n")
        let folder = Self.folder(["muster.yaml": source.text])
        defer { folder.remove() }
        let loaded = loadFiles(["muster.yaml"], in: folder.path)
        #expect(loaded.errors == ["cannot read the included manifest 'nope.yaml': no such file or directory"])
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"))
    }

    @Test func devicesAndFoldersCannotBeIncludedOrExtended() {
        let folder = Self.folder([
            "muster.yaml": "include: [/dev/zero, sub]\nprocesses:\n  web: {extends: {file: /dev/stdin, process: x}}\n",
            "sub/.keep": "",
        ])
        defer { folder.remove() }
        let loaded = loadFiles(["muster.yaml"], in: folder.path)
        #expect(
            loaded.errors == [
                "cannot include '/dev/zero': it is not a regular file", "cannot include 'sub': it is not a regular file",
                "process 'web' has no 'command'; add one, e.g. command: echo hello",
                "cannot read '/dev/stdin', which 'extends' names: it is not a regular file",
            ])
    }

    @Test func aListOfPathsMergesLikeSeveralFilesAndAnOverrideFileReachesIncludedEntries() {
        let folder = Self.folder([
            "muster.yaml": "include:\n  - {path: [svc.yaml, svc.local.yaml], prefix: s}\n",
            "svc.yaml": "processes:\n  run: {command: x, timeout: 1s}\n",
            "svc.local.yaml": "processes:\n  run: {timeout: 2s}\n",
            "muster.override.yaml": "processes:\n  s-run: {env: {LOCAL: 1}}\n",
        ])
        defer { folder.remove() }
        let loaded = loadFiles(["muster.yaml", "muster.override.yaml"], in: folder.path)
        #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
        #expect(loaded.names == ["s-run"])
        #expect(loaded.process("s-run")?.timeout == .seconds(2))
        #expect(loaded.process("s-run")?.environment == ["LOCAL": "1"])
    }

    @Test func badIncludeItemsArePositionedErrors() {
        let source = MarkedSource(
            """
            include:
              - 1️⃣{prefix: x}
              - {path: a.yaml, prefix: 2️⃣-x}
              - 3️⃣[a.yaml]
              - {path: a.yaml, 4️⃣pth: b}
            processes:
              web: {command: x}
            """)
        let folder = Self.folder(["muster.yaml": source.text, "a.yaml": "processes:\n  a: {command: x}\n"])
        defer { folder.remove() }
        let loaded = loadFiles(["muster.yaml"], in: folder.path)
        #expect(loaded.diagnostics.map(\.location) == ["1️⃣", "2️⃣", "3️⃣", "4️⃣"].map { source.location($0) })
        #expect(loaded.diagnostics.last?.notes.first?.message == "did you mean 'path'?")
    }
}
