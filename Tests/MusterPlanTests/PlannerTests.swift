import MusterManifest
import MusterPlan
import MusterTestSupport
import Testing

struct PlannerTests {
    private func plan(_ text: String) -> (plan: Plan, diagnostics: [Diagnostic]) {
        let loaded = loadManifest(text)
        #expect(!loaded.diagnostics.containsErrors, "\(loaded.messages)")
        return Planner.plan(loaded.manifest)
    }

    private func names(_ plan: Plan, _ indices: [Int]) -> [String] { indices.map { plan.processes[$0].name } }

    @Test func stagesGroupEntriesThatCanStartTogether() {
        let (plan, diagnostics) = plan(
            """
            processes:
              db: {command: x, daemon: true}
              cache: {command: x, daemon: true}
              migrate: {command: x, depends_on: [db]}
              api: {command: x, depends_on: [migrate, cache], daemon: true}
              lint: {command: x}
              test: {command: x, depends_on: [api, lint]}
            """)
        #expect(diagnostics.isEmpty)
        #expect(plan.stages.map { names(plan, $0) } == [["db", "cache", "lint"], ["migrate"], ["api"], ["test"]])
        #expect(plan.stageOf == [0, 0, 1, 2, 0, 3])
    }

    @Test func edgesCarryTheirConditionsBothWays() {
        let (plan, _) = plan(
            "processes:\n  db: {command: x, daemon: true}\n  t: {command: x, depends_on: {db: started}}\n")
        #expect(plan.edges == [Plan.Edge(dependency: 0, dependent: 1, condition: .started)])
        #expect(plan.dependents[0] == plan.edges)
        #expect(plan.dependencies[1] == plan.edges)
    }

    @Test func unknownDependencyPointsAtTheListItemWithASuggestion() {
        let source = MarkedSource("processes:\n  postgres: {command: x}\n  api: {command: x, depends_on: [1️⃣postgre]}\n")
        let (_, diagnostics) = Planner.plan(loadManifest(source.text).manifest)
        #expect(diagnostics.map(\.message) == ["process 'api' depends on unknown process 'postgre'"])
        #expect(diagnostics.first?.location == source.location("1️⃣"))
        #expect(diagnostics.first?.notes.map(\.message) == ["did you mean 'postgres'?"])
    }

    @Test func cycleOfLengthOneIsASelfDependency() {
        let source = MarkedSource("processes:\n  a: {command: x, depends_on: [1️⃣a]}\n")
        let (_, diagnostics) = Planner.plan(loadManifest(source.text).manifest)
        #expect(diagnostics.map(\.message) == ["process 'a' depends on itself; remove it from its own 'depends_on'"])
        #expect(diagnostics.first?.location == source.location("1️⃣"))
    }

    @Test func cycleOfLengthTwoNamesBoth() {
        let source = MarkedSource(
            "processes:\n  a: {command: x, depends_on: [1️⃣b]}\n  b: {command: x, depends_on: [2️⃣a]}\n")
        let (plan, diagnostics) = Planner.plan(loadManifest(source.text).manifest)
        #expect(
            diagnostics.map(\.message) == [
                "dependency cycle: a -> b -> a; each depends on the next, so none can start"
            ])
        #expect(diagnostics.first?.location == source.location("1️⃣"))
        #expect(diagnostics.first?.notes.first?.location == source.location("2️⃣"))
        #expect(plan.stages.isEmpty)
    }

    @Test func longCycleIsNamedWholeAndOtherEntriesStillGetStages() {
        let (plan, diagnostics) = Planner.plan(
            loadManifest(
                """
                processes:
                  free: {command: x}
                  a: {command: x, depends_on: [b]}
                  b: {command: x, depends_on: [c]}
                  c: {command: x, depends_on: [d, free]}
                  d: {command: x, depends_on: [a]}
                  after: {command: x, depends_on: [a]}
                """
            ).manifest)
        #expect(
            diagnostics.map(\.message) == [
                "dependency cycle: a -> b -> c -> d -> a; each depends on the next, so none can start"
            ])
        #expect(diagnostics.first?.location.line == 3)
        #expect(plan.stages.map { names(plan, $0) } == [["free"]])
    }

    @Test func separateCyclesAreEachReported() {
        let (_, diagnostics) = Planner.plan(
            loadManifest(
                """
                processes:
                  a: {command: x, depends_on: [b]}
                  b: {command: x, depends_on: [a]}
                  c: {command: x, depends_on: [c]}
                """
            ).manifest)
        #expect(diagnostics.count == 2)
    }

    @Test func targetSelectionKeepsTargetsAndTheirTransitiveDependencies() throws {
        let (plan, _) = plan(
            """
            processes:
              db: {command: x, daemon: true}
              unrelated: {command: x}
              migrate: {command: x, depends_on: [db]}
              test: {command: x, depends_on: [migrate]}
              lint: {command: x}
            """)
        let selected = try plan.selecting(["test"])
        #expect(selected.processes.map(\.name) == ["db", "migrate", "test"])
        #expect(selected.stages.map { names(selected, $0) } == [["db"], ["migrate"], ["test"]])
        #expect(try plan.selecting(["lint", "db"]).processes.map(\.name) == ["db", "lint"])
        #expect(try plan.selecting([]).processes.count == 5)
    }

    @Test func unknownTargetIsAnErrorWithASuggestion() {
        let (plan, _) = plan("processes:\n  migrate: {command: x}\n")
        #expect(throws: PlanError(message: "no process named 'migrat' in muster.yaml; did you mean 'migrate'?")) {
            try plan.selecting(["migrat"])
        }
    }

    /// 10,000 entries and 50,000 edges (the benchmark's shape): checked for correctness here, timed
    /// only in Benchmarks/.
    @Test func largeGeneratedGraphPlansIntoConsistentStages() {
        let count = 10_000
        var processes: [ProcessSpec] = []
        var rng = SplitMix(seed: 42)
        let at = MusterManifest.SourceLocation(file: "gen.yaml", line: 1, column: 1)
        for index in 0..<count {
            var dependencies: [Dependency] = []
            if index > 0 {
                var chosen = Set<Int>()
                while chosen.count < min(5, index) { chosen.insert(Int(rng.next() % UInt64(index))) }
                dependencies = chosen.sorted().map { Dependency(name: "p\($0)", condition: .succeeded, location: at) }
            }
            processes.append(
                ProcessSpec(
                    name: "p\(index)", nameLocation: at, command: .argv(["true"]), dependencies: dependencies,
                    workingDirectory: "/"))
        }
        let (plan, diagnostics) = Planner.plan(Manifest(path: "gen.yaml", directory: "/", name: "gen", processes: processes))
        #expect(diagnostics.isEmpty)
        #expect(plan.edges.count == 50_000 - 15)
        #expect(plan.stages.reduce(0) { $0 + $1.count } == count)
        #expect(plan.edges.allSatisfy { plan.stageOf[$0.dependency] < plan.stageOf[$0.dependent] })
    }
}

/// A small deterministic random number generator for generated graphs.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
