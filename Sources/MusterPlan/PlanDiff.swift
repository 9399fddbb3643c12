package import MusterManifest

/// What a reload changes: the entries added, removed, and changed (with the fields that
/// differ, such as `command` or `env.PORT`), between two resolved manifests. Pure; compared by
/// resolved value, so a reformatted file changes nothing.
package struct PlanDiff: Sendable, Hashable {
    /// An entry whose resolved spec differs, and in which fields.
    package struct Change: Sendable, Hashable {
        /// The entry.
        package var name: String
        /// The fields that differ, in a fixed order (`command`, `env.PORT`, `depends_on`).
        package var fields: [String]

        /// Creates a change.
        package init(name: String, fields: [String]) {
            self.name = name
            self.fields = fields
        }
    }

    /// Entries only the new manifest has, in its order.
    package var added: [String] = []
    /// Entries only the old manifest has, in its order.
    package var removed: [String] = []
    /// Entries both have with different specs, in the new manifest's order.
    package var changed: [Change] = []

    /// Whether the two manifests run the same.
    package var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// The difference from `old` to `new`.
    package init(from old: [ProcessSpec], to new: [ProcessSpec]) {
        var before: [String: ProcessSpec] = [:]
        for process in old { before[process.name] = process }
        let after = Set(new.map(\.name))
        removed = old.map(\.name).filter { !after.contains($0) }
        for process in new {
            guard let previous = before[process.name] else {
                added.append(process.name)
                continue
            }
            let fields = Self.fields(differing: previous, process)
            if !fields.isEmpty { changed.append(Change(name: process.name, fields: fields)) }
        }
    }

    /// The fields of `a` and `b` that differ; each variable of `env` is a field of its own.
    static func fields(differing a: ProcessSpec, _ b: ProcessSpec) -> [String] {
        var fields: [String] = []
        func compare<Value: Equatable>(_ name: String, _ value: (ProcessSpec) -> Value) {
            if value(a) != value(b) { fields.append(name) }
        }
        compare("command") { $0.command }
        compare("daemon") { $0.daemon }
        compare("depends_on") { $0.dependencies.map { "\($0.name)=\($0.condition.rawValue)" } }
        compare("ready") { $0.ready }
        for key in Set(a.environment.keys).union(b.environment.keys).sorted() where a.environment[key] != b.environment[key] {
            fields.append("env.\(key)")
        }
        compare("cwd") { $0.workingDirectory }
        compare("timeout") { $0.timeout }
        compare("restart") { $0.restart }
        compare("retries") { $0.retries }
        compare("inputs") { $0.inputs }
        compare("outputs") { $0.outputs }
        compare("shutdown") { $0.shutdown }
        compare("log") { $0.logFile }
        compare("limits") { $0.limits }
        compare("watch") { $0.watch }
        return fields
    }

    /// The diff as `muster reload` prints it: `+ NAME`, `- NAME`, `~ NAME: field, field`.
    package var lines: [String] {
        added.map { "+ \($0)" } + removed.map { "- \($0)" }
            + changed.map { "~ \($0.name): \($0.fields.joined(separator: ", "))" }
    }
}
