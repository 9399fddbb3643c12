internal import Glibc

/// The variables every entry of a run gets — muster's own environment plus `MUSTER_AUTHKEY` and
/// `MUSTER_CONTROL_SOCKET` — made into C strings once per run, so that a spawn only adds an
/// entry's own variables on top.
// @unchecked Sendable: immutable after `init`; the C strings are only read, and freed in `deinit`.
final class SharedEnvironment: @unchecked Sendable {
    /// The variables.
    let variables: [String: String]
    private let strings: [UnsafeMutablePointer<CChar>?]
    /// Where each variable's string is in `strings`.
    private let positions: [String: Int]

    init(_ variables: [String: String]) {
        self.variables = variables
        let keys = Array(variables.keys)
        strings = keys.map { strdup("\($0)=\(variables[$0]!)") }
        positions = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
    }

    deinit {
        for string in strings { free(string) }
    }

    /// Calls `body` with a NULL-terminated `envp`: these variables with `overrides` replacing or
    /// adding some. Valid during the call.
    func withEnvironment<Result>(
        overriding overrides: [String: String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        var pointers: [UnsafeMutablePointer<CChar>?] = []
        pointers.reserveCapacity(strings.count + overrides.count + 1)
        // Looked up by the few overrides, not by every shared variable: this runs for each spawn.
        let replaced = overrides.keys.compactMap { positions[$0] }
        if replaced.isEmpty {
            pointers += strings
        } else {
            for (position, string) in strings.enumerated() where !replaced.contains(position) { pointers.append(string) }
        }
        let own = overrides.map { strdup("\($0.key)=\($0.value)") }
        defer { for string in own { free(string) } }
        pointers += own
        pointers.append(nil)
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
