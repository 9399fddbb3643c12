import MusterExec
import MusterManifest
import MusterPlan
import MusterTestSupport
import Testing

/// The scheduler's bookkeeping, without processes: what may start after which event.
struct SchedulerTests {
    private func scheduler(_ text: String, jobs: Int? = nil) -> (Scheduler, Plan) {
        let plan = Planner.plan(loadManifest(text).manifest).plan
        return (Scheduler(plan: plan, jobLimit: jobs), plan)
    }

    private func names(_ plan: Plan, _ indices: [Int]) -> [String] { indices.map { plan.processes[$0].name } }

    @Test func entriesWithoutDependenciesStartFirstInDeclarationOrder() {
        var (s, plan) = scheduler("processes:\n  b: {command: x}\n  a: {command: x, depends_on: [b]}\n  c: {command: x}\n")
        #expect(names(plan, s.takeLaunchable()) == ["b", "c"])
        #expect(s.takeLaunchable().isEmpty)
    }

    @Test func succeededWaitsForExitZeroAndSkipsOtherwise() {
        var (s, plan) = scheduler("processes:\n  a: {command: x}\n  b: {command: x, depends_on: [a]}\n  c: {command: x, depends_on: [b]}\n")
        _ = s.takeLaunchable()
        #expect(s.markStarted(0).isEmpty)
        #expect(s.takeLaunchable().isEmpty)
        let skips = s.markEnded(0, success: false, failure: "failed")
        #expect(skips == [.init(index: 1, reason: "dependency a failed"), .init(index: 2, reason: "dependency b was skipped")])
        #expect(s.jobsAreDone)
        #expect(names(plan, s.takeLaunchable()).isEmpty)
    }

    @Test func completedHoldsAfterAFailure() {
        var (s, plan) = scheduler("processes:\n  a: {command: x}\n  b: {command: x, depends_on: {a: completed}}\n")
        _ = s.takeLaunchable()
        _ = s.markStarted(0)
        #expect(s.markEnded(0, success: false, failure: "failed").isEmpty)
        #expect(names(plan, s.takeLaunchable()) == ["b"])
    }

    @Test func startedAndReadyWithoutProbeHoldAtStart() {
        var (s, plan) = scheduler(
            "processes:\n  d: {command: x, daemon: true}\n  a: {command: x, depends_on: {d: started}}\n  b: {command: x, depends_on: [d]}\n")
        _ = s.takeLaunchable()
        _ = s.markStarted(0)
        #expect(names(plan, s.takeLaunchable()) == ["a", "b"])
    }

    @Test func readyWithAProbeWaitsForTheProbe() {
        var (s, plan) = scheduler(
            "processes:\n  d: {command: x, daemon: true, ready: {tcp: 5432}}\n  a: {command: x, depends_on: [d]}\n")
        _ = s.takeLaunchable()
        _ = s.markStarted(0)
        #expect(s.takeLaunchable().isEmpty)
        _ = s.markReady(0)
        #expect(names(plan, s.takeLaunchable()) == ["a"])
    }

    @Test func aDependencyThatEndsBeforeReadySkipsWithTheReason() {
        var (s, _) = scheduler(
            "processes:\n  d: {command: x, daemon: true, ready: {tcp: 5432}}\n  a: {command: x, depends_on: [d]}\n")
        _ = s.takeLaunchable()
        _ = s.markStarted(0)
        #expect(s.markEnded(0, success: true, failure: "exited 0") == [.init(index: 1, reason: "dependency d ended before it was ready")])
    }

    @Test func jobLimitBoundsJobsButNotDaemons() {
        var (s, plan) = scheduler(
            "processes:\n  j1: {command: x}\n  j2: {command: x}\n  j3: {command: x}\n  d: {command: x, daemon: true}\n", jobs: 2)
        #expect(names(plan, s.takeLaunchable()) == ["j1", "j2", "d"])
        _ = s.markStarted(0)
        _ = s.markEnded(0, success: true, failure: "")
        #expect(names(plan, s.takeLaunchable()) == ["j3"])
    }

    @Test func jobsAreDoneIgnoresRunningDaemons() {
        var (s, _) = scheduler("processes:\n  d: {command: x, daemon: true}\n  j: {command: x}\n")
        _ = s.takeLaunchable()
        _ = s.markStarted(0)
        _ = s.markStarted(1)
        #expect(!s.jobsAreDone)
        _ = s.markEnded(1, success: true, failure: "")
        #expect(s.jobsAreDone)
    }

    @Test func skipUnstartedSkipsPendingAndQueued() {
        var (s, _) = scheduler("processes:\n  a: {command: x}\n  b: {command: x, depends_on: [a]}\n", jobs: 1)
        let skips = s.skipUnstarted(reason: "stopped")
        #expect(skips.map(\.index) == [0, 1])
        #expect(s.takeLaunchable().isEmpty)
    }

    @Test func aResetEntryHeldForItsOldInstanceStartsOnlyOnceReleasedAndItsDependencyHoldsAgain() {
        var (s, plan) = scheduler(
            "processes:\n  db: {command: x, daemon: true}\n  web: {command: x, daemon: true, depends_on: {db: started}}\n")
        #expect(names(plan, s.takeLaunchable()) == ["db"])
        _ = s.markStarted(0)
        #expect(names(plan, s.takeLaunchable()) == ["web"])
        _ = s.markStarted(1)
        // Both are reset while running: they wait for their old instances to end.
        #expect(s.replan(plan, reset: [0, 1], held: [0, 1], removed: []).isEmpty)
        #expect(s.takeLaunchable().isEmpty)
        s.release(1)
        #expect(s.takeLaunchable().isEmpty, "web waits for db's new instance")
        s.release(0)
        #expect(names(plan, s.takeLaunchable()) == ["db"])
        _ = s.markStarted(0)
        #expect(names(plan, s.takeLaunchable()) == ["web"])
    }

    @Test func aRemovedEntryLeavesTheCountsAndAnAddedOneStartsWhenItsDependencyHolds() {
        let old = Planner.plan(loadManifest("processes:\n  a: {command: x}\n  gone: {command: x}\n").manifest).plan
        var s = Scheduler(plan: old, jobLimit: nil)
        _ = s.takeLaunchable()
        _ = s.markStarted(0)
        _ = s.markStarted(1)
        let new = Planner.plan(
            loadManifest("processes:\n  a: {command: x}\n  gone: {command: x}\n  b: {command: x, depends_on: [a]}\n").manifest
        ).plan
        #expect(s.replan(new, reset: [2], held: [], removed: [1]).isEmpty)
        #expect(s.takeLaunchable().isEmpty)
        _ = s.markEnded(1, success: false, failure: "failed")
        _ = s.markEnded(0, success: true, failure: "")
        #expect(names(new, s.takeLaunchable()) == ["b"])
        _ = s.markStarted(2)
        _ = s.markEnded(2, success: true, failure: "")
        #expect(s.jobsAreDone)
    }
}
