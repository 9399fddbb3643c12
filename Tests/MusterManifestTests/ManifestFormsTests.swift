import MusterManifest
import MusterTestSupport
import Testing

struct ManifestFormsTests {
    @Test func mappingFormKeepsDeclarationOrder() {
        let loaded = loadManifest("processes:\n  zeta: {command: a}\n  alpha: {command: b}\n  mid: {command: c}\n")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.manifest.processes.map(\.name) == ["zeta", "alpha", "mid"])
    }

    @Test func listFormNamesUnnamedEntriesByPosition() {
        let loaded = loadManifest(
            """
            processes:
              - command: sleep 1
              - name: web
                command: ["python3", "-m", "http.server"]
                daemon: true
              - command: exit 1
            """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.manifest.processes.map(\.name) == ["Process-1", "web", "Process-3"])
        #expect(loaded.process("web")?.daemon == true)
        #expect(loaded.process("Process-1")?.daemon == false)
    }

    @Test func stringCommandsRunThroughTheShellAndListsAreArgv() {
        let loaded = loadManifest("processes:\n  a: {command: echo hi && true}\n  b: {command: [sleep, 1]}\n")
        #expect(loaded.process("a")?.command == .shell("echo hi && true"))
        #expect(loaded.process("a")?.command.arguments == ["/bin/sh", "-c", "echo hi && true"])
        #expect(loaded.process("b")?.command == .argv(["sleep", "1"]))
    }

    @Test(arguments: ["yes", "on", "true", "True", "ON", "y", "\"yes\""])
    func yaml11BooleansAreAcceptedForDaemonWithAWarning(_ spelling: String) {
        let loaded = loadManifest("processes:\n  a: {command: x, daemon: \(spelling)}\n")
        #expect(!loaded.diagnostics.containsErrors)
        #expect(loaded.diagnostics.count == (spelling.lowercased() == "true" ? 0 : 1))
        #expect(loaded.process("a")?.daemon == true)
    }

    @Test func dependsOnListDefaultsToReadyForDaemonsAndSucceededForJobs() {
        let loaded = loadManifest(
            """
            processes:
              db: {command: x, daemon: true}
              migrate: {command: y}
              test: {command: z, depends_on: [db, migrate]}
            """)
        let conditions = loaded.process("test")?.dependencies.map { "\($0.name)=\($0.condition.rawValue)" }
        #expect(conditions == ["db=ready", "migrate=succeeded"])
    }

    @Test func dependsOnMappingTakesShortAndLongConditions() {
        let loaded = loadManifest(
            """
            processes:
              a: {command: x}
              b: {command: x}
              c:
                command: x
                depends_on:
                  a: completed
                  b: {condition: started}
            """)
        #expect(loaded.diagnostics.isEmpty)
        let conditions = loaded.process("c")?.dependencies.map { "\($0.name)=\($0.condition.rawValue)" }
        #expect(conditions == ["a=completed", "b=started"])
    }

    @Test func everyFieldIsResolved() {
        let loaded = loadManifest(
            """
            name: shop
            processes:
              api:
                command: ./serve
                cwd: app/../srv
                log: logs/api.log
                timeout: 1m30s
                restart: on-failure
                max_restarts: 3
                backoff: 500ms
                shutdown: {signal: SIGINT, timeout: 2.5}
                ready: {http: "http://127.0.0.1:8080/health", interval: 100ms, timeout: 5s, initial_delay: 1s}
            """, directory: "/work/shop")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.manifest.name == "shop")
        let api = loaded.process("api")
        #expect(api?.workingDirectory == "/work/shop/srv")
        #expect(api?.logFile == "/work/shop/logs/api.log")
        #expect(api?.timeout == .seconds(90))
        #expect(api?.restart == RestartPolicy(mode: .onFailure, maxRestarts: 3, backoff: .milliseconds(500)))
        #expect(api?.shutdown == ShutdownPolicy(signal: 2, timeout: .milliseconds(2500)))
        #expect(
            api?.ready
                == ReadinessProbe(
                    check: .http(url: "http://127.0.0.1:8080/health"), interval: .milliseconds(100),
                    timeout: .seconds(5), initialDelay: .seconds(1)))
    }

    @Test func defaultsAreFilledIn() {
        let loaded = loadManifest("processes:\n  a: {command: x}\n", directory: "/srv/shop")
        let a = loaded.process("a")
        #expect(loaded.manifest.name == "shop")
        #expect(a?.workingDirectory == "/srv/shop")
        #expect(a?.restart == RestartPolicy(mode: .no, maxRestarts: nil, backoff: .seconds(1)))
        #expect(a?.shutdown == ShutdownPolicy(signal: 15, timeout: .seconds(10)))
        #expect(a?.timeout == nil)
        #expect(a?.ready == nil)
    }

    @Test func unquotedRestartNoIsTheNoPolicy() {
        let loaded = loadManifest("processes:\n  a: {command: x, restart: no}\n")
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.process("a")?.restart.mode == RestartPolicy.Mode.no)
    }

    @Test func probesOfEveryKindDecode() {
        let loaded = loadManifest(
            """
            processes:
              a: {command: x, ready: {exec: pg_isready -h 127.0.0.1}}
              b: {command: x, ready: {tcp: "[::1]:6379"}}
              c: {command: x, ready: {tcp: 5432}}
              d: {command: x, ready: {log: "listening on .*:[0-9]+"}}
              e: {command: x, ready: {exec: [true]}}
            """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.process("a")?.ready?.check == .exec(.shell("pg_isready -h 127.0.0.1")))
        #expect(loaded.process("b")?.ready?.check == .tcp(host: "::1", port: 6379))
        #expect(loaded.process("c")?.ready?.check == .tcp(host: "127.0.0.1", port: 5432))
        #expect(loaded.process("d")?.ready?.check == .log(pattern: "listening on .*:[0-9]+"))
        #expect(loaded.process("e")?.ready?.check == .exec(.argv(["true"])))
        #expect(loaded.process("a")?.ready?.interval == .milliseconds(250))
        #expect(loaded.process("a")?.ready?.timeout == .seconds(60))
    }

    @Test func extensionKeysHoldAnchorsForMergeKeys() {
        let loaded = loadManifest(
            """
            x-service: &service
              daemon: true
              shutdown: {signal: INT}
            processes:
              web:
                <<: *service
                command: ./web
              worker:
                <<: *service
                command: ./worker
                daemon: false
            """)
        #expect(loaded.diagnostics.isEmpty)
        #expect(loaded.process("web")?.daemon == true)
        #expect(loaded.process("web")?.shutdown.signal == 2)
        #expect(loaded.process("worker")?.daemon == false)
    }
}
