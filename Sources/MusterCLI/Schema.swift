internal import ArgumentParser

/// `muster schema`: print the manifest's JSON Schema (the same as schemas/muster.schema.json).
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", _superCommandName: "muster",
        abstract: "Print the manifest's JSON Schema (draft 2020-12), for editors and validators.",
        discussion: """
            To have an editor check and complete manifests in any project, save the schema beside them and point yaml-language-server (VS Code's YAML extension, Neovim, Helix, …) at it with a first line in the manifest:

              muster schema > .muster.schema.json
              # yaml-language-server: $schema=.muster.schema.json
            """
    )

    @OptionGroup var ignored: IgnoredManifestOption

    func run() throws {
        Terminal.standardOutput.write(String(decoding: PackageResources.muster_schema_json, as: UTF8.self))
    }
}
