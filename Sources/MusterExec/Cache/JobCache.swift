internal import Glibc
internal import MusterControl
internal import MusterManifest

/// Content-addressed caching of jobs that declare `inputs:`.
///
/// A job's key is the SHA-256 of its command, its environment from the manifest, its working
/// folder, every input file's path and contents, and the keys of the jobs it depends on. The
/// cache keeps, per job, the key of its last successful run, the digests of its `outputs:` then,
/// and its last lines of output. A job whose key matches and whose outputs are all still there,
/// unchanged, need not run again.
///
/// Each job's entry is one file (`jobs/NAME-HASH`), written atomically: a killed run leaves the
/// old entry or the new one, and two runs at once each write whole files (the last one stays).
/// An entry that does not read back whole is a miss.
package final class JobCache {
    /// A job's last successful run, as stored.
    struct Entry {
        /// Its key.
        var key: String
        /// Its outputs then: absolute path → hex digest.
        var outputs: [(path: String, digest: String)]
        /// Its last lines of output, oldest first.
        var lines: [String]
    }

    /// The cache folder.
    let folder: String
    /// File digests, remembered across runs by `stat`.
    let digests: FileDigests

    /// The cache in `folder` (made when missing).
    init(folder: String) {
        self.folder = folder
        CacheFiles.makeFolders(folder + "/jobs")
        digests = FileDigests(folder: folder)
    }

    /// The key of `spec` given its dependencies' keys (name → key; a dependency without one
    /// counts by name), or nil when an input cannot be read.
    func key(of spec: ProcessSpec, dependencyKeys: [(name: String, key: String?)]) -> String? {
        var hasher = SHA256Hasher()
        hasher.update(field: "muster-job-cache 2")
        for argument in spec.command.arguments { hasher.update(field: argument) }
        hasher.update(field: "env")
        for (name, value) in spec.environment.sorted(by: { $0.key < $1.key }) { hasher.update(field: name + "=" + value) }
        hasher.update(field: "cwd " + spec.workingDirectory)
        hasher.update(field: "inputs")
        let inputs = FileGlob.files(matching: spec.inputs, in: spec.workingDirectory)
        let readable = digests.forEachDigest(of: inputs) { path, digest in
            hasher.update(field: path)
            digest.withUnsafeBytes { hasher.update($0) }
        }
        guard readable else { return nil }
        hasher.update(field: "dependencies")
        for dependency in dependencyKeys {
            hasher.update(field: dependency.name)
            hasher.update(field: dependency.key ?? "-")
        }
        return hasher.finalize().hex
    }

    /// The stored entry of job `name` when its key is `key` and its outputs are unchanged.
    func hit(_ name: String, key: String) -> Entry? {
        guard let entry = read(name), entry.key == key else { return nil }
        for output in entry.outputs where digests.digest(of: output.path)?.hex != output.digest { return nil }
        return entry
    }

    /// Stores job `name`'s successful run under `key`: its outputs (matched by `patterns` in
    /// `base`) and its last `lines`.
    func store(_ name: String, key: String, outputs patterns: [String], in base: String, lines: [String]) {
        var outputs: [(String, String)] = []
        for path in FileGlob.files(matching: patterns, in: base) {
            guard let digest = digests.digest(of: path) else { return }
            outputs.append((path, digest.hex))
        }
        var text = "muster-job-cache 1\nkey \(key)\n"
        for (path, digest) in outputs where !path.contains("\n") { text += "output \(digest) \(path)\n" }
        text += "lines \(lines.count)\n"
        for line in lines { text += line.replacing("\n", with: " ") + "\n" }
        text += "end\n"
        _ = CacheFiles.writeAtomically(Array(text.utf8), to: path(of: name))
    }

    /// Writes the file digests learnt back to the stat cache.
    func save() { digests.save() }

    /// Job `name`'s entry file.
    private func path(of name: String) -> String {
        folder + "/jobs/" + name + "-" + String(SHA256Hasher.hash(Array(name.utf8)).hex.prefix(12))
    }

    /// Job `name`'s entry; nil when there is none or it does not read back whole.
    private func read(_ name: String) -> Entry? {
        let lines = String(decoding: CacheFiles.read(path(of: name)), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines[0] == "muster-job-cache 1", lines[1].hasPrefix("key ") else { return nil }
        var entry = Entry(key: String(lines[1].dropFirst(4)), outputs: [], lines: [])
        var index = 2
        while index < lines.count, lines[index].hasPrefix("output ") {
            let fields = lines[index].dropFirst(7).split(separator: " ", maxSplits: 1)
            guard fields.count == 2 else { return nil }
            entry.outputs.append((String(fields[1]), String(fields[0])))
            index += 1
        }
        guard index < lines.count, lines[index].hasPrefix("lines "), let count = Int(lines[index].dropFirst(6)),
            index + 1 + count < lines.count, lines[index + 1 + count] == "end"
        else { return nil }
        entry.lines = lines[(index + 1)..<(index + 1 + count)].map(String.init)
        return entry
    }

    /// Empties the cache in `folder`: its entries and its stat cache. False when something
    /// could not be removed; a folder that does not exist is empty already.
    package static func clean(_ folder: String) -> Bool {
        var removed = true
        if let jobs = opendir(folder + "/jobs") {
            while let entry = readdir(jobs) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name != "." && name != ".." && unlink(folder + "/jobs/" + name) != 0 { removed = false }
            }
            closedir(jobs)
        }
        if unlink(folder + "/stat-cache") != 0 && errno != ENOENT { removed = false }
        return removed
    }
}
