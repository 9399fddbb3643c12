import MusterExport
import MusterManifest
import Testing

/// `muster export systemd`, read back line by line: unit types, dependencies, the wait for a
/// dependency's probe, timeouts, restarts, stop settings and limits map as the table says.
struct SystemdExporterTests {
    static let manifest = """
        name: shop
        env: {MODE: "100% $$real"}
        processes:
          setup: {command: ./setup.sh, timeout: 1m}
          db:
            command: [bin/postgres, -D, data]
            daemon: true
            depends_on: {setup: succeeded}
            ready: {tcp: 5432, timeout: 30s}
            shutdown: {signal: INT, timeout: 5s}
            restart: on-failure
            max_restarts: 3
            backoff: 2s
            limits: {nofile: 1024, cpu: 10, as: unlimited}
          cache: {command: [redis-server], daemon: true, timeout: 1h}
          report: {command: echo "done", depends_on: {setup: completed}}
          app:
            command: |
              echo "it's $$HOME"
              printf '%s\\n' "a\\tb"
            depends_on: {db: ready, cache: started}
            timeout: 10s
        """

    /// The `Key=value` lines of `unit`, in order.
    private func lines(_ unit: String?) -> [String] {
        (unit ?? "").split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    @Test func jobsAreOneshotUnitsAndDaemonsExecUnitsWantedByTheTarget() throws {
        let output = try ExportSupport.export(.systemd, Self.manifest)
        #expect(
            output.files.map(\.name)
                == ["shop.target", "shop-setup.service", "shop-db.service", "shop-cache.service", "shop-report.service", "shop-app.service"])
        let setup = lines(output.file("shop-setup.service"))
        #expect(setup.contains("Type=oneshot"))
        #expect(setup.contains("RemainAfterExit=yes"))
        #expect(setup.contains("PartOf=shop.target"))
        #expect(setup.contains("Description=shop: setup (job)"))
        #expect(setup.contains("WorkingDirectory=/project"))
        #expect(setup.contains("ExecStart=/bin/sh -c ./setup.sh"))
        let db = lines(output.file("shop-db.service"))
        #expect(db.contains("Type=exec"))
        #expect(!db.contains("RemainAfterExit=yes"))
        #expect(db.contains("ExecStart=/project/bin/postgres -D data"))
        let target = lines(output.file("shop.target"))
        #expect(
            target.filter { $0.hasPrefix("Wants=") }
                == ["Wants=shop-setup.service", "Wants=shop-db.service", "Wants=shop-cache.service", "Wants=shop-report.service", "Wants=shop-app.service"])
        #expect(target.contains("WantedBy=multi-user.target"))
    }

    @Test func dependenciesBecomeRequiresWantsAfterAndAProbeWait() throws {
        let output = try ExportSupport.export(.systemd, Self.manifest)
        let db = lines(output.file("shop-db.service"))
        #expect(db.contains("Requires=shop-setup.service"))
        #expect(db.contains("After=shop-setup.service"))
        let report = lines(output.file("shop-report.service"))
        #expect(report.contains("Wants=shop-setup.service"))
        #expect(report.contains("After=shop-setup.service"))
        #expect(!report.contains("Requires=shop-setup.service"))
        let app = lines(output.file("shop-app.service"))
        #expect(app.filter { $0.hasPrefix("Requires=") } == ["Requires=shop-db.service", "Requires=shop-cache.service"])
        #expect(app.filter { $0.hasPrefix("After=") } == ["After=shop-db.service", "After=shop-cache.service"])
        // db: ready waits for db's probe; cache: started needs only the order.
        #expect(app.filter { $0.hasPrefix("ExecStartPre=") } == ["ExecStartPre=/usr/bin/muster probe --file /project/muster.yaml db"])
        #expect(app.contains("TimeoutStartSec=40s"))
    }

    @Test func timeoutsRestartsStopSettingsAndLimitsMap() throws {
        let output = try ExportSupport.export(.systemd, Self.manifest)
        let setup = lines(output.file("shop-setup.service"))
        #expect(setup.contains("TimeoutStartSec=60s"))
        #expect(setup.contains("Restart=no"))
        #expect(setup.contains("KillSignal=SIGTERM"))
        #expect(setup.contains("TimeoutStopSec=10s"))
        #expect(lines(output.file("shop-report.service")).contains("TimeoutStartSec=infinity"))
        #expect(lines(output.file("shop-cache.service")).contains("RuntimeMaxSec=3600s"))
        let db = lines(output.file("shop-db.service"))
        for line in [
            "Restart=on-failure", "RestartSec=2s", "StartLimitIntervalSec=infinity", "StartLimitBurst=4",
            "KillSignal=SIGINT", "TimeoutStopSec=5s", "LimitNOFILE=1024", "LimitCPU=10:11", "LimitAS=infinity",
        ] {
            #expect(db.contains(line), "\(line)")
        }
    }

    @Test func valuesAreQuotedForSystemd() throws {
        let output = try ExportSupport.export(.systemd, Self.manifest)
        let app = lines(output.file("shop-app.service"))
        // $ and % are doubled (variables and specifiers); quotes, backslashes and newlines escaped.
        #expect(app.contains(#"ExecStart=/bin/sh -c "echo \"it's $$HOME\"\nprintf '%%s\\n' \"a\\tb\"\n""#))
        #expect(app.contains(#"Environment="MODE=100%% $real""#))
        #expect(app.contains(#"Environment="MUSTER_NAME=app""#))
    }

    @Test func whatSystemdCannotExpressIsAnErrorNamingEntryAndField() throws {
        let text = """
            processes:
              logs: {command: serve, daemon: true, ready: {log: up}}
              job: {command: x, restart: always}
              early: {command: y, depends_on: {job: started}}
              waits: {command: y, depends_on: {logs: ready}}
              end: {command: z, depends_on: {logs: completed}}
            """
        let error = try ExportSupport.error(.systemd, text)
        #expect(Set(error.places) == ["logs ready.log", "job restart", "early depends_on.job", "end depends_on.logs"])
        let lossy = try ExportSupport.export(.systemd, text, lossy: true)
        #expect(lines(lossy.file("project-job.service")).contains("Restart=on-failure"))
        #expect(lossy.file("project-logs.service")?.contains("# muster: ready.log: ") == true)
        let early = lines(lossy.file("project-early.service"))
        #expect(early.contains("Wants=project-job.service"))
        #expect(!early.contains("After=project-job.service"))
    }

    @Test func aJobsProbeIsWaitedForWithoutWaitingForItsEnd() throws {
        let output = try ExportSupport.export(
            .systemd, "processes:\n  srv: {command: x, ready: {exec: test -f ok}}\n  use: {command: y, depends_on: {srv: ready}}\n")
        let use = lines(output.file("project-use.service"))
        #expect(use.contains("Wants=project-srv.service"))
        #expect(!use.contains("After=project-srv.service"))
        #expect(use.contains("ExecStartPre=/usr/bin/muster probe --file /project/muster.yaml srv"))
    }
}
