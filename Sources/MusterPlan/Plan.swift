package import MusterManifest

/// The dependency graph of a manifest: which entry waits for which, on what condition, and which
/// entries can start together. Pure data; built by `Planner`.
package struct Plan: Sendable {
    /// An edge: `dependent` waits until `dependency` meets `condition`. Indices into `processes`.
    package struct Edge: Sendable, Hashable {
        /// The entry waited for.
        package var dependency: Int
        /// The entry that waits.
        package var dependent: Int
        /// What it waits for.
        package var condition: DependencyCondition

        /// Creates an edge.
        package init(dependency: Int, dependent: Int, condition: DependencyCondition) {
            self.dependency = dependency
            self.dependent = dependent
            self.condition = condition
        }
    }

    /// The manifest the plan was made from (with every process, selected or not).
    package var manifest: Manifest
    /// The planned entries in declaration order.
    package var processes: [ProcessSpec]
    /// For each entry, the edges to what it waits for, in written order.
    package var dependencies: [[Edge]]
    /// For each entry, the edges to the entries waiting for it.
    package var dependents: [[Edge]]
    /// Start stages: stage 0 has no dependencies; stage k waits only for entries of earlier stages.
    package var stages: [[Int]]
    /// The stage of each entry (index into `stages`).
    package var stageOf: [Int]

    /// All edges, grouped by dependent in declaration order.
    package var edges: [Edge] { dependencies.flatMap { $0 } }

    /// The index of the entry called `name`.
    package func index(of name: String) -> Int? {
        processes.firstIndex { $0.name == name }
    }
}

/// A request the plan cannot serve, such as an unknown target name.
package struct PlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong and what to do.
    package var message: String

    /// Creates an error.
    package init(message: String) {
        self.message = message
    }

    /// The message.
    package var description: String { message }
}
