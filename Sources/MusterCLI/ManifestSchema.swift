enum ManifestSchema { static let text = "{}\n" }
