import MusterExport
import MusterManifest
import Testing

/// `muster export compose`, read back: conditions, healthchecks, commands, restart and stop
/// settings map as the table says, and every `$` reaches the container as muster's entry sees it.
struct ComposeExporterTests {
    private func services(_ text: String, lossy: Bool = false) throws -> Node {
        try #require(try ExportSupport.yaml(try ExportSupport.export(.compose, text, lossy: lossy))["services"])
    }

    @Test func conditionsBecomeComposeConditions() throws {
        let services = try services(
            """
            processes:
              setup: {command: x}
              db: {command: s, daemon: true, ready: {tcp: 5432}}
              plain: {command: s, daemon: true}
              app:
                command: run
                depends_on: {setup: succeeded, db: ready, plain: ready}
              side: {command: run, depends_on: {db: started}}
            """)
        let app = try #require(services["app"]?["depends_on"])
        #expect(app["setup"]?["condition"]?.string == "service_completed_successfully")
        #expect(app["db"]?["condition"]?.string == "service_healthy")
        #expect(app["plain"]?["condition"]?.string == "service_started")
        #expect(services["side"]?["depends_on"]?["db"]?["condition"]?.string == "service_started")
        #expect(services["setup"]?["depends_on"] == nil)
    }

    @Test func healthchecksComeFromReady() throws {
        let services = try services(
            """
            processes:
              script: {command: s, daemon: true, ready: {exec: pg_isready -q, interval: 500ms, timeout: 10s, initial_delay: 3s}}
              argv: {command: s, daemon: true, ready: {exec: [redis-cli, ping]}}
              tcp: {command: s, daemon: true, ready: {tcp: "127.0.0.1:6379", interval: 1s, timeout: 5s}}
              http: {command: s, daemon: true, ready: {http: "http://localhost:8080/up"}}
            """)
        let script = try #require(services["script"]?["healthcheck"])
        #expect(script["test"]?.strings == ["CMD-SHELL", "pg_isready -q"])
        #expect(script["interval"]?.string == "500ms")
        #expect(script["timeout"]?.string == "10s")
        #expect(script["retries"]?.integer == 20)
        #expect(script["start_period"]?.string == "3s")
        #expect(services["argv"]?["healthcheck"]?["test"]?.strings == ["CMD", "redis-cli", "ping"])
        #expect(services["tcp"]?["healthcheck"]?["test"]?.strings == ["CMD", "nc", "-z", "127.0.0.1", "6379"])
        #expect(services["tcp"]?["healthcheck"]?["retries"]?.integer == 5)
        #expect(
            services["http"]?["healthcheck"]?["test"]?.strings
                == ["CMD", "curl", "-fsS", "-o", "/dev/null", "http://localhost:8080/up"])
    }

    @Test func commandsKeepMustersSemanticsAndDollarsReachTheContainer() throws {
        let services = try services(
            """
            env: {PRICE: "$$5"}
            processes:
              script: {command: 'echo "$HOME" $$$$', cwd: /srv}
              argv: {command: [printf, "%s", "$$x"], image: "busybox:1"}
              lone: {command: [true]}
              slow: {command: make, timeout: 1m30s, shutdown: {signal: INT, timeout: 2s}}
            """)
        let script = try #require(services["script"])
        #expect(script["entrypoint"]?.strings == ["/bin/sh", "-c"])
        // compose interpolates $VAR: every $ is doubled, and compose makes it one again.
        #expect(script["command"]?.strings == ["echo \"$$HOME\" $$$$"])
        #expect(script["environment"]?["PRICE"]?.string == "$$5")
        #expect(script["environment"]?["MUSTER_NAME"]?.string == "script")
        #expect(script["working_dir"]?.string == "/srv")
        #expect(script["image"]?.string == "alpine:3.20")
        let argv = try #require(services["argv"])
        #expect(argv["entrypoint"]?.strings == ["printf"])
        #expect(argv["command"]?.strings == ["%s", "$$x"])
        #expect(argv["image"]?.string == "busybox:1")
        #expect(services["lone"]?["command"] == nil)
        let slow = try #require(services["slow"])
        #expect(slow["entrypoint"]?.strings == ["timeout", "-s", "INT", "-k", "2", "90", "/bin/sh", "-c"])
        #expect(slow["stop_signal"]?.string == "SIGINT")
        #expect(slow["stop_grace_period"]?.string == "2s")
    }

    @Test func restartAndUlimitsMap() throws {
        let services = try services(
            """
            processes:
              never: {command: x}
              some: {command: x, restart: on-failure, max_restarts: 3}
              retry: {command: x, restart: on-failure}
              keep: {command: x, daemon: true, restart: always}
              limited: {command: x, limits: {nofile: 1024, cpu: 10, as: unlimited, core: 0}}
            """)
        #expect(services["never"]?["restart"]?.string == "no")
        #expect(services["some"]?["restart"]?.string == "on-failure:3")
        #expect(services["retry"]?["restart"]?.string == "on-failure")
        #expect(services["keep"]?["restart"]?.string == "always")
        let ulimits = try #require(services["limited"]?["ulimits"])
        #expect(ulimits["nofile"]?.integer == 1024)
        #expect(ulimits["cpu"]?["soft"]?.integer == 10)
        #expect(ulimits["cpu"]?["hard"]?.integer == 11)
        #expect(ulimits["as"]?.integer == -1)
        #expect(ulimits["core"]?.integer == 0)
    }

    @Test func whatComposeCannotExpressIsAnErrorNamingEntryAndField() throws {
        let text = """
            processes:
              logs: {command: serve, daemon: true, ready: {log: listening}}
              job: {command: x}
              after: {command: y, depends_on: {job: completed, logs: ready}}
              end: {command: z, depends_on: {logs: completed}}
              many: {command: z, daemon: true, restart: always, max_restarts: 2, backoff: 5s}
            """
        let error = try ExportSupport.error(.compose, text)
        #expect(
            Set(error.places)
                == ["after depends_on.job", "logs ready.log", "end depends_on.logs", "many max_restarts", "many backoff"])
        let lossy = try ExportSupport.export(.compose, text, lossy: true)
        let services = try #require(try ExportSupport.yaml(lossy)["services"])
        #expect(services["after"]?["depends_on"]?["job"]?["condition"]?.string == "service_completed_successfully")
        #expect(services["after"]?["depends_on"]?["logs"]?["condition"]?.string == "service_started")
        #expect(services["logs"]?["healthcheck"] == nil)
        #expect(lossy.files[0].contents.contains("# muster: ready.log: a compose healthcheck runs a command"))
    }

    @Test func anEntryWithoutImageIsRefused() throws {
        let error = try ExportSupport.error(.compose, "processes:\n  a: {command: x}\n", image: nil)
        #expect(error.places == ["a image"])
        #expect(!error.lossyWouldExport)
    }
}
