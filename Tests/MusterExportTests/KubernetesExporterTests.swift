import MusterExport
import MusterManifest
import Testing

/// `muster export kubernetes`, read back: a chain of jobs becomes ordered init containers with
/// the last job as the main container, daemons native sidecars with a startup probe; any other
/// graph is refused with the reason and the hint to use argo.
struct KubernetesExporterTests {
    static let chain = """
        processes:
          initdb: {command: setup, timeout: 60s}
          db:
            command: [postgres]
            daemon: true
            depends_on: {initdb: succeeded}
            ready: {exec: pg_isready, interval: 2s, timeout: 20s}
          cache:
            command: [redis-server]
            daemon: true
            ready: {tcp: 6379, timeout: 5s, initial_delay: 1s}
          migrate: {command: migrate up, depends_on: [db], timeout: 30s}
          client: {command: [client], depends_on: {migrate: succeeded, cache: ready}, timeout: 1m}
        """

    @Test func aChainBecomesInitContainersWithTheLastJobAsMain() throws {
        let root = try ExportSupport.yaml(try ExportSupport.export(.kubernetes, Self.chain))
        #expect(root["apiVersion"]?.string == "batch/v1")
        #expect(root["kind"]?.string == "Job")
        let spec = try #require(root["spec"])
        #expect(spec["backoffLimit"]?.integer == 0)
        // 60 + 30 + 60 for the jobs, 20 and 1 + 5 for the sidecars' probes.
        #expect(spec["activeDeadlineSeconds"]?.integer == 176)
        let pod = try #require(spec["template"]?["spec"])
        #expect(pod["restartPolicy"]?.string == "Never")
        let initContainers = try #require(pod["initContainers"])
        #expect(initContainers.items.compactMap { $0["name"]?.string } == ["initdb", "cache", "db", "migrate"])
        let main = try #require(pod["containers"]?.items)
        #expect(main.compactMap { $0["name"]?.string } == ["client"])
        #expect(main.first?["command"]?.strings == ["client"])

        let db = try #require(initContainers.item(named: "db"))
        #expect(db["restartPolicy"]?.string == "Always")
        #expect(db["startupProbe"]?["exec"]?["command"]?.strings == ["sh", "-c", "pg_isready"])
        #expect(db["startupProbe"]?["periodSeconds"]?.integer == 2)
        #expect(db["startupProbe"]?["failureThreshold"]?.integer == 10)
        let cache = try #require(initContainers.item(named: "cache"))
        #expect(cache["startupProbe"]?["tcpSocket"]?["port"]?.integer == 6379)
        #expect(cache["startupProbe"]?["initialDelaySeconds"]?.integer == 1)
        let initdb = try #require(initContainers.item(named: "initdb"))
        #expect(initdb["restartPolicy"] == nil)
        #expect(initdb["startupProbe"] == nil)
        #expect(initdb["env"]?.environment == ["MUSTER_NAME": "initdb"])
    }

    @Test func daemonsNoJobWaitsForStillComeFirst() throws {
        let root = try ExportSupport.yaml(
            try ExportSupport.export(
                .kubernetes,
                "processes:\n  ticker: {command: tick, daemon: true}\n  greet: {command: hi}\n  world: {command: w, depends_on: [greet]}\n"
            ))
        let pod = try #require(root["spec"]?["template"]?["spec"])
        #expect(pod["initContainers"]?.items.compactMap { $0["name"]?.string } == ["ticker", "greet"])
        #expect(pod["containers"]?.items.compactMap { $0["name"]?.string } == ["world"])
        #expect(root["spec"]?["activeDeadlineSeconds"] == nil)
    }

    @Test func jobsThatAreNotOneChainAreRefusedWithTheHintToUseArgo() throws {
        let error = try ExportSupport.error(
            .kubernetes, "processes:\n  a: {command: x}\n  b: {command: y}\n  c: {command: z, depends_on: [a, b]}\n")
        #expect(!error.lossyWouldExport)
        #expect(error.problems.count == 1)
        #expect(error.description.contains("jobs 'a' and 'b' do not wait for one another"))
        #expect(error.description.contains("use argo"))
        #expect(throws: ExportError.self) {
            try ExportSupport.export(.kubernetes, "processes:\n  a: {command: x}\n  b: {command: y}\n", lossy: true)
        }
    }

    @Test func daemonsAloneAndDaemonsAfterTheLastJobAreRefused() throws {
        let alone = try ExportSupport.error(.kubernetes, "processes:\n  a: {command: x, daemon: true}\n")
        #expect(alone.description.contains("has no job"))
        let after = try ExportSupport.error(
            .kubernetes, "processes:\n  a: {command: x}\n  d: {command: y, daemon: true, depends_on: {a: succeeded}}\n")
        #expect(after.places == ["d -"])
        #expect(after.description.contains("use argo"))
    }

    @Test func conditionsAChainCannotKeepAreErrorsNamingEntryAndField() throws {
        let text = """
            processes:
              d: {command: serve, daemon: true, ready: {log: up}, restart: on-failure, timeout: 5m, shutdown: {signal: HUP}}
              a: {command: x, ready: {tcp: 80}, restart: on-failure}
              b: {command: y, depends_on: {a: completed, d: started}}
              c: {command: z, depends_on: {b: started}}
            """
        let error = try ExportSupport.error(.kubernetes, text)
        #expect(
            Set(error.places)
                == [
                    "b depends_on.a", "c depends_on.b", "d ready.log", "d restart", "d timeout", "d shutdown.signal",
                    "a ready", "a restart",
                ])
        let lossy = try ExportSupport.export(.kubernetes, text, lossy: true)
        #expect(Set(lossy.warningPlaces) == Set(error.places))
        #expect(lossy.files[0].contents.contains("# muster: depends_on.a: a job that fails ends the Job"))
    }

    @Test func someJobsWithATimeoutAndSomeWithoutCannotBeExpressed() throws {
        let error = try ExportSupport.error(
            .kubernetes, "processes:\n  a: {command: x, timeout: 10s}\n  b: {command: y, depends_on: [a]}\n")
        #expect(error.places == ["a timeout"])
        #expect(error.description.contains("'b' has none"))
    }

    @Test func theLongestGracePeriodIsThePods() throws {
        let output = try ExportSupport.export(
            .kubernetes,
            "processes:\n  d: {command: s, daemon: true, shutdown: {timeout: 45s}}\n  a: {command: x, shutdown: {timeout: 1s}}\n")
        let pod = try #require(try ExportSupport.yaml(output)["spec"]?["template"]?["spec"])
        #expect(pod["terminationGracePeriodSeconds"]?.integer == 45)
        #expect(output.warningPlaces == ["a shutdown.timeout"])
    }
}
