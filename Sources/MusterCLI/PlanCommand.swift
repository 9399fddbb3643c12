internal import ArgumentParser
internal import MusterManifest
internal import MusterPlan

/// `muster plan`: print the dependency graph and its start stages; nothing is run.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", _superCommandName: "muster",
        abstract: "Print the dependency graph and its start stages, without running anything.",
        discussion: "dot output renders with Graphviz: muster plan --format dot | dot -Tsvg > plan.svg"
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, dot, mermaid
    }

    @OptionGroup var manifest: ManifestOptions

    @Option(help: "Output format: text, json, dot or mermaid.")
    var format: Format = .text

    @Argument(help: "Plan only these processes and what they depend on (default: all).", completion: EntryNameCompletion.kind)
    var names: [String] = []

    func run() throws {
        let plan = try manifest.loadPlan(selecting: names)
        let formatter = PlanFormatter(plan: plan)
        switch format {
        case .text: Terminal.standardOutput.write(formatter.text())
        case .json: Terminal.standardOutput.write(formatter.json())
        case .dot: Terminal.standardOutput.write(formatter.dot())
        case .mermaid: Terminal.standardOutput.write(formatter.mermaid())
        }
    }
}
