/// One problem found in a manifest (or a file it names), with where it is.
///
/// Loading never throws on a bad manifest: it collects every `Diagnostic` of the file in one pass,
/// and the caller decides what to print and whether to go on.
package struct Diagnostic: Sendable, Hashable {
    /// How bad the problem is.
    package enum Severity: String, Sendable, Hashable {
        /// The manifest cannot be run; nothing is started.
        case error
        /// Legal, but probably not what the user meant.
        case warning
        /// Worth knowing, nothing wrong: an entry left out because what it needs is disabled.
        case note
    }

    /// A secondary message attached to a diagnostic, such as "did you mean …?".
    package struct Note: Sendable, Hashable {
        /// Where the note points, if anywhere.
        package var location: SourceLocation?
        /// The note's text.
        package var message: String

        /// Creates a note.
        package init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// Error or warning.
    package var severity: Severity
    /// Where the problem is.
    package var location: SourceLocation
    /// What is wrong, in one sentence, saying what to do where it can.
    package var message: String
    /// Further hints.
    package var notes: [Note]

    /// Creates a diagnostic.
    package init(_ severity: Severity, _ message: String, at location: SourceLocation, notes: [Note] = []) {
        self.severity = severity
        self.message = message
        self.location = location
        self.notes = notes
    }

    /// An error at `location`.
    package static func error(_ message: String, at location: SourceLocation, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, message, at: location, notes: notes)
    }

    /// A note at `location`.
    package static func note(_ message: String, at location: SourceLocation, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.note, message, at: location, notes: notes)
    }

    /// A warning at `location`.
    package static func warning(_ message: String, at location: SourceLocation, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.warning, message, at: location, notes: notes)
    }
}

extension Array where Element == Diagnostic {
    /// Whether any of these diagnostics is an error.
    package var containsErrors: Bool { contains { $0.severity == .error } }

    /// The diagnostics in reading order: the main file (`primary`) first, then by line and column.
    package func sortedForReading(primary: String) -> [Diagnostic] {
        enumerated().sorted { x, y in
            let (a, b) = (x.element.location, y.element.location)
            if a.file != b.file { return a.file == primary || (b.file != primary && a.file < b.file) }
            return (a.line, a.column, x.offset) < (b.line, b.column, y.offset)
        }.map(\.element)
    }
}
