internal import MusterControl
internal import MusterManifest
internal import MusterPlan
internal import MusterReport

/// Renders a `Plan` as text, JSON, Graphviz dot or Mermaid. Arrows point from a dependency to its
/// dependent; daemons are drawn differently from jobs; edges are labelled by their condition.
struct PlanFormatter {
    let plan: Plan

    /// Stages with each entry's kind and what it waits for.
    func text() -> String {
        let count = plan.processes.count
        var out = "\(plan.manifest.name): \(count) process\(count == 1 ? "" : "es"), \(plan.stages.count) stage\(plan.stages.count == 1 ? "" : "s")\n"
        let width = plan.processes.map(\.name.count).max() ?? 0
        for (number, stage) in plan.stages.enumerated() {
            out += "stage \(number + 1)\n"
            for index in stage {
                let process = plan.processes[index]
                var line = "  " + process.name.padding(to: width) + (process.daemon ? "  daemon" : "  job")
                let waits = plan.dependencies[index].map { "\(plan.processes[$0.dependency].name) (\($0.condition.rawValue))" }
                if !waits.isEmpty { line = line.padding(to: width + 10) + "  after " + waits.joined(separator: ", ") }
                out += line + "\n"
            }
        }
        return out
    }

    /// `{"version":1, "name", "manifest", "processes":[…], "stages":[[names]]}`.
    func json() -> String {
        let processes: [JSONValue] = plan.processes.enumerated().map { index, process in
            .object([
                ("name", .string(process.name)),
                ("daemon", .bool(process.daemon)),
                ("stage", .int(plan.stageOf[index] + 1)),
                ("command", JSONReport.command(process.command)),
                ("depends_on", .object(plan.dependencies[index].map { (plan.processes[$0.dependency].name, .string($0.condition.rawValue)) })),
            ])
        }
        let stages: [JSONValue] = plan.stages.map { .array($0.map { .string(plan.processes[$0].name) }) }
        return JSONValue.object([
            ("version", .int(1)),
            ("name", .string(plan.manifest.name)),
            ("manifest", .string(plan.manifest.path)),
            ("processes", .array(processes)),
            ("stages", .array(stages)),
        ]).text(pretty: true) + "\n"
    }

    /// A Graphviz digraph: jobs as boxes, daemons as dashed rounded boxes, one rank per stage.
    func dot() -> String {
        var out = "digraph \(Self.dotQuote(plan.manifest.name)) {\n"
        out += "  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n"
        for process in plan.processes {
            let style = process.daemon ? " [style=\"rounded,dashed\", xlabel=\"daemon\"]" : ""
            out += "  \(Self.dotQuote(process.name))\(style);\n"
        }
        for edge in plan.edges {
            out += "  \(Self.dotQuote(plan.processes[edge.dependency].name)) -> \(Self.dotQuote(plan.processes[edge.dependent].name)) [label=\(Self.dotQuote(edge.condition.rawValue))];\n"
        }
        for stage in plan.stages where stage.count > 1 {
            out += "  { rank=same; " + stage.map { Self.dotQuote(plan.processes[$0].name) + ";" }.joined(separator: " ") + " }\n"
        }
        return out + "}\n"
    }

    /// A Mermaid flowchart: jobs as rectangles, daemons as stadiums.
    func mermaid() -> String {
        var out = "flowchart LR\n"
        for (index, process) in plan.processes.enumerated() {
            let label = "\"" + process.name + "\""
            out += "  p\(index)" + (process.daemon ? "([\(label)])" : "[\(label)]") + "\n"
        }
        for edge in plan.edges {
            out += "  p\(edge.dependency) -->|\(edge.condition.rawValue)| p\(edge.dependent)\n"
        }
        return out
    }

    private static func dotQuote(_ text: String) -> String {
        "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }
}

extension String {
    /// The string padded with spaces on the right to `width` characters.
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
