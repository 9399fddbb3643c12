import Foundation
import MusterExport
import MusterManifest
import Testing

/// `muster export procfile`: the daemons, one line each, and a warning for everything else.
struct ProcfileExporterTests {
    @Test func daemonsGetALineAndEverythingElseAWarning() throws {
        let output = try ExportSupport.export(
            .procfile,
            """
            env: {PORT: "8080"}
            processes:
              setup: {command: make}
              web:
                command: [serve, --port, "8080", "it's"]
                daemon: true
                depends_on: [setup]
                ready: {tcp: 8080}
                cwd: www
              api.v2: {command: ./api, daemon: true, env: {A: "x y"}, restart: always}
            """)
        let lines = output.files[0].contents.split(separator: "\n").map(String.init)
        #expect(
            lines.filter { !$0.hasPrefix("#") } == [
                #"web: cd www && MUSTER_NAME=web PORT=8080 serve --port 8080 'it'\''s'"#,
                #"api_v2: A='x y' MUSTER_NAME=api.v2 PORT=8080 sh -c ./api"#,
            ])
        #expect(Set(output.warningPlaces) == ["setup -", "web depends_on.setup", "web ready", "api.v2 restart"])
        #expect(lines.contains("# muster: ready: a Procfile has no readiness probes; left out"))
    }

    @Test func aManifestWithoutDaemonsIsRefused() throws {
        let error = try ExportSupport.error(.procfile, "processes:\n  a: {command: x}\n")
        #expect(error.description.contains("no daemon"))
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aScriptOfSeveralLinesRunsAsOneLine() throws {
        let script = "printf '%s\\n' \"a\\\\tb\"\necho 'c' \\\n  d\nif true; then echo $((1 + 1)); fi"
        let output = try ExportSupport.export(
            .procfile, "processes:\n  s:\n    daemon: true\n    command: |\n" + script.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n") + "\n")
        let line = try #require(output.files[0].contents.split(separator: "\n").first { $0.hasPrefix("s: ") })
        #expect(!line.contains("\n"))
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", String(line.dropFirst(3))]
        let pipe = Pipe()
        shell.standardOutput = pipe
        try shell.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(printed == "a\\tb\nc d\n2\n")
    }
}

extension Tag {
    /// Tests that spawn processes.
    @Tag static var integration: Self
}
