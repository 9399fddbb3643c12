import Foundation
import MusterTestSupport
import Testing

/// The JSON Schemas are real: a real validator (Python's jsonschema) accepts every example and
/// rejects broken manifests, and `muster schema` prints the committed file.
struct SchemaTests {
    @Test func schemaCommandPrintsTheCommittedSchema() throws {
        let outcome = try MusterBinary.run(["schema"])
        let file = try String(contentsOfFile: MusterBinary.packageRoot + "/schemas/muster.schema.json", encoding: .utf8)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput == file)
        let json = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        #expect(json?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        // The id claims no domain: a URN of muster's own.
        #expect(json?["$id"] as? String == "urn:muster:schema:manifest:1")
    }

    @Test func everyExampleValidatesAgainstTheManifestSchema() throws {
        let examples = CheckCommandTests.examples.map { "examples/\($0)" }
        let (status, output) = try validate(with: "schemas/muster.schema.json", examples)
        #expect(status == 0, "\(output)")
        #expect(output.split(separator: "\n").count == examples.count)
    }

    @Test func theSchemaRejectsWhatTheLoaderRejects() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let broken = [
            folder.write("unknown-key.yaml", "processes:\n  a: {command: x, comand: y}\n"),
            folder.write("no-command.yaml", "processes:\n  a: {daemon: true}\n"),
            folder.write("bad-duration.yaml", "processes:\n  a: {command: x, timeout: 5x}\n"),
            folder.write("bad-condition.yaml", "processes:\n  a: {command: x}\n  b: {command: x, depends_on: {a: done}}\n"),
            folder.write("two-probes.yaml", "processes:\n  a: {command: x, ready: {tcp: 1, log: x}}\n"),
            folder.write("bad-name.yaml", "processes:\n  -a: {command: x}\n"),
        ]
        let (status, output) = try validate(with: "schemas/muster.schema.json", broken)
        #expect(status == 1)
        #expect(output.split(separator: "\n").allSatisfy { $0.hasPrefix("invalid ") }, "\(output)")
        for path in broken {
            let check = try MusterBinary.run(["check", "-f", path])
            #expect(check.status == 2, "\(path)")
        }
    }

    @Test func reportSchemaIsAValidSchemaAndAcceptsASpecReport() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let report = folder.write(
            "report.json",
            """
            {"version": 1, "manifest": "muster.yaml", "name": "shop", "outcome": "failed", "exit_code": 1,
             "started_at": "2026-11-24T10:00:00.000Z", "finished_at": "2026-11-24T10:00:02.500Z", "duration_s": 2.5,
             "processes": [
              {"name": "db", "daemon": true, "pid": 4242, "exitcode": -15, "alive": false,
               "status": "terminated", "ready": true, "restarts": 0,
               "started_at": "2026-11-24T10:00:00.010Z", "finished_at": "2026-11-24T10:00:02.400Z", "duration_s": 2.39,
               "command": ["postgres", "-D", "data"], "depends_on": {}},
              {"name": "migrate", "daemon": false, "pid": null, "exitcode": null, "alive": false,
               "status": "skipped", "reason": "dependency db failed", "ready": false, "restarts": 0,
               "started_at": null, "finished_at": null, "duration_s": null,
               "command": "./migrate up", "depends_on": {"db": "ready"}}
             ]}
            """)
        let (status, output) = try validate(with: "schemas/report.schema.json", [report])
        #expect(status == 0, "\(output)")
    }
}
