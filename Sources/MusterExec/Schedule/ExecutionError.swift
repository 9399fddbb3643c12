/// A plan that cannot be started at all: problems found before anything runs (a missing `cwd`,
/// a `log:` file that cannot be created). Nothing has been started when this is thrown.
package struct ExecutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One line per problem, each naming the entry and saying what to do.
    package var problems: [String]

    /// Creates an error.
    package init(problems: [String]) {
        self.problems = problems
    }

    /// The problems, one per line.
    package var description: String { problems.joined(separator: "\n") }
}
