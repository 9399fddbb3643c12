package import MusterManifest

/// Loads manifest text as if it were `muster.yaml` in `directory`, with a fixed environment.
package func loadManifest(
    _ text: String, directory: String = "/project", file: String = "muster.yaml",
    environment: [String: String] = ["HOME": "/home/test", "USER": "test"]
) -> LoadedManifest {
    ManifestLoader.load(
        ManifestSource(path: file, directory: directory, text: Array(text.utf8)), environment: environment)
}

extension LoadedManifest {
    /// The error and warning messages, for compact assertions.
    package var messages: [String] { diagnostics.map(\.message) }

    /// The process called `name`.
    package func process(_ name: String) -> ProcessSpec? {
        manifest.processes.first { $0.name == name }
    }
}

/// Loads the files `names` of the folder `directory` merged in order, as `muster -f A -f B` run
/// there would, with a fixed environment; includes read the `.env` beside them.
package func loadFiles(
    _ names: [String], in directory: String,
    environment: [String: String] = ["HOME": "/home/test", "USER": "test"], profiles: [String] = [],
    targets: [String] = []
) -> LoadedManifest {
    let sources = names.map { name -> ManifestSource in
        let absolute = Paths.resolve(name, against: directory)
        let text = (try? FileReader.contents(of: absolute)) ?? []
        return ManifestSource(path: name, directory: Paths.directory(of: absolute), text: text)
    }
    let options = LoadOptions(
        environment: environment, dotenv: .besideManifest, profiles: profiles, targets: targets)
    return ManifestLoader.load(sources, options: options)
}

extension LoadedManifest {
    /// The errors' messages.
    package var errors: [String] { diagnostics.filter { $0.severity == .error }.map(\.message) }

    /// The names of the entries that take part, in order.
    package var names: [String] { manifest.processes.map(\.name) }
}
