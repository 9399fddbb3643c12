internal import ArgumentParser
internal import Glibc
internal import MusterExec
internal import MusterManifest
internal import MusterReport

/// `muster report REPORT.json [--timeline FILE]`: a saved JSON report's summary and timeline.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", _superCommandName: "muster",
        abstract: "Print the summary of a saved JSON report (muster run --json), and draw its timeline.",
        discussion: """
            The summary ends with the critical path: the chain of dependencies that decided the run's wall time. CI can save the report with --json and draw the picture later.

            Exit status: 0, or 2 when the report cannot be read or the picture cannot be written.
            """
    )

    @Argument(help: ArgumentHelp("A report written by muster run --json.", valueName: "report.json"), completion: .file(extensions: ["json"]))
    var report: String

    @Option(
        help: ArgumentHelp(
            "Draw the run as a Gantt chart with its critical path: FILE.svg, or FILE.html (the picture with hover details).",
            valueName: "path"))
    var timeline: String?

    @Flag(name: .customLong("no-color"), help: "Never use colours (also: NO_COLOR=1).")
    var noColor = false

    @OptionGroup var ignored: IgnoredManifestOption

    func validate() throws {
        if let timeline, TimelineFormat(path: timeline) == nil {
            throw ValidationError("--timeline draws FILE.svg or FILE.html, not \(timeline)")
        }
    }

    func run() throws {
        let record: RunRecord
        let bytes: [UInt8]
        do {
            bytes = try FileReader.contents(of: report)
        } catch {
            Terminal.standardError.write("muster: error: cannot read \(report): \(error.reason)\n")
            throw ExitCode(2)
        }
        do {
            record = try SavedReport.record(from: bytes)
        } catch {
            Terminal.standardError.write("muster: error: \(report): \(error.message)\n")
            throw ExitCode(2)
        }
        if let timeline, let format = TimelineFormat(path: timeline) {
            if let problem = ReportFile.prepare(timeline) {
                Terminal.standardError.write("muster: error: cannot write \(timeline): \(problem)\n")
                throw ExitCode(2)
            }
            guard ReportFile.write(format.render(record), to: timeline) else {
                Terminal.standardError.write("muster: error: cannot write \(timeline): \(SystemError.text(errno))\n")
                throw ExitCode(2)
            }
        }
        Terminal.standardOutput.write(SummaryTable.render(record, colored: !noColor && Terminal.standardOutput.wantsColor))
    }
}
