internal import Glibc

/// The runs going on this machine for this user: one socket each in the control folder. What
/// `muster ls` lists, and how `-p/--project NAME` finds a run by its project name.
package enum RunDirectory {
    /// A run that answered, with its `ps` answer (project, manifest, muster's pid, start, entries).
    package struct Run: Sendable {
        /// The run's socket.
        package var socket: String
        /// Its answer to `ps`.
        package var status: ControlResponse
    }

    /// Every run that answers on a socket of the control folder, in the folder's name order.
    /// Sockets nobody answers on (a run being torn down, a stale file) are left out.
    package static func runs(environment: [String: String]) -> [Run] {
        let folder = ControlPaths.folder(environment: environment)
        guard let directory = opendir(folder) else { return [] }
        var sockets: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".sock") { sockets.append(folder + "/" + name) }
        }
        closedir(directory)
        return sockets.sorted().compactMap { socket in
            let key = ControlClient.readKey(String(socket.dropLast(".sock".count)) + ".key")
            guard let client = try? ControlClient.connect(socket: socket, keyHex: key, whenNobodyListens: ""),
                let status = try? client.send(ControlRequest(command: "ps")), status.ok, status.ended != true
            else { return nil }
            return Run(socket: socket, status: status)
        }
    }

    /// Connects to the run whose project is `project`.
    ///
    /// - Throws: `ControlError` when no run has that project (naming those that go), or several do.
    package static func connect(project: String, environment: [String: String]) throws(ControlError) -> ControlClient {
        let all = runs(environment: environment)
        let matching = all.filter { $0.status.project == project }
        guard matching.count <= 1 else {
            let manifests = matching.map { $0.status.manifest_path ?? $0.status.manifest ?? "?" }.joined(separator: ", ")
            throw ControlError("\(matching.count) runs have the project '\(project)' (\(manifests)); pick one with -f PATH")
        }
        guard let run = matching.first else {
            let going = all.compactMap(\.status.project)
            let listed = going.isEmpty ? "no run is going" : "the runs going are " + going.map { "'\($0)'" }.joined(separator: ", ")
            throw ControlError("no run has the project '\(project)'; \(listed) (see muster ls)")
        }
        let key = ControlClient.readKey(String(run.socket.dropLast(".sock".count)) + ".key")
        return try ControlClient.connect(socket: run.socket, keyHex: key, whenNobodyListens: "the run of '\(project)' has ended")
    }
}
