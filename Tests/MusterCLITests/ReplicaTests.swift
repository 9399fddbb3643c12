import Foundation
import MusterTestSupport
import Testing

/// `replicas: N`: instances `NAME-1` … `NAME-N` with `MUSTER_REPLICA`, and conditions on the
/// entry's name that hold once they hold for every instance.
struct ReplicaTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func instancesAreNamedNumberedAndAwaitedAllByADependent() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              worker:
                replicas: 3
                command: "echo $MUSTER_REPLICA > out-${MUSTER_REPLICA}.txt"
              none: {replicas: 0, command: "touch never-ran"}
              collect:
                depends_on: {worker: succeeded, none: succeeded}
                command: "cat out-1.txt out-2.txt out-3.txt > all.txt"
            """)
        let outcome = try MusterBinary.run(
            ["run", "-f", "m.yaml", "--json", "report.json", "--junit", "junit.xml"], in: folder.path)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        // `collect` ran after every instance had written its file.
        let all = try String(contentsOfFile: folder.path + "/all.txt", encoding: .utf8)
        #expect(all == "1\n2\n3\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/never-ran"))
        #expect(outcome.standardOutput.contains("worker-2 | ") == false)
        #expect(outcome.standardError.contains("worker-3 started"), "\(outcome.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/report.json"))) as? [String: Any]
        let names = (report?["processes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(names == ["worker-1", "worker-2", "worker-3", "collect"])
        let junit = try String(contentsOfFile: folder.path + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("name=\"worker-2\""), "\(junit)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aFailedInstanceSkipsWhatWaitsForTheEntryAndTargetsNameEveryInstance() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              shard: {replicas: 2, command: "test $MUSTER_REPLICA = 1"}
              merge: {depends_on: [shard], command: "touch merged"}
              other: {command: "touch other"}
            """)
        let outcome = try MusterBinary.run(["run", "-f", "m.yaml", "--json", "report.json", "shard", "merge"], in: folder.path)
        #expect(outcome.status == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/merged"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/other"), "only the targets run")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path + "/report.json"))) as? [String: Any]
        let statuses = Dictionary(
            uniqueKeysWithValues: (report?["processes"] as? [[String: Any]] ?? []).map {
                ($0["name"] as? String ?? "", $0["status"] as? String ?? "")
            })
        #expect(statuses == ["shard-1": "succeeded", "shard-2": "failed", "merge": "skipped"])
    }

    @Test
    func badReplicaCountsAndClashingNamesAreDiagnosed() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write(
            "m.yaml",
            """
            processes:
              a: {replicas: -1, command: x}
              b: {replicas: 2, command: y}
              b-2: {command: z}
            """)
        let outcome = try MusterBinary.run(["check", "-f", "m.yaml"], in: folder.path)
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("m.yaml:2:17: error: 'replicas' must be from 0 to 10000, not -1"), "\(outcome.standardError)")
        #expect(outcome.standardError.contains("m.yaml:4:3: error: process 'b-2' has the name of an instance of a process with replicas"), "\(outcome.standardError)")
    }
}
