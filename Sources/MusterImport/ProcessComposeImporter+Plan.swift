internal import MusterManifest

/// What has to be known of every process before any is written: muster's names for them, their
/// replicas, their dependencies with muster's conditions, and which are daemons.
extension ProcessComposeImporter {
    /// A process as the file declares it.
    struct Declared {
        /// Its name in process-compose.
        var name: String
        /// Where the name is.
        var nameLocation: SourceLocation
        /// Its keys.
        var fields: Fields
    }

    /// A dependency, translated.
    struct Wait {
        /// The process waited for (process-compose's name).
        var target: String
        /// muster's condition.
        var condition: DependencyCondition
    }

    /// The plan of the whole file.
    struct EntryPlan {
        /// muster's name for each process.
        var names: [String: String] = [:]
        /// How many instances each process runs (1 unless `replicas` says more).
        var replicas: [String: Int] = [:]
        /// What each process waits for, in written order.
        var waits: [String: [Wait]] = [:]
        /// Why each daemon is one.
        var daemons: [String: String] = [:]

        /// muster's names for the instances of `process`: `NAME`, or `NAME-1` … `NAME-N`.
        func instances(of process: String) -> [String] {
            let name = names[process] ?? process
            let count = replicas[process] ?? 1
            return count > 1 ? (1...count).map { "\(name)-\($0)" } : [name]
        }
    }

    /// process-compose's conditions and muster's.
    static let conditions: [String: DependencyCondition] = [
        "process_started": .started, "process_healthy": .ready, "process_log_ready": .ready,
        "process_completed": .completed, "process_completed_successfully": .succeeded,
    ]

    /// Works out the plan; unknown dependencies and conditions are errors.
    mutating func makePlan(_ entries: [Declared]) -> EntryPlan {
        var plan = EntryPlan()
        var used = Set<String>()
        for entry in entries {
            let name = Self.musterName(entry.name, used: used)
            used.insert(name)
            plan.names[entry.name] = name
            if name != entry.name {
                diagnostics.append(
                    .warning(
                        "'\(entry.name)' is not a muster name (letters, digits, '.', '_' and '-', starting with a letter or digit); it is called '\(name)'",
                        at: entry.nameLocation))
            }
            if let replicas = entry.fields["replicas"], let count = integer(replicas.value, "'replicas'", minimum: 1) {
                plan.replicas[entry.name] = count
            }
        }
        let declared = Set(entries.map(\.name))
        for entry in entries {
            if entry.fields["readiness_probe"] != nil {
                plan.daemons[entry.name] = "it has a readiness probe"
            } else if entry.fields["ready_log_line"] != nil {
                plan.daemons[entry.name] = "it has a ready_log_line"
            } else if let availability = entry.fields["availability"], case .mapping(let pairs) = availability.value.kind,
                Fields(pairs)["restart"]?.value.scalarText == "always"
            {
                plan.daemons[entry.name] = "availability.restart: always"
            }
            guard let dependsOn = entry.fields["depends_on"] else { continue }
            guard case .mapping(let pairs) = dependsOn.value.kind else {
                error("'depends_on' must be a mapping of names to {condition: …}", at: dependsOn.value.location)
                continue
            }
            for pair in pairs {
                guard declared.contains(pair.key) else {
                    let notes = Suggestions.didYouMean(pair.key, among: declared).map { [Diagnostic.Note($0)] } ?? []
                    diagnostics.append(
                        .error("process '\(entry.name)' depends on '\(pair.key)', which is not declared", at: pair.keyLocation, notes: notes))
                    continue
                }
                var written = "process_started"
                if case .mapping(let fields) = pair.value.kind, let condition = Fields(fields)["condition"] {
                    written = condition.value.scalarText ?? ""
                } else if !pair.value.isNull {
                    error("the dependency on '\(pair.key)' must be {condition: …}", at: pair.value.location)
                    continue
                }
                guard let condition = Self.conditions[written] else {
                    let names = Self.conditions.keys.sorted().joined(separator: ", ")
                    error("unknown condition '\(written)' for '\(pair.key)'; process-compose has \(names)", at: pair.value.location)
                    continue
                }
                plan.waits[entry.name, default: []].append(Wait(target: pair.key, condition: condition))
                if written == "process_healthy" || written == "process_log_ready", plan.daemons[pair.key] == nil {
                    plan.daemons[pair.key] = "\(entry.name) waits for it with \(written)"
                }
            }
        }
        return plan
    }

    /// `name` as muster spells names, unique among `used`: other characters become `-`.
    static func musterName(_ name: String, used: Set<String>) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            let fits = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
            scalars.append(fits ? scalar : "-")
        }
        return ImportedName.unique(String(scalars), droppingLeading: ["-", "_", "."], used: used)
    }
}
