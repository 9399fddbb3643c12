internal import MusterManifest

/// foreman's Procfile → a manifest. Every `NAME: COMMAND` line becomes a daemon running COMMAND
/// with `/bin/sh -c`, as foreman runs it; `PORT` is assigned as foreman does (5000, or `PORT`
/// from `.env`, then +100 for each next line); a `.env` beside the Procfile becomes `env_file`.
/// `$` in commands reaches the shell as written. A line that is not `NAME: COMMAND` (nor blank
/// or a `#` comment) is an error at its place.
struct ProcfileImporter {
    let source: ImportSource

    /// foreman's first port when neither `-p` nor `PORT` says otherwise.
    static let basePort = 5000
    /// foreman's step between processes.
    static let portStep = 100

    /// One process line.
    private struct Line {
        var name: String
        var command: String
        var location: SourceLocation
    }

    func translate() -> ImportResult {
        var diagnostics: [Diagnostic] = []
        if let problem = TextContent.problem(in: source.text) {
            let at = SourceLocation(file: source.path, line: problem.line, column: problem.column)
            return ImportResult(
                manifest: nil, diagnostics: [.error("not a Procfile: \(problem.reason); a Procfile is text", at: at)])
        }
        var processes: [Line] = []
        let text = String(decoding: source.text, as: UTF8.self)
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let at = SourceLocation(file: source.path, line: index + 1, column: 1)
            guard let colon = line.firstIndex(of: ":"), !line[..<colon].isEmpty,
                line[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }),
                !line[line.index(after: colon)...].trimmingWhitespace().isEmpty
            else {
                diagnostics.append(
                    .error(
                        "expected NAME: COMMAND (a name of letters, digits, '_' and '-', then the command), found '\(trimmed)'",
                        at: at))
                continue
            }
            let name = String(line[..<colon])
            if let first = processes.first(where: { $0.name == name }) {
                diagnostics.append(
                    .error(
                        "'\(name)' is defined twice; foreman would run it once",
                        at: at, notes: [.init("'\(name)' is first defined here", at: first.location)]))
                continue
            }
            processes.append(Line(name: name, command: line[line.index(after: colon)...].trimmingWhitespace(), location: at))
        }
        if processes.isEmpty && diagnostics.isEmpty {
            diagnostics.append(
                .error(
                    "the Procfile declares no process; write NAME: COMMAND lines",
                    at: SourceLocation(file: source.path, line: 1, column: 1)))
        }
        guard !diagnostics.containsErrors else { return ImportResult(manifest: nil, diagnostics: diagnostics) }

        var out = ManifestLines()
        out.comment("Imported from \(source.path) by muster import: each line a daemon, run as foreman runs it.")
        out.comment("Paths are relative to the Procfile's folder: save this as muster.yaml beside it.")
        out.field("version", raw: "1", indent: 0)
        let (base, fromDotEnv) = Self.basePort(dotEnv: source.dotEnv)
        if source.dotEnv != nil {
            out.field("env_file", raw: ManifestLines.list([".env"]), indent: 0, comment: "foreman reads .env beside the Procfile")
        }
        out.open("processes", indent: 0)
        var used = Set<String>()
        for (index, process) in processes.enumerated() {
            let name = Self.musterName(process.name, used: used)
            used.insert(name)
            if name != process.name {
                diagnostics.append(
                    .warning(
                        "'\(process.name)' is not a muster name (it must start with a letter or digit); it is called '\(name)'",
                        at: process.location))
                out.comment("muster import: '\(process.name)' is called '\(name)' here", indent: 2)
            }
            out.open(name, indent: 2)
            out.field("command", text: YAMLText.escapingInterpolationMarks(process.command), indent: 4)
            out.field("daemon", raw: "true", indent: 4)
            let port = String(base + index * Self.portStep)
            let why =
                index == 0
                ? "foreman's PORT: \(base)\(fromDotEnv ? " (PORT in .env)" : ""), then +\(Self.portStep) for each next line"
                : nil
            out.field("env", raw: ManifestLines.map([("PORT", port)]), indent: 4, comment: why)
        }
        return ImportResult(manifest: out.text, diagnostics: diagnostics)
    }

    /// The first port: `PORT` in `.env` when it sets one, else 5000; and whether `.env` said so.
    static func basePort(dotEnv: [UInt8]?) -> (Int, Bool) {
        guard let dotEnv else { return (basePort, false) }
        let (entries, _) = DotEnv.parse(String(decoding: dotEnv, as: UTF8.self), file: ".env") { _ in nil }
        if let value = entries.last(where: { $0.key == "PORT" })?.value, let port = Int(value), port > 0 {
            return (port, true)
        }
        return (basePort, false)
    }

    /// `name` as muster spells names (starting with a letter or digit), unique among `used`.
    static func musterName(_ name: String, used: Set<String>) -> String {
        ImportedName.unique(name, droppingLeading: ["_", "-"], used: used)
    }
}
