import Foundation
import Glibc
import MusterTestSupport
import Testing

/// examples/postgres-redis.yaml for real: PostgreSQL and Redis brought up, probed, migrated,
/// used and shut down gracefully, with nothing left behind.
struct PostgresRedisTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func databaseAndCacheComeUpAreUsedAndShutDownCleanly() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        chmod(folder.path, 0o755)  // the server may run as the postgres user
        let data = folder.path + "/pgdata"
        let report = folder.path + "/report.json"
        let outcome = try MusterBinary.run(
            ["run", "--no-color", "-f", "examples/postgres-redis.yaml", "--json", report],
            environment: ["PGPORT": String(try ServiceSupport.freePort()), "REDIS_PORT": String(try ServiceSupport.freePort()), "PGDATA_DIR": data])
        #expect(outcome.status == 0, "\(outcome.standardError)")

        // The migration started only after pg_isready passed; the client after redis was ready.
        let events = outcome.standardError.split(separator: "\n").map(String.init)
        let postgresReady = try #require(events.firstIndex { $0.hasPrefix("muster: postgres ready") })
        let migrateStarted = try #require(events.firstIndex { $0.hasPrefix("muster: migrate started") })
        let redisReady = try #require(events.firstIndex { $0.hasPrefix("muster: redis ready") })
        let clientStarted = try #require(events.firstIndex { $0.hasPrefix("muster: client started") })
        #expect(postgresReady < migrateStarted)
        #expect(redisReady < clientStarted)
        #expect(outcome.standardOutput.contains("client   | postgres says: hello from postgres\n"))
        #expect(outcome.standardOutput.contains("client   | redis says: hello from redis\n"))

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        let processes = try #require(json["processes"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: processes.map { ($0["name"] as! String, $0) })
        for server in ["postgres", "redis"] {
            #expect(byName[server]?["status"] as? String == "terminated")
            #expect([0, -15].contains(byName[server]?["exitcode"] as? Int ?? 99), "\(server)")
        }
        #expect(byName["client"]?["status"] as? String == "succeeded")
        let log = try String(contentsOfFile: folder.path + "/muster-postgres.log", encoding: .utf8)
        #expect(log.contains("database system is shut down"))

        // Nothing is left: neither the entries nor any server process.
        for process in processes {
            if let pid = process["pid"] as? Int { #expect(kill(pid_t(pid), 0) != 0, "\(process["name"]!) is alive") }
        }
        let survivors = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { entry in
            guard Int(entry) != nil,
                let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return false }
            return String(decoding: cmdline, as: UTF8.self).contains(data)
        }
        #expect(survivors.isEmpty)
    }
}
