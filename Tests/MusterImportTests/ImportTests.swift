import MusterImport
import MusterManifest
import MusterTestSupport
import Testing

/// `muster import` (SPEC §7.3): Procfile and process-compose.yaml, translated key by key; what
/// cannot be translated is named, never dropped.
struct ImportTests {
    static let fixtures = MusterBinary.packageRoot + "/Tests/Fixtures/import"

    static func read(_ path: String) -> [UInt8] {
        (try? FileReader.contents(of: fixtures + "/" + path)) ?? []
    }

    static func text(_ path: String) -> String {
        String(decoding: read(path), as: UTF8.self)
    }

    /// The fixture `folder/name` imported as the CLI does, named as in its folder.
    static func imported(_ folder: String, _ name: String) -> ImportResult {
        let source = ImportSource(
            path: name, text: read("\(folder)/\(name)"), dotEnv: (try? FileReader.contents(of: "\(fixtures)/\(folder)/.env")))
        return ImportFormat.detect(source).translate(source)
    }

    @Test func theProcfileBecomesDaemonsWithForemansPortsAndItsDotEnv() {
        let result = Self.imported("procfile", "Procfile")
        #expect(result.diagnostics.isEmpty)
        #expect(result.manifest == Self.text("procfile.expected.yaml"))
        let loaded = loadManifest(result.manifest ?? "", directory: Self.fixtures + "/procfile")
        #expect(!loaded.diagnostics.containsErrors, "\(loaded.diagnostics)")
        #expect(loaded.manifest.processes.map(\.daemon) == [true, true, true])
        #expect(loaded.manifest.processes.map { $0.environment["PORT"] } == ["5000", "5100", "5200"])
        #expect(loaded.process("web")?.environment["GREETING"] == "hello from .env")
        // `$` reaches the shell as written, braces included.
        #expect(loaded.process("worker")?.command == .shell("echo \"worker on port ${PORT}\"; exec sleep 300"))
    }

    @Test func portInDotEnvMovesForemansFirstPort() {
        let source = ImportSource(path: "Procfile", text: Array("a: x\nb: y\n".utf8), dotEnv: Array("PORT=3000\n".utf8))
        let manifest = ImportFormat.procfile.translate(source).manifest ?? ""
        #expect(manifest.contains("env: {PORT: \"3000\"}"))
        #expect(manifest.contains("env: {PORT: \"3100\"}"))
    }

    @Test func aLineThatIsNotNameColonCommandIsAPositionedError() {
        let source = ImportSource(path: "Procfile", text: Array("web: serve\n\n  just words\nweb: again\n".utf8))
        let result = ImportFormat.procfile.translate(source)
        #expect(result.manifest == nil)
        #expect(result.diagnostics.map(\.location.line) == [3, 4])
        #expect(result.diagnostics.first?.message.hasPrefix("expected NAME: COMMAND") == true)
        #expect(result.diagnostics.last?.message == "'web' is defined twice; foreman would run it once")
    }

    @Test func processComposeKeysAreTranslatedAndTheRestNamed() {
        let result = Self.imported("process-compose", "process-compose.yaml")
        #expect(result.manifest == Self.text("process-compose.expected.yaml"))
        let untranslated = [
            "log_level", "log_location", "namespace", "liveness_probe", "timeout_seconds", "is_tty", "schedule",
            "is_daemon", "command",
        ]
        #expect(result.diagnostics.allSatisfy { $0.severity == .warning })
        let named = result.diagnostics.map { String($0.message.split(separator: "'")[0]) }
        #expect(named == untranslated)
        let comments = (result.manifest ?? "").split(separator: "\n").filter { $0.contains("# muster import: ") }
        for key in untranslated {
            #expect(comments.contains { $0.contains("# muster import: \(key)") }, "\(key)")
        }
        #expect(comments.count == untranslated.count)
    }

    @Test func everyListedKeyMapsToMustersField() throws {
        let manifest = try #require(Self.imported("process-compose", "process-compose.yaml").manifest)
        let loaded = loadManifest(
            manifest, directory: Self.fixtures + "/process-compose", environment: ["WEB_PORT": "8123"])
        #expect(!loaded.diagnostics.containsErrors, "\(loaded.diagnostics)")
        let db = try #require(loaded.process("db"))
        #expect(db.daemon)
        #expect(db.workingDirectory == Self.fixtures + "/process-compose/data")
        #expect(db.logFile == Self.fixtures + "/process-compose/logs/db.log")
        #expect(db.ready?.check == .log(pattern: "ready to accept connections"))
        #expect(db.shutdown == ShutdownPolicy(signal: 15, timeout: .seconds(5)))
        #expect(db.environment == ["GREETING": "hello", "SHARED": "from shared.env"])
        let cache = try #require(loaded.process("cache"))
        #expect(cache.ready?.check == .exec(.shell("test -f cache.ready")))
        #expect(cache.ready?.timeout == .seconds(20))
        #expect(cache.restart == RestartPolicy(mode: .always, backoff: .seconds(1)))
        let web = try #require(loaded.process("web"))
        #expect(web.command == .argv(["python3", "-m", "http.server", "8123", "--bind", "127.0.0.1"]))
        #expect(web.ready?.check == .http(url: "http://127.0.0.1:8123/"))
        #expect(web.dependencies.map { "\($0.name):\($0.condition.rawValue)" } == ["db:ready", "cache:ready"])
        #expect(loaded.process("migrate")?.environment["MIGRATE_TARGET"] == "latest")
        #expect(loaded.process("flaky")?.restart == RestartPolicy(mode: .onFailure, maxRestarts: 3, backoff: .seconds(1)))
        #expect(loaded.process("seed")?.dependencies.map(\.condition) == [.succeeded, .ready])
        #expect(loaded.process("report")?.dependencies.map(\.condition) == [.succeeded, .completed])
        #expect(loaded.process("worker-2")?.dependencies.map(\.condition) == [.started])
        #expect(loaded.process("worker-2")?.environment["PC_REPLICA_NUM"] == "1")
        #expect(loaded.process("nightly") == nil)
        // is_daemon forks: a job here.
        #expect(loaded.process("forker")?.daemon == false)
    }

    @Test func theFormatIsToldFromTheNameAndThenTheContent() {
        let yaml = Array("processes:\n  a: {command: x}\n".utf8)
        #expect(ImportFormat.detect(ImportSource(path: "Procfile.dev", text: yaml)) == .procfile)
        #expect(ImportFormat.detect(ImportSource(path: "pc.yml", text: [])) == .processCompose)
        #expect(ImportFormat.detect(ImportSource(path: "<stdin>", text: yaml)) == .processCompose)
        #expect(ImportFormat.detect(ImportSource(path: "<stdin>", text: Array("web: serve\n".utf8))) == .procfile)
    }

    @Test func dollarsReadAsProcessComposeReadsThem() {
        let text = "processes:\n  a:\n    command: \"echo $HOME ${USER} $$SHELL $(date)\"\n"
        let manifest = ImportFormat.processCompose.translate(ImportSource(path: "p.yaml", text: Array(text.utf8))).manifest
        #expect(manifest?.contains("command: \"echo ${HOME} ${USER} $$SHELL $(date)\"") == true)
        let literal = "disable_env_expansion: true\n" + text
        let kept = ImportFormat.processCompose.translate(ImportSource(path: "p.yaml", text: Array(literal.utf8))).manifest
        #expect(kept?.contains("command: \"echo $$HOME $${USER} $$$$SHELL $$(date)\"") == true)
    }

    @Test func aShellAndHttpsAreTranslatedToo() {
        let text = """
            shell: {shell_command: bash, shell_argument: -c}
            processes:
              api:
                command: "serve"
                readiness_probe:
                  http_get: {host: example.test, port: 443, path: health, scheme: https}
            """
        let manifest = ImportFormat.processCompose.translate(ImportSource(path: "p.yaml", text: Array(text.utf8))).manifest
        #expect(manifest?.contains("command: [bash, \"-c\", serve]") == true)
        #expect(manifest?.contains("exec: [curl, \"-fsS\", \"-o\", /dev/null, \"https://example.test:443/health\"]") == true)
    }

    @Test(arguments: [
        ("- a\n- b\n", "a process-compose file is a mapping with processes:, not a list"),
        ("version: \"0.5\"\n", "there is no 'processes:'; is this a process-compose file?"),
        ("processes:\n  a:\n    command: x\n    depends_on: {b: {condition: process_started}}\n",
         "process 'a' depends on 'b', which is not declared"),
        ("processes:\n  a: {command: x}\n  b:\n    command: y\n    depends_on: {a: {condition: process_done}}\n",
         "unknown condition 'process_done' for 'a'; process-compose has process_completed, process_completed_successfully, process_healthy, process_log_ready, process_started"),
        ("processes:\n  a: {replicas: 2}\n", "process 'a' has neither command nor entrypoint"),
    ])
    func aFileThatIsNotAProcessComposeProjectIsAnError(_ text: String, _ message: String) {
        let result = ImportFormat.processCompose.translate(ImportSource(path: "p.yaml", text: Array(text.utf8)))
        #expect(result.manifest == nil)
        #expect(result.diagnostics.map(\.message) == [message])
    }
}
