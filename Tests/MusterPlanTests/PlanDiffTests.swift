import MusterManifest
import MusterPlan
import MusterTestSupport
import Testing

/// `PlanDiff`: what a reload changes, compared by resolved value.
struct PlanDiffTests {
    private func processes(_ text: String) -> [ProcessSpec] {
        let loaded = loadManifest(text)
        #expect(!loaded.diagnostics.containsErrors, "\(loaded.messages)")
        return loaded.manifest.processes
    }

    @Test func addedRemovedAndChangedEntriesNameTheFieldsThatDiffer() {
        let old = processes(
            """
            processes:
              db: {command: x, daemon: true}
              api: {command: x, env: {PORT: "1", MODE: a}, depends_on: [db]}
              gone: {command: x}
            """)
        let new = processes(
            """
            processes:
              db: {command: x, daemon: true}
              api: {command: y, env: {PORT: "2", MODE: a}, depends_on: {db: started}}
              fresh: {command: x}
            """)
        let diff = PlanDiff(from: old, to: new)
        #expect(diff.added == ["fresh"])
        #expect(diff.removed == ["gone"])
        #expect(diff.changed == [PlanDiff.Change(name: "api", fields: ["command", "depends_on", "env.PORT"])])
        #expect(diff.lines == ["+ fresh", "- gone", "~ api: command, depends_on, env.PORT"])
    }

    @Test func aReformattedManifestChangesNothing() {
        let old = processes("processes:\n  a: {command: [sleep, \"1\"], env: {A: \"1\"}}\n")
        let new = processes("# moved around\nprocesses:\n  a:\n    env:\n      A: 1\n    command:\n      - sleep\n      - 1\n")
        #expect(PlanDiff(from: old, to: new).isEmpty)
    }

    @Test func retriesAndTheCachesInputsAndOutputsAreFields() {
        let old = processes("processes:\n  build: {command: make, inputs: [src/a], outputs: [out]}\n")
        let new = processes("processes:\n  build: {command: make, retries: 2, inputs: [src/b], outputs: [out]}\n")
        #expect(PlanDiff(from: old, to: new).changed == [PlanDiff.Change(name: "build", fields: ["retries", "inputs"])])
    }
}
