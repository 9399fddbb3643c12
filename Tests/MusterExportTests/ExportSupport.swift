import MusterExport
import MusterManifest
import MusterPlan
import MusterTestSupport
import Testing

/// Manifests exported in memory, and their YAML read back with muster's own parser.
enum ExportSupport {
    /// The plan of manifest `text` (as `/project/muster.yaml`); the test fails on a diagnostic error.
    static func plan(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Plan {
        let loaded = loadManifest(text)
        let errors = loaded.diagnostics.filter { $0.severity == .error }.map(\.message)
        try #require(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
        let planned = Planner.plan(loaded.manifest)
        try #require(planned.diagnostics.isEmpty, "\(planned.diagnostics.map(\.message))", sourceLocation: sourceLocation)
        return planned.plan
    }

    /// `text` exported to `format`.
    static func export(
        _ format: ExportFormat, _ text: String, image: String? = "alpine:3.20", lossy: Bool = false,
        probeCommand: [String] = ["/usr/bin/muster", "probe", "--file", "/project/muster.yaml"]
    ) throws -> ExportOutput {
        let options = ExportOptions(image: image, lossy: lossy, probeCommand: probeCommand)
        return try format.exporter.export(try plan(text), options: options)
    }

    /// The error `text`'s export to `format` throws; the test fails when it exports.
    static func error(
        _ format: ExportFormat, _ text: String, image: String? = "alpine:3.20", sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> ExportError {
        do {
            let output = try export(format, text, image: image)
            Issue.record("exported, but should not have: \(output.files.map(\.contents))", sourceLocation: sourceLocation)
            throw ExportSupportFailure()
        } catch let error as ExportError {
            return error
        }
    }

    /// The single YAML file of `output`, parsed.
    static func yaml(_ output: ExportOutput, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Node {
        try #require(output.files.count == 1, sourceLocation: sourceLocation)
        let parsed = YAMLParser(file: output.files[0].name).parse(Array(output.files[0].contents.utf8))
        try #require(parsed.diagnostics.isEmpty, "\(parsed.diagnostics.map(\.message))", sourceLocation: sourceLocation)
        return try #require(parsed.root, sourceLocation: sourceLocation)
    }
}

/// Thrown after an issue is recorded, to end the test.
struct ExportSupportFailure: Error {}

extension ExportError {
    /// Each problem as `PROCESS FIELD`, for compact assertions.
    var places: [String] { problems.map { "\($0.process ?? "-") \($0.field ?? "-")" } }
}

extension ExportOutput {
    /// Each warning as `PROCESS FIELD`.
    var warningPlaces: [String] { warnings.map { "\($0.process ?? "-") \($0.field ?? "-")" } }

    /// The file called `name`.
    func file(_ name: String) -> String? { files.first { $0.name == name }?.contents }
}

extension Node {
    /// The value of `key` in a mapping.
    subscript(key: String) -> Node? {
        guard case .mapping(let pairs) = kind else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// Item `index` of a sequence.
    subscript(index: Int) -> Node? {
        guard case .sequence(let items) = kind, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The items of a sequence.
    var items: [Node] {
        guard case .sequence(let items) = kind else { return [] }
        return items
    }

    /// The keys of a mapping, in order.
    var keys: [String] {
        guard case .mapping(let pairs) = kind else { return [] }
        return pairs.map(\.key)
    }

    /// The item of a sequence of mappings whose `name` is `name`.
    func item(named name: String) -> Node? {
        items.first { $0["name"]?.scalarText == name }
    }

    /// A scalar's text, when YAML reads it as a string.
    var string: String? { scalarType == .string ? scalarText : nil }

    /// A scalar's value, when YAML reads it as an integer.
    var integer: Int? {
        if case .integer(let value)? = scalarType { return value }
        return nil
    }

    /// A sequence of strings.
    var strings: [String]? {
        let texts = items.map(\.string)
        return texts.contains(nil) ? nil : texts.map { $0! }
    }

    /// An `env` list of `{name, value}` as a dictionary.
    var environment: [String: String] {
        Dictionary(items.compactMap { item in item["name"]?.string.map { ($0, item["value"]?.string ?? "") } }) { a, _ in a }
    }
}

/// Kubernetes' expansion of `$(VAR)` in a container's command and env values
/// (third_party/forked/golang/expansion), with every variable defined as `<VAR>`: what a
/// container would get.
enum KubernetesExpansion {
    static func expand(_ text: String) -> String {
        let input = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < input.count {
            guard input[index] == "$", index + 1 < input.count else {
                output.append(input[index])
                index += 1
                continue
            }
            let next = input[index + 1]
            if next == "$" {
                output.append("$")
                index += 2
            } else if next == "(", let close = input[(index + 2)...].firstIndex(of: ")") {
                output.append(contentsOf: "<\(String(String.UnicodeScalarView(input[(index + 2)..<close])))>".unicodeScalars)
                index = close + 1
            } else {
                output.append("$")
                index += 1
            }
        }
        return String(output)
    }
}
