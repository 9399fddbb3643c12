internal import ArgumentParser
internal import Glibc
internal import MusterManifest
internal import MusterPlan

/// `muster config`: print the fully resolved manifest, as `docker compose config` does.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", _superCommandName: "muster",
        abstract: "Print the fully resolved manifest: files merged, includes, extends and profiles applied, all defaults explicit.",
        discussion: """
            The output loads again to the same plan: muster config | muster check -f - passes. Entries whose profiles are off, disabled entries and what needs them are left out; paths are absolute, ${…} is interpolated (a literal $ is written $$), and each entry's env holds every variable the manifest gives it. It is checked as plan checks a manifest (graph included), but what run needs of the file system (cwd, log:) is left to check.
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case yaml, json
    }

    @OptionGroup var manifest: ManifestOptions

    @Option(help: "Output format: yaml or json.")
    var format: Format = .yaml

    @Flag(help: "Print only the entries' names, one per line.")
    var services = false

    func run() throws {
        let plan = try manifest.loadPlan(preflight: false)
        if services {
            Terminal.standardOutput.write(plan.processes.map { $0.name + "\n" }.joined())
            return
        }
        let value = ResolvedManifest.value(of: plan.manifest)
        let text = format == .yaml ? value.yaml() : value.json()
        Terminal.standardOutput.write(text)
        // Freeing the resolved tree of a large manifest takes longer than printing it, and
        // nothing is left to do: exit now (standard output is written unbuffered).
        Glibc.exit(0)
    }
}
