import MusterTestSupport
import Testing

/// How to use the schema outside this repository.
struct SchemaHelpTests {
    @Test func schemaHelpShowsHowToPointAnEditorAtIt() throws {
        let outcome = try MusterBinary.run(["schema", "--help"])
        #expect(outcome.standardOutput.contains("muster schema > .muster.schema.json"))
        #expect(outcome.standardOutput.contains("# yaml-language-server: $schema=.muster.schema.json"))
    }
}
