internal import ArgumentParser
internal import MusterControl
internal import MusterManifest

/// How a control command finds its run: `-f PATH`, `-p PROJECT`, the default manifest in the
/// current folder, or — inside an entry, with no flags — the run that started it.
struct ControlOptions: ParsableArguments {
    /// The manifests given, in order; the first names the run, as it did for `run` and `up`.
    @Option(
        name: [.short, .customLong("file")],
        help: ArgumentHelp(
            "The manifest of the run (default: muster.yaml here, or the run this process is part of); with several, the first names the run.",
            valueName: "path"),
        completion: .file(extensions: ["yaml", "yml"]))
    var files: [String] = []

    /// The run's project name, for a run whatever its manifest (one read from standard input too).
    @Option(
        name: [.short, .customLong("project")],
        help: ArgumentHelp("The run of this project (its name:, or its manifest's folder); see muster ls.", valueName: "name"))
    var project: String?

    init() {}

    /// The manifest of the run: the first given (a run's control socket is named after its first
    /// manifest file); nil for the default.
    var file: String? { files.first }

    /// Refuses a manifest together with a project (a usage error, exit 2).
    func validate() throws {
        if project != nil && !files.isEmpty { throw ValidationError("give the run with -f (--file) or with -p (--project), not both") }
    }

    /// Connects and authenticates, or prints why not and exits 1.
    func connect() throws -> ControlClient {
        let connection = try connector()
        do {
            return try connection()
        } catch {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(1)
        }
    }

    /// How to reach the run: a function that connects and authenticates each time it is called
    /// (it throws `ControlError` when the run cannot be reached), or, when no manifest is found,
    /// a message and exit 1.
    func connector() throws -> @Sendable () throws(ControlError) -> ControlClient {
        let environment = Terminal.environment
        if let project {
            return { () throws(ControlError) in try RunDirectory.connect(project: project, environment: environment) }
        }
        var manifest: String?
        let cwd = FileReader.currentDirectory()
        if let file {
            manifest = Paths.resolve(file, against: cwd)
        } else if environment["MUSTER_CONTROL_SOCKET"] == nil {
            // Inside an entry, the run that started it; elsewhere the manifest here.
            manifest = ManifestSource.defaultNames.map { Paths.resolve($0, against: cwd) }.first {
                (try? FileReader.contents(of: $0)) != nil
            }
            if manifest == nil {
                Terminal.standardError.write("muster: error: no muster.yaml or muster.yml in \(cwd); pass the manifest of the run with --file PATH (or -f PATH before the command)\n")
                throw ExitCode(1)
            }
        }
        let found = manifest
        return { () throws(ControlError) in try ControlClient.connect(manifestPath: found, environment: environment) }
    }

    /// Sends `request` and returns the run's answer, failed or not; exits 1 when the connection
    /// breaks.
    func exchange(_ request: ControlRequest) throws -> ControlResponse {
        do {
            return try connect().send(request)
        } catch let error as ControlError {
            Terminal.standardError.write("muster: error: \(error.message)\n")
            throw ExitCode(1)
        }
    }

    /// Sends `request`, exiting 1 with the run's message when it fails.
    func send(_ request: ControlRequest) throws -> ControlResponse {
        let response = try exchange(request)
        guard response.ok else {
            Terminal.standardError.write("muster: error: \(response.error ?? "the request failed")\n")
            throw ExitCode(1)
        }
        return response
    }
}
