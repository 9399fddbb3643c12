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
