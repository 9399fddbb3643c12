/// How `muster export` was asked to export.
package struct ExportOptions: Sendable {
    /// The image of entries that name none (`--image`); nil when not given.
    package var image: String?
    /// Export what the target cannot express as warnings and comments instead of failing.
    package var lossy: Bool
    /// The command line that runs `muster probe` on the manifest, to which the entry's name is
    /// appended: a systemd unit's `ExecStartPre=` waits with it for a dependency to be ready.
    /// Absolute paths, as systemd wants: `["/usr/local/bin/muster", "probe", "--file", "/srv/muster.yaml"]`.
    package var probeCommand: [String]

    /// Creates options.
    package init(image: String? = nil, lossy: Bool = false, probeCommand: [String] = ["/usr/local/bin/muster", "probe"]) {
        self.image = image
        self.lossy = lossy
        self.probeCommand = probeCommand
    }
}
