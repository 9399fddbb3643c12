internal import ArgumentParser

/// `muster schema`: print the manifest's JSON Schema (the same as schemas/muster.schema.json).
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the manifest's JSON Schema (draft 2020-12), for editors and validators.",
        discussion: "Editors with yaml-language-server pick it up from a first line such as\n# yaml-language-server: $schema=schemas/muster.schema.json"
    )

    @OptionGroup var ignored: IgnoredManifestOption

    func run() throws {
        Terminal.standardOutput.write(String(decoding: PackageResources.muster_schema_json, as: UTF8.self))
    }
}
