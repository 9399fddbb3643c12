internal import ArgumentParser
internal import MusterImport
internal import MusterManifest

/// `muster import FILE [--from procfile|process-compose]`: an equivalent manifest on standard
/// output, every key that could not be translated named in a comment and in a warning.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", _superCommandName: "muster",
        abstract: "Translate a Procfile or a process-compose.yaml into a muster manifest, printed to standard output.",
        discussion: """
            The format is told from the file's name, then its content; --from names it. Every key that cannot be translated is named in a '# muster import:' comment at its place and in a warning on standard error. Exit 0 (warnings or not), 2 when the file cannot be read as its format.

            muster import Procfile > muster.yaml
            """)

    @OptionGroup var ignored: IgnoredManifestOption

    @Argument(help: "The Procfile or process-compose.yaml (- reads standard input).", completion: .file())
    var file: String

    @Option(help: "The file's format: procfile or process-compose (default: told from its name and content).")
    var from: ImportFormat?

    @Flag(name: .customLong("no-color"), help: "Never use colours (also: NO_COLOR=1).")
    var noColor = false

    func run() throws {
        let text: [UInt8]
        do {
            text = try file == "-" ? FileReader.readAll(0) : FileReader.contents(of: file)
        } catch {
            Terminal.standardError.write("muster: error: cannot read '\(file)': \(error.reason)\n")
            throw ExitCode(2)
        }
        let path = file == "-" ? "<stdin>" : file
        let folder = file == "-" ? "." : Paths.directory(of: file)
        let dotEnv = try? FileReader.contents(of: folder == "." ? ".env" : folder + "/.env")
        let source = ImportSource(path: path, text: text, dotEnv: dotEnv)
        let result = (from ?? ImportFormat.detect(source)).translate(source)
        if !result.diagnostics.isEmpty {
            let colored = !noColor && Terminal.standardError.wantsColor
            Terminal.standardError.write(
                DiagnosticRenderer(sources: [path: text], colored: colored).render(result.diagnostics))
        }
        guard let manifest = result.manifest else { throw ExitCode(2) }
        Terminal.standardOutput.write(manifest)
    }
}

extension ImportFormat: ExpressibleByArgument {}
