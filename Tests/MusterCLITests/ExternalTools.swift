import Foundation
import MusterTestSupport

/// Programs the tests drive besides muster: shells, groff.
enum ExternalTools {
    /// The executable `name` on `PATH`, nil when there is none.
    static func path(_ name: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `PATH` with the built `muster` first, as the completion scripts call `muster` back.
    static var pathWithMuster: String {
        URL(fileURLWithPath: MusterBinary.path).deletingLastPathComponent().path + ":"
            + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    }
}
