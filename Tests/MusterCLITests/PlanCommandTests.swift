import Foundation
import MusterTestSupport
import Testing

struct PlanCommandTests {
    static let manifest = """
        name: shop
        processes:
          db: {command: [postgres], daemon: true}
          migrate: {command: ./migrate, depends_on: [db]}
          "api.v2": {command: ./api, daemon: true, depends_on: {migrate: succeeded, db: started}}
          test: {command: swift test, depends_on: [api.v2]}
          lint: {command: swiftlint}
        """

    @Test func textShowsStagesAndConditions() throws {
        let outcome = try MusterBinary.run(["plan", "-f", "-"], input: Self.manifest)
        #expect(outcome.status == 0)
        #expect(
            outcome.standardOutput == """
                shop: 5 processes, 4 stages
                stage 1
                  db       daemon
                  lint     job
                stage 2
                  migrate  job     after db (ready)
                stage 3
                  api.v2   daemon  after migrate (succeeded), db (started)
                stage 4
                  test     job     after api.v2 (ready)

                """)
    }

    @Test func jsonListsProcessesEdgesAndStages() throws {
        let outcome = try MusterBinary.run(["plan", "--format", "json", "-f", "-"], input: Self.manifest)
        #expect(outcome.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(json["name"] as? String == "shop")
        #expect(json["stages"] as? [[String]] == [["db", "lint"], ["migrate"], ["api.v2"], ["test"]])
        let processes = try #require(json["processes"] as? [[String: Any]])
        #expect(processes.map { $0["name"] as? String } == ["db", "migrate", "api.v2", "test", "lint"])
        #expect(processes[2]["depends_on"] as? [String: String] == ["migrate": "succeeded", "db": "started"])
        #expect(processes[0]["command"] as? [String] == ["postgres"])
    }

    @Test func dotRendersWithGraphviz() throws {
        let outcome = try MusterBinary.run(["plan", "--format", "dot", "-f", "-"], input: Self.manifest)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("\"db\" -> \"migrate\" [label=\"ready\"];"))
        #expect(outcome.standardOutput.contains("\"db\" [style=\"rounded,dashed\""))
        let dot = Process()
        dot.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
        dot.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe()
        dot.standardInput = input
        dot.standardOutput = output
        try dot.run()
        input.fileHandleForWriting.write(Data(outcome.standardOutput.utf8))
        try input.fileHandleForWriting.close()
        let svg = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        dot.waitUntilExit()
        #expect(dot.terminationStatus == 0)
        #expect(svg.contains("<svg"))
        #expect(svg.contains(">api.v2</text>"))
    }

    @Test func mermaidDrawsDaemonsAsStadiums() throws {
        let outcome = try MusterBinary.run(["plan", "--format", "mermaid", "-f", "-"], input: Self.manifest)
        #expect(outcome.standardOutput.hasPrefix("flowchart LR\n  p0([\"db\"])\n  p1[\"migrate\"]\n"))
        #expect(outcome.standardOutput.contains("  p0 -->|ready| p1\n"))
    }

    @Test func namesSelectTargetsAndTheirDependencies() throws {
        let outcome = try MusterBinary.run(["plan", "--format", "json", "-f", "-", "migrate"], input: Self.manifest)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(json["stages"] as? [[String]] == [["db"], ["migrate"]])
    }

    @Test func unknownTargetExitsTwo() throws {
        let outcome = try MusterBinary.run(["plan", "-f", "-", "tset"], input: Self.manifest)
        #expect(outcome.status == 2)
        #expect(outcome.standardError == "muster: error: no process named 'tset' in <stdin>; did you mean 'test'?\n")
    }

    @Test func invalidManifestExitsTwoAndPrintsNoPlan() throws {
        let outcome = try MusterBinary.run(["plan", "-f", "-"], input: "processes:\n  a: {command: x, depends_on: [a]}\n")
        #expect(outcome.status == 2)
        #expect(outcome.standardOutput.isEmpty)
    }
}
