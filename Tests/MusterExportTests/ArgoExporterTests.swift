import MusterExport
import MusterManifest
import Testing

/// `muster export argo`, read back: every condition, daemon flag, probe, timeout and restart
/// policy maps as the mapping table says, and what Argo cannot express is an error naming the
/// entry and the field.
struct ArgoExporterTests {
    static let graph = """
        processes:
          build: {command: make}
          db:
            command: [postgres, -D, data]
            daemon: true
            ready: {tcp: "127.0.0.1:5432", interval: 500ms, timeout: 10s}
          test:
            command: make test
            depends_on: {build: succeeded, db: ready}
          report:
            command: echo done
            depends_on: {test: completed}
          watcher:
            command: tail -f log
            depends_on: {db: started}
        """

    private func templates(_ text: String) throws -> (tasks: Node, templates: Node) {
        let root = try ExportSupport.yaml(try ExportSupport.export(.argo, text))
        #expect(root["apiVersion"]?.string == "argoproj.io/v1alpha1")
        #expect(root["kind"]?.string == "Workflow")
        let spec = try #require(root["spec"])
        let entry = try #require(spec["entrypoint"]?.string)
        let dag = try #require(spec["templates"]?.item(named: entry)?["dag"])
        #expect(dag["failFast"]?.scalarType == .boolean(false))
        return (try #require(dag["tasks"]), try #require(spec["templates"]))
    }

    @Test func conditionsBecomeDependsExpressions() throws {
        let (tasks, _) = try templates(Self.graph)
        #expect(tasks.item(named: "build")?["depends"] == nil)
        #expect(tasks.item(named: "db")?["depends"] == nil)
        #expect(tasks.item(named: "test")?["depends"]?.string == "build.Succeeded && db.Daemoned")
        #expect(tasks.item(named: "report")?["depends"]?.string == "(test.Succeeded || test.Failed)")
        #expect(tasks.item(named: "watcher")?["depends"]?.string == "db.Daemoned")
        for name in ["build", "db", "test", "report", "watcher"] {
            #expect(tasks.item(named: name)?["template"]?.string == name)
        }
    }

    @Test func listDependenciesTakeTheirDefaultConditions() throws {
        let (tasks, _) = try templates(
            """
            processes:
              svc: {command: serve, daemon: true}
              job: {command: make}
              use: {command: run, depends_on: [svc, job]}
            """)
        #expect(tasks.item(named: "use")?["depends"]?.string == "svc.Daemoned && job.Succeeded")
    }

    @Test func daemonsAreDaemonTemplatesWithTheirReadinessProbe() throws {
        let (_, templates) = try templates(
            """
            processes:
              tcp:
                command: serve
                daemon: true
                ready: {tcp: "127.0.0.1:5432", interval: 500ms, timeout: 10s, initial_delay: 2s}
              remote:
                command: serve
                daemon: true
                ready: {tcp: "db.internal:5432"}
              web:
                command: serve
                daemon: true
                ready: {http: "http://localhost:8080/health?full=1", interval: 2s, timeout: 7s}
              script:
                command: serve
                daemon: true
                ready: {exec: pg_isready --quiet}
              argv:
                command: serve
                daemon: true
                ready: {exec: [redis-cli, ping]}
              job: {command: make}
            """)
        let tcp = try #require(templates.item(named: "tcp"))
        #expect(tcp["daemon"]?.scalarType == .boolean(true))
        let probe = try #require(tcp["container"]?["readinessProbe"])
        #expect(probe["tcpSocket"]?.keys == ["port"])  // the kubelet probes the pod's own address
        #expect(probe["tcpSocket"]?["port"]?.integer == 5432)
        #expect(probe["periodSeconds"]?.integer == 1)
        #expect(probe["initialDelaySeconds"]?.integer == 2)
        #expect(probe["failureThreshold"]?.integer == 10)
        let remote = try #require(templates.item(named: "remote")?["container"]?["readinessProbe"]?["tcpSocket"])
        #expect(remote["host"]?.string == "db.internal")
        let web = try #require(templates.item(named: "web")?["container"]?["readinessProbe"])
        #expect(web["httpGet"]?["path"]?.string == "/health?full=1")
        #expect(web["httpGet"]?["port"]?.integer == 8080)
        #expect(web["httpGet"]?["host"] == nil)
        #expect(web["periodSeconds"]?.integer == 2)
        #expect(web["failureThreshold"]?.integer == 4)
        #expect(
            templates.item(named: "script")?["container"]?["readinessProbe"]?["exec"]?["command"]?.strings
                == ["sh", "-c", "pg_isready --quiet"])
        #expect(
            templates.item(named: "argv")?["container"]?["readinessProbe"]?["exec"]?["command"]?.strings
                == ["redis-cli", "ping"])
        let job = try #require(templates.item(named: "job"))
        #expect(job["daemon"] == nil)
        #expect(job["container"]?["readinessProbe"] == nil)
    }

    @Test func dependentsOfADaemonAreGivenItsAddress() throws {
        let root = try ExportSupport.yaml(try ExportSupport.export(.argo, Self.graph))
        let spec = try #require(root["spec"])
        let task = try #require(spec["templates"]?.item(named: "main")?["dag"]?["tasks"]?.item(named: "test"))
        let argument = try #require(task["arguments"]?["parameters"]?.item(named: "db-ip"))
        #expect(argument["value"]?.string == "{{tasks.db.ip}}")
        let template = try #require(spec["templates"]?.item(named: "test"))
        #expect(template["inputs"]?["parameters"]?.item(named: "db-ip") != nil)
        #expect(template["container"]?["env"]?.environment["MUSTER_HOST_DB"] == "{{inputs.parameters.db-ip}}")
    }

    @Test func commandsEnvironmentAndWorkingDirectoryCarryOver() throws {
        let (_, templates) = try templates(
            """
            env: {GLOBAL: g}
            processes:
              script:
                command: echo "$HOME $(date) $$$$"
                env: {LEVEL: debug, PRICE: "$$(cost)"}
                cwd: /srv/app
              argv: {command: [printf, "%s\\n", hi]}
            """)
        let script = try #require(templates.item(named: "script")?["container"])
        // Kubernetes expands $(VAR) and $$ in commands and env values; the shell sees muster's text.
        let command = try #require(script["command"]?.strings)
        #expect(command.map(KubernetesExpansion.expand) == ["sh", "-c", "echo \"$HOME $(date) $$\""])
        #expect(
            script["env"]?.environment.mapValues(KubernetesExpansion.expand)
                == ["GLOBAL": "g", "LEVEL": "debug", "PRICE": "$(cost)", "MUSTER_NAME": "script"])
        #expect(script["workingDir"]?.string == "/srv/app")
        #expect(script["image"]?.string == "alpine:3.20")
        let argv = try #require(templates.item(named: "argv")?["container"])
        #expect(argv["command"]?.strings == ["printf", "%s\n", "hi"])
        #expect(argv["workingDir"] == nil)
    }

    @Test func timeoutRestartGraceAndMemoryMap() throws {
        let (_, templates) = try templates(
            """
            processes:
              flaky:
                command: make
                timeout: 1.5s
                restart: on-failure
                max_restarts: 3
                backoff: 2s
                shutdown: {timeout: 30s}
                limits: {as: 512M}
                image: builder:1
              server:
                command: serve
                daemon: true
                restart: always
            """)
        let flaky = try #require(templates.item(named: "flaky"))
        #expect(flaky["activeDeadlineSeconds"]?.integer == 2)
        let retry = try #require(flaky["retryStrategy"])
        #expect(retry["limit"]?.integer == 3)
        #expect(retry["retryPolicy"]?.string == "OnFailure")
        #expect(retry["backoff"]?["duration"]?.string == "2s")
        #expect(retry["backoff"]?["factor"]?.integer == 2)
        #expect(retry["backoff"]?["cap"]?.string == "30s")
        #expect(flaky["podSpecPatch"]?.string == "{\"terminationGracePeriodSeconds\":30}")
        #expect(flaky["container"]?["resources"]?["limits"]?["memory"]?.string == "512Mi")
        #expect(flaky["container"]?["image"]?.string == "builder:1")
        let server = try #require(templates.item(named: "server"))
        #expect(server["retryStrategy"]?["retryPolicy"]?.string == "Always")
        #expect(server["retryStrategy"]?["limit"] == nil)
        #expect(server["activeDeadlineSeconds"] == nil)
        #expect(server["podSpecPatch"] == nil)
    }

    @Test func whatArgoCannotExpressIsAnErrorNamingEntryAndField() throws {
        let text = """
            processes:
              logs: {command: serve, daemon: true, ready: {log: listening}}
              quiet: {command: serve, daemon: true, shutdown: {signal: INT}}
              job: {command: make, restart: always, max_restarts: 2}
              early: {command: run, depends_on: {job: started}}
              late: {command: run, depends_on: {quiet: completed}}
              probed: {command: make, ready: {tcp: 9000}}
            """
        let error = try ExportSupport.error(.argo, text)
        #expect(
            Set(error.places)
                == [
                    "logs ready.log", "quiet shutdown.signal", "job restart", "early depends_on.job",
                    "late depends_on.quiet", "probed ready",
                ])
        #expect(error.lossyWouldExport)
        #expect(error.description.contains("process 'logs', ready.log: Kubernetes probes cannot read a container's output"))

        let lossy = try ExportSupport.export(.argo, text, lossy: true)
        #expect(Set(lossy.warningPlaces) == Set(error.places))
        let contents = try #require(lossy.files.first?.contents)
        #expect(contents.contains("# muster: ready.log: Kubernetes probes cannot read a container's output"))
        #expect(contents.contains("# muster: shutdown.signal: "))
        let tasks = try #require(try ExportSupport.yaml(lossy)["spec"]?["templates"]?.item(named: "main")?["dag"]?["tasks"])
        #expect(tasks.item(named: "early")?["depends"] == nil)
        #expect(tasks.item(named: "late")?["depends"]?.string == "quiet.Daemoned")
    }

    @Test func anEntryWithoutImageIsRefusedEvenWhenLossy() throws {
        let text = "processes:\n  a: {command: x, image: 'busybox:1'}\n  b: {command: y}\n"
        let error = try ExportSupport.error(.argo, text, image: nil)
        #expect(error.places == ["b image"])
        #expect(!error.lossyWouldExport)
        #expect(throws: ExportError.self) { try ExportSupport.export(.argo, text, image: nil, lossy: true) }
    }

    @Test func textArgoWouldReadAsATemplateTagIsRefused() throws {
        let error = try ExportSupport.error(.argo, "processes:\n  a: {command: 'echo {{x}}'}\n")
        #expect(error.places == ["a command"])
    }

    @Test func limitsWithoutAKubernetesFieldAreWarnings() throws {
        let output = try ExportSupport.export(.argo, "processes:\n  a: {command: x, limits: {cpu: 10, nofile: 64}}\n")
        #expect(output.warningPlaces == ["a limits.nofile", "a limits.cpu"])
    }

    @Test func namesBecomeLabelsAndCollisionsAreRefused() throws {
        let (tasks, _) = try templates("processes:\n  - {command: x}\n  - {name: Web_1.api, command: y, depends_on: [Process-1]}\n  - {name: 9lives, command: z}\n")
        #expect(tasks.items.compactMap { $0["name"]?.string } == ["process-1", "web-1-api", "p-9lives"])
        #expect(tasks.item(named: "web-1-api")?["depends"]?.string == "process-1.Succeeded")
        let error = try ExportSupport.error(.argo, "processes:\n  a_b: {command: x}\n  a.b: {command: y}\n")
        #expect(error.places == ["a.b name"])
    }
}
