import Foundation
import MusterTestSupport
import Testing

/// `muster help --man`: a man(7) page made from the command tree at run time, which groff
/// renders without a warning and which shows every command, option and exit status.
struct ManualPageTests {
    /// The page's roff source.
    static func page() throws -> String {
        let outcome = try MusterBinary.run(["help", "--man"])
        try #require(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.isEmpty)
        return outcome.standardOutput
    }

    /// The commands and their abstracts, from ArgumentParser's own dump of the command tree.
    static func commands() throws -> [(name: String, abstract: String)] {
        let dump = try MusterBinary.run(["--experimental-dump-help"])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(dump.standardOutput.utf8)) as? [String: Any])
        let root = try #require(json["command"] as? [String: Any])
        let subcommands = try #require(root["subcommands"] as? [[String: Any]])
        return subcommands.map { ($0["commandName"] as? String ?? "?", $0["abstract"] as? String ?? "") }
    }

    /// The page as groff sets it in plain UTF-8 on very long lines, so every sentence stays on
    /// one line; fails the test when groff is missing (`apt-get install groff-base`; .ci/run does).
    static func rendered(_ page: String) throws -> String {
        let groff = try #require(ExternalTools.path("groff"), "groff is not installed: apt-get install groff-base")
        let outcome = try MusterBinary.run(
            ["-man", "-Tutf8", "-rLL=3000n", "-rHY=0", "-P-c", "-P-b", "-P-o", "-P-u"], input: page, executable: groff)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        return outcome.standardOutput
    }

    @Test func thePageIsAManPageForMusterInSectionOne() throws {
        let page = try Self.page()
        #expect(page.hasPrefix(".TH MUSTER 1 "))
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXIT STATUS"] {
            #expect(page.contains("\n.SH \(section)\n"), "\(section)")
        }
    }

    @Test func everyCommandHasASubsectionWithItsAbstract() throws {
        let page = try Self.page()
        let text = try Self.rendered(page)
        let commands = try Self.commands()
        #expect(commands.count >= 13, "\(commands.map(\.name))")
        for (name, abstract) in commands {
            #expect(page.contains("\n.SS \"\(name)\"\n"), "\(name)")
            #expect(text.contains(abstract), "\(name): \(abstract)")
        }
    }

    @Test func optionsArgumentsAndExitStatusesAreShown() throws {
        let page = try Self.page()
        #expect(page.contains("\\fB\\-\\-fail\\-fast\\fR"))
        let text = try Self.rendered(page)
        for line in [
            "muster [-f path] command ...",
            "muster run [-f path] [--profile name] [--no-color] [--env-file path] [--no-dotenv] [-j N] [--fail-fast] [--json path] [--junit path] [--timestamps] [--quiet] [--ci ci] [--output mode] [--no-cache] [--rerun name] [--cache-dir path] [--timeline path] [names ...]",
            "muster logs [--file path] [-p name] [name] [-n N] [-f]",
            "-f, --follow",
            "--format format",
            "(values: text, json, dot, mermaid; default: text)",
        ] {
            #expect(text.contains(line), "\(line)")
        }
        for status in ["0", "1", "2", "130", "143"] {
            #expect(page.contains("\n.TP\n.B \(status)\n"), "\(status)")
        }
        // The exit statuses have their own section, not a copy in DESCRIPTION as in --help.
        #expect(text.components(separatedBy: "stopped by SIGTERM").count == 2)
    }

    @Test func groffRendersThePageWithoutAWarning() throws {
        let page = try Self.page()
        let groff = try #require(ExternalTools.path("groff"), "groff is not installed: apt-get install groff-base")
        let outcome = try MusterBinary.run(["-man", "-Tutf8", "-ww", "-z"], input: page, executable: groff)
        #expect(outcome.status == 0)
        #expect(outcome.standardError.isEmpty, "\(outcome.standardError)")
    }

    @Test func helpWithoutManStillPrintsTheHelp() throws {
        let root = try MusterBinary.run(["help"])
        #expect(root.status == 0, "\(root.standardError)")
        #expect(root.standardOutput.contains("USAGE: muster [-f <path>] <subcommand>"))
        #expect(root.standardOutput.contains("SUBCOMMANDS:"))
        let run = try MusterBinary.run(["help", "run"])
        #expect(run.status == 0, "\(run.standardError)")
        #expect(run.standardOutput.contains("USAGE: muster run"))
        #expect(run.standardOutput.contains("--fail-fast"))
    }
}
