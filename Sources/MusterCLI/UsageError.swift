/// A usage error found after ArgumentParser's own checks, with a message that says what to do.
///
/// Thrown from a command's `run()`; `MusterCommand.run(arguments:)` prints it as one line,
/// `muster: error: MESSAGE`, and exits 2 (ArgumentParser would add its usage text to an error
/// thrown from `validate()`, and exit 1 for other errors).
struct UsageError: Error, Sendable, Equatable {
    /// What is wrong and what to write instead.
    var message: String

    /// Creates the error.
    init(_ message: String) {
        self.message = message
    }
}
