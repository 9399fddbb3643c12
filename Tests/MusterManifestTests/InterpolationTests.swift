import MusterManifest
import Testing

struct InterpolationTests {
    private let variables = ["SET": "value", "EMPTY": ""]

    private func expand(_ text: String) -> (String, [Interpolation.Problem]) {
        let result = Interpolation.expand(text) { variables[$0] }
        return (result.value, result.problems)
    }

    @Test(arguments: [
        ("${SET}", "value"),
        ("a${SET}b", "avalueb"),
        ("${SET:-d}", "value"),
        ("${EMPTY:-d}", "d"),
        ("${EMPTY-d}", ""),
        ("${UNSET-d}", "d"),
        ("${UNSET:-d}", "d"),
        ("${SET:+alt}", "alt"),
        ("${EMPTY:+alt}", ""),
        ("${EMPTY+alt}", "alt"),
        ("${UNSET:-${SET}}", "value"),
        ("$$", "$"),
        ("$${SET}", "${SET}"),
        ("$SET $(date) $", "$SET $(date) $"),
        ("${SET:?needed}", "value"),
    ])
    func expands(_ input: String, _ expected: String) {
        let (value, problems) = expand(input)
        #expect(value == expected)
        #expect(problems.isEmpty)
    }

    @Test func requiredVariableThatIsUnsetIsAnErrorWithTheMessage() {
        let (_, problems) = expand("run ${UNSET:?set UNSET to the database URL}")
        #expect(problems == [.init(severity: .error, message: "variable 'UNSET' is not set: set UNSET to the database URL", offset: 4)])
    }

    @Test func requiredVariableThatIsEmptyIsAnError() {
        let (_, problems) = expand("${EMPTY:?}")
        #expect(problems.map(\.message) == ["variable 'EMPTY' is empty: is required"])
        #expect(expand("${EMPTY?}").1.isEmpty)
    }

    @Test func unsetPlainVariableWarnsAndExpandsEmpty() {
        let (value, problems) = expand("x${UNSET}y")
        #expect(value == "xy")
        #expect(problems.map(\.severity) == [.warning])
    }

    @Test(arguments: ["${", "${SET", "${SET:-x", "${}", "${1A}", "${SET%x}"])
    func malformedExpressionsAreErrors(_ input: String) {
        #expect(expand(input).1.first?.severity == .error)
    }
}
