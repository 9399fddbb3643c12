internal import ArgumentParser
internal import MusterManifest
internal import MusterPlan

/// `muster check`: validate a manifest and print its diagnostics.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", _superCommandName: "muster",
        abstract: "Validate a manifest: syntax, types, names, dependencies and cycles.",
        discussion: "Prints every problem as FILE:LINE:COL: error: … with the line shown. Exit 0 when valid, 2 when not."
    )

    @OptionGroup var manifest: ManifestOptions

    func run() throws {
        let plan = try manifest.loadPlan()
        let count = plan.processes.count
        Terminal.standardError.write(
            "\(plan.manifest.path): ok, \(count) process\(count == 1 ? "" : "es") in \(plan.stages.count) stage\(plan.stages.count == 1 ? "" : "s")\n")
    }
}
