import Dispatch
import Foundation
import MusterTestSupport
import Synchronization
import Testing

/// `muster check` and the manifest's JSON Schema (as Tests/Fixtures/validate_with_schema.py reads
/// YAML: PyYAML, YAML 1.1) give the same verdict — valid (exit 0, warnings allowed) or invalid
/// (exit 2) — on every example, every fixture and a generated corpus of field values.
struct SchemaAgreementTests {
    /// Errors that need the whole graph, which no JSON Schema can express.
    static let graphErrors = [
        "depends on unknown process", "depends on itself", "dependency cycle:", "extends cycle:", "include cycle:",
        "which this manifest does not define", "and neither has", "is defined twice", "whose profile",
        "no process is left to run",
    ]

    @Test func examplesAndFixturesGetTheSameVerdict() throws {
        let files =
            CheckCommandTests.examples.map { "examples/\($0)" }
            + CheckCommandTests.brokenFixtures.map { "Tests/Fixtures/manifests/\($0).yaml" }
        let schema = try schemaVerdicts(files)
        var disagreements: [String] = []
        for file in files {
            let check = try MusterBinary.run(["check", "--no-color", "-f", file])
            let valid = try #require(verdict(check) as Bool?, "\(file): \(check.standardError)")
            if valid == schema[file]?.valid { continue }
            let errors = check.standardError.split(separator: "\n").filter { $0.contains(": error: ") }
            let beyondTheSchema = errors.allSatisfy { line in Self.graphErrors.contains { line.contains($0) } }
            if !valid && schema[file]?.valid == true && !errors.isEmpty && beyondTheSchema { continue }
            disagreements.append(
                "\(file): check says \(valid ? "valid" : "invalid"), schema: \(schema[file]?.line ?? "?")")
        }
        #expect(disagreements.isEmpty, "\(disagreements.joined(separator: "\n"))")
    }

    @Test(.timeLimit(.minutes(3)))
    func generatedCorpusGetsTheSameVerdict() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let cases = SchemaCorpus.cases
        let paths = cases.enumerated().map { index, corpusCase in
            let label = corpusCase.label.replacingOccurrences(of: "\n", with: "\\n")
            return folder.write("\(corpusCase.folder)/case-\(index).yaml", "# \(label)\n" + corpusCase.text)
        }
        for name in SchemaCorpus.pathNames {
            folder.write("env_file/\(name)", "")
            folder.write("top-env_file/\(name)", "")
            folder.write("cwd/\(name)/.keep", "")
        }
        for (path, text) in SchemaCorpus.namedManifests { folder.write(path, text) }
        let schema = try schemaVerdicts(paths)
        let checks = checkVerdicts(paths)
        var disagreements: [String] = []
        for (index, corpusCase) in cases.enumerated() {
            let path = paths[index]
            guard let check = checks[index], let valid = verdict(check) else {
                disagreements.append("\(corpusCase.label): check did not answer: \(checks[index]?.standardError ?? "")")
                continue
            }
            guard let expected = schema[path] else {
                disagreements.append("\(corpusCase.label): the validator did not answer")
                continue
            }
            if valid != expected.valid {
                let firstError = check.standardError.split(separator: "\n").first { $0.contains(": error: ") } ?? ""
                disagreements.append(
                    "\(corpusCase.label) [\(path)]: check says \(valid ? "valid" : "invalid: \(firstError)"); "
                        + "schema says \(expected.line)")
            }
        }
        #expect(
            disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(disagreements.joined(separator: "\n"))")
        // The corpus means something only with plenty of both verdicts.
        let valid = schema.values.filter(\.valid).count
        #expect(valid > cases.count / 5 && valid < cases.count * 4 / 5, "\(valid) of \(cases.count) valid")
    }

    /// The validator's line for each file, and whether it said "ok".
    private func schemaVerdicts(_ files: [String]) throws -> [String: (valid: Bool, line: String)] {
        let (_, output) = try validate(with: "schemas/muster.schema.json", files)
        var verdicts: [String: (valid: Bool, line: String)] = [:]
        for line in output.split(separator: "\n").map(String.init) {
            if line.hasPrefix("ok ") {
                verdicts[String(line.dropFirst(3))] = (true, line)
            } else if line.hasPrefix("invalid "), let colon = line.range(of: ": ") {
                verdicts[String(line[line.index(line.startIndex, offsetBy: 8)..<colon.lowerBound])] = (false, line)
            }
        }
        return verdicts
    }

    /// `muster check -f PATH` for every path, a few at a time, on threads of their own.
    private func checkVerdicts(_ paths: [String]) -> [MusterBinary.Outcome?] {
        let results = Mutex([MusterBinary.Outcome?](repeating: nil, count: paths.count))
        let lanes = 3
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for index in stride(from: lane, to: paths.count, by: lanes) {
                let outcome = try? MusterBinary.run(["check", "--no-color", "-f", paths[index]])
                results.withLock { $0[index] = outcome }
            }
        }
        return results.withLock { $0 }
    }

    /// Valid for exit 0, invalid for exit 2, nil for anything else (a crash).
    private func verdict(_ outcome: MusterBinary.Outcome) -> Bool? {
        switch outcome.status {
        case 0: return true
        case 2: return false
        default: return nil
        }
    }
}
