internal import CMusterLinux
internal import Glibc
internal import MusterManifest
internal import Synchronization

/// Watches folders with inotify, read on the child reactor's thread (no thread or timer of its
/// own, nothing to do while nothing changes), and reports the paths that changed.
///
/// A recursive watch covers every folder below its root, `.git` left out, and folders created
/// later as they appear. A root that does not exist yet is watched once it appears: its nearest
/// existing ancestor is watched meanwhile. When inotify's watches run out (ENOSPC), the watcher
/// says so once and goes on with what it has.
final class FileWatcher: Sendable {
    private struct Folder {
        var path: String
        var recursive: Bool
    }

    private struct State {
        /// Watched folders by watch descriptor.
        var folders: [Int32: Folder] = [:]
        /// Roots that do not exist yet, with whether they are to be watched recursively.
        var missing: [(path: String, recursive: Bool)] = []
        /// Whether the shortage of watches was reported.
        var warnedAboutLimit = false
    }

    private let descriptor: Int32
    private let state = Mutex(State())
    private let onChange: Handler<[String]>
    private let onWarning: Handler<String>

    /// A watcher reporting changed paths to `onChange` and problems to `onWarning`; nil when
    /// inotify cannot be had (the warning says why).
    init?(onChange: Handler<[String]>, onWarning: Handler<String>) {
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        self.onChange = onChange
        self.onWarning = onWarning
        guard descriptor >= 0 else {
            onWarning("cannot watch files: inotify_init1: \(SystemError.text(errno))\(Self.limitHint(errno))")
            return nil
        }
    }

    /// Watches the folder `path` (and with `recursive`, every folder below it); a path that does
    /// not exist yet is watched once it appears. Returns false when it does not exist yet.
    @discardableResult
    func watch(_ path: String, recursive: Bool) -> Bool {
        state.withLock { state in add(path, recursive: recursive, to: &state) }
    }

    /// Starts reading events on the reactor's thread.
    func start() {
        ChildReactor.shared.read(descriptor, onReadable: Handler { [self] _ in readEvents() })
    }

    /// Stops watching and closes the inotify descriptor.
    func stop() {
        ChildReactor.shared.stopReading(descriptor)
        close(descriptor)
    }

    private static func limitHint(_ code: Int32) -> String {
        code == ENOSPC || code == EMFILE
            ? "; raise fs.inotify.max_user_watches (sysctl fs.inotify.max_user_watches=524288) to watch more" : ""
    }

    /// Adds watches for `path` (recursively), or notes it as missing and watches its nearest
    /// existing ancestor.
    private func add(_ path: String, recursive: Bool, to state: inout State) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            if !state.missing.contains(where: { $0.path == path }) { state.missing.append((path, recursive)) }
            var ancestor = path
            while ancestor != "/" {
                ancestor = Self.parent(of: ancestor)
                var parentInfo = stat()
                if stat(ancestor, &parentInfo) == 0 {
                    addOne(ancestor, recursive: false, to: &state)
                    break
                }
            }
            return false
        }
        addOne(path, recursive: recursive, to: &state)
        guard recursive else { return true }
        for child in Self.subfolders(of: path) { _ = add(child, recursive: true, to: &state) }
        return true
    }

    /// One inotify watch on the folder `path`.
    private func addOne(_ path: String, recursive: Bool, to state: inout State) {
        let wd = inotify_add_watch(descriptor, path, muster_watch_events)
        guard wd >= 0 else {
            let code = errno
            if code == ENOSPC, !state.warnedAboutLimit {
                state.warnedAboutLimit = true
                onWarning("inotify has no watches left (at \(path)); changes below it go unnoticed\(Self.limitHint(code))")
            }
            return
        }
        let recursive = recursive || state.folders[wd]?.recursive == true
        state.folders[wd] = Folder(path: path, recursive: recursive)
    }

    /// The folders directly in `path`, `.git` left out.
    private static func subfolders(of path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var folders: [String] = []
        while let entry = readdir(directory) {
            guard entry.pointee.d_type == DT_DIR || entry.pointee.d_type == DT_UNKNOWN else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != ".", name != "..", name != ".git" else { continue }
            let child = path == "/" ? "/" + name : path + "/" + name
            if entry.pointee.d_type == DT_UNKNOWN {
                var info = stat()
                guard lstat(child, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            }
            folders.append(child)
        }
        return folders
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// Reads every pending event; watches new folders below recursive ones and roots that have
    /// appeared; reports the changed paths.
    private func readEvents() {
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { buffer.deallocate() }
        var changed: [String] = []
        state.withLock { state in
            while true {
                let count = Glibc.read(descriptor, buffer, size)
                guard count > 0 else { break }
                var offset = 0
                while offset < count {
                    let event = (buffer + offset).assumingMemoryBound(to: inotify_event.self).pointee
                    let nameLength = Int(event.len)
                    let nameStart = buffer + offset + MemoryLayout<inotify_event>.size
                    offset += MemoryLayout<inotify_event>.size + nameLength
                    if event.mask & UInt32(IN_IGNORED) != 0 {
                        state.folders[event.wd] = nil
                        continue
                    }
                    guard let folder = state.folders[event.wd] else { continue }
                    let name = String(
                        decoding: UnsafeRawBufferPointer(start: nameStart, count: nameLength).prefix { $0 != 0 }, as: UTF8.self)
                    let path = name.isEmpty ? folder.path : (folder.path == "/" ? "/" : folder.path + "/") + name
                    let isFolder = event.mask & UInt32(IN_ISDIR) != 0
                    if isFolder, folder.recursive, name != ".git", event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                        _ = add(path, recursive: true, to: &state)
                    }
                    changed.append(path)
                }
            }
            // Roots that did not exist may have appeared.
            if !state.missing.isEmpty, !changed.isEmpty {
                let missing = state.missing
                state.missing.removeAll()
                for root in missing {
                    if add(root.path, recursive: root.recursive, to: &state) { changed.append(root.path) }
                }
            }
        }
        if !changed.isEmpty { onChange(changed) }
    }
}
