import Foundation
import MusterTestSupport

/// Running `muster export` as a user would, with the environment the examples interpolate fixed,
/// and its output made independent of where the package and the build live.
enum ExportRun {
    /// The variables the examples read, at their defaults, so that exports do not depend on the
    /// machine's environment.
    static let environment = [
        "TMPDIR": "/tmp", "PGPORT": "55432", "REDIS_PORT": "56379", "PGDATA_DIR": "/tmp/muster-postgres-redis",
        "PORT": "8765",
    ]

    /// The built muster with symbolic links resolved, as `/proc/self/exe` names it.
    static let resolvedBinary = URL(fileURLWithPath: MusterBinary.path).resolvingSymlinksInPath().path

    /// `muster arguments…` in the package root.
    static func run(_ arguments: [String], in directory: String = MusterBinary.packageRoot) throws -> MusterBinary.Outcome {
        try MusterBinary.run(arguments, in: directory, environment: environment)
    }

    /// `text` with the package's folder as `$ROOT` and the built muster as `$MUSTER`.
    static func portable(_ text: String) -> String {
        text.replacingOccurrences(of: resolvedBinary, with: "$MUSTER")
            .replacingOccurrences(of: MusterBinary.path, with: "$MUSTER")
            .replacingOccurrences(of: MusterBinary.packageRoot, with: "$ROOT")
    }

    /// The image the examples' container exports use.
    static func image(for example: String) -> String {
        example.hasPrefix("postgres-redis") ? "postgres:16" : "alpine:3.20"
    }

    /// The formats that write containers, and so take `--image`.
    static let containerFormats: Set<String> = ["argo", "kubernetes", "compose"]
}
