import MusterManifest
import MusterTestSupport
import Testing

/// `profiles:` and `disabled:` (SPEC §7.3): which entries take part, and what is said about the
/// others.
struct ProfilesAndDisabledTests {
    static let manifest = """
        processes:
          db: {command: x, daemon: true}
          web: {command: x, depends_on: [db]}
          debug: {command: x, profiles: [debug, tools]}
          seed: {command: x, profiles: [dev], depends_on: [db]}
        """

    static func load(_ text: String, profiles: [String] = [], targets: [String] = []) -> LoadedManifest {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", text)
        return loadFiles(["muster.yaml"], in: folder.path, profiles: profiles, targets: targets)
    }

    @Test func entriesWithProfilesRunOnlyWhenOneIsEnabled() {
        #expect(Self.load(Self.manifest).names == ["db", "web"])
        #expect(Self.load(Self.manifest, profiles: ["tools"]).names == ["db", "web", "debug"])
        #expect(Self.load(Self.manifest, profiles: ["dev", "debug"]).names == ["db", "web", "debug", "seed"])
        #expect(Self.load(Self.manifest, profiles: ["*"]).names == ["db", "web", "debug", "seed"])
    }

    @Test func namingAnEntryEnablesIt() {
        let loaded = Self.load(Self.manifest, targets: ["seed"])
        #expect(loaded.errors.isEmpty)
        #expect(loaded.names == ["db", "web", "seed"])
    }

    @Test func profilesComeFromTheFlagsOrElseMusterProfiles() {
        let environment = ["MUSTER_PROFILES": " dev, debug ,"]
        #expect(EntrySelection.enabledProfiles(flags: [], environment: environment) == ["dev", "debug"])
        #expect(EntrySelection.enabledProfiles(flags: ["ci"], environment: environment) == ["ci"])
        #expect(EntrySelection.enabledProfiles(flags: [], environment: [:]).isEmpty)
    }

    @Test func aDependencyOnAnEntryWhoseProfilesAreOffIsAnErrorNamingTheProfile() {
        let source = MarkedSource(
            """
            processes:
              db: {command: x, daemon: true, profiles: 2️⃣[dev]}
              web: {command: x, depends_on: [1️⃣db]}
            """)
        let loaded = Self.load(source.text)
        #expect(
            loaded.errors == [
                "process 'web' depends on 'db', whose profile 'dev' is off; enable it with --profile dev (or MUSTER_PROFILES=dev)"
            ])
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"))
        #expect(loaded.diagnostics.first?.notes.first?.location == source.location("2️⃣"))
        #expect(Self.load(source.text, profiles: ["dev"]).errors.isEmpty)
    }

    @Test func aDisabledEntryIsLeftOutWithEverythingThatNeedsItAndANote() {
        let source = MarkedSource(
            """
            processes:
              db: {command: x, daemon: true, disabled: true}
              api: {command: x, depends_on: [1️⃣db]}
              web: {command: x, depends_on: [2️⃣api]}
              lone: {command: x}
            """)
        let loaded = Self.load(source.text)
        #expect(loaded.errors.isEmpty)
        #expect(loaded.names == ["lone"])
        #expect(loaded.diagnostics.map(\.severity) == [.note, .note])
        #expect(
            loaded.diagnostics.map(\.message) == [
                "process 'api' is left out: it needs 'db', which is disabled",
                "process 'web' is left out: it needs 'api', which is left out",
            ])
        #expect(loaded.diagnostics.map(\.location) == [source.location("1️⃣"), source.location("2️⃣")])
        let rendered = DiagnosticRenderer(sources: loaded.sources, colored: false).render(loaded.diagnostics)
        #expect(rendered.hasPrefix("\(source.location("1️⃣")): note: process 'api' is left out"))
        #expect(!rendered.contains("generated"))
    }

    @Test func namingADisabledEntryIsAnError() {
        let source = MarkedSource("processes:\n  db: {command: x, disabled: 1️⃣true}\n  web: {command: x}\n")
        let loaded = Self.load(source.text, targets: ["db"])
        #expect(loaded.errors == ["process 'db' is disabled (disabled: true), so it cannot run; remove 'disabled: true' to run it"])
        #expect(loaded.diagnostics.first?.location == source.location("1️⃣"))
    }

    @Test func nothingLeftToRunIsAnError() {
        let loaded = Self.load("processes:\n  a: {command: x, profiles: [dev]}\n")
        #expect(loaded.errors.first?.hasPrefix("no process is left to run") == true)
    }

    @Test func entriesThatAreOffAreStillChecked() {
        let loaded = Self.load("processes:\n  a: {command: x}\n  b: {command: x, profiles: [dev], timeout: 5x}\n")
        #expect(loaded.errors.count == 1)
    }
}
