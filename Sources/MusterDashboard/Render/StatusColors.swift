/// The colours of statuses and entry names.
enum StatusColors {
    /// The colour of `status` (`running`, `failed`, …); a running entry not ready yet is yellow.
    static func color(of status: String, ready: Bool = true) -> Color {
        switch status {
        case "running": return ready ? .green : .yellow
        case "succeeded": return .cyan
        case "restarting": return .yellow
        case "failed", "timed_out": return .red
        case "terminated", "interrupted": return .magenta
        default: return .gray
        }
    }

    private static let names: [Color] = [.cyan, .magenta, .blue, .yellow, .green]

    /// A colour of its own for the entry at `index`, as `run` prefixes lines.
    static func color(ofEntry index: Int) -> Color { names[index % names.count] }
}
