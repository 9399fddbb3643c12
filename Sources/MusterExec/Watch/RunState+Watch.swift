internal import MusterManifest
internal import MusterPlan

/// What the file watcher looks out for in a running `up`, and the debounces going on.
struct WatchState {
    /// The watcher; nil in `run`, or when nothing is watched.
    var watcher: FileWatcher?
    /// The matcher of each entry with `watch:`, by index.
    var matchers: [Int: WatchMatcher] = [:]
    /// The latest debounce of each entry, by index: only the last one runs it again.
    var generations: [Int: Int] = [:]
    /// The first path that changed in each entry's current debounce.
    var changedPaths: [Int: String] = [:]
    /// The latest debounce of a manifest reload.
    var reloadGeneration = 0
    /// Whether the manifest's files are watched (`up` without `--no-reload`).
    var reloadsByItself = false
    /// Jobs run again by a change whose dependents start again once they succeed.
    var dependentsWaitFor: Set<Int> = []
}

/// `watch:` and the manifest's own files in `up`: a change runs the entry again, then what
/// depends on it; a change to the manifest reloads it.
extension RunState {
    /// How long changes to the manifest's files gather before the reload.
    static let reloadDebounce = Duration.milliseconds(200)

    /// Starts watching the manifest's files and every entry's `watch:` (only in `up`).
    mutating func startWatching() {
        guard options.keepDaemons else { return }
        let hasWatches = plan.processes.contains { $0.watch != nil }
        watching.reloadsByItself = !reloadFiles.isEmpty
        guard hasWatches || watching.reloadsByItself else { return }
        let events = self.events
        watching.watcher = FileWatcher(
            onChange: Handler { events.yield(.filesChanged($0)) }, onWarning: Handler { events.yield(.warning($0)) })
        watchManifestFiles()
        watchFiles(of: Array(plan.processes.indices))
        watching.watcher?.start()
    }

    /// Watches the folders of the manifest's files.
    mutating func watchManifestFiles() {
        guard watching.reloadsByItself, let watcher = watching.watcher else { return }
        for folder in Set(reloadFiles.map(Self.folder(of:))) { watcher.watch(folder, recursive: false) }
    }

    /// Watches what the `watch:` of `indices` names (warning about paths that do not exist yet).
    mutating func watchFiles(of indices: [Int]) {
        for index in indices where !entries[index].removed {
            let spec = plan.processes[index]
            guard let watch = spec.watch else {
                watching.matchers[index] = nil
                continue
            }
            let matcher = WatchMatcher(watch: watch, logFile: spec.logFile)
            watching.matchers[index] = matcher
            guard let watcher = watching.watcher else { continue }
            for root in matcher.roots where !watcher.watch(root.path, recursive: root.recursive) {
                say("warning: \(name(index)): \(Self.shown(root.path, in: spec.workingDirectory)) does not exist; it is watched once it appears")
            }
        }
    }

    /// Stops the file watcher (the run is over).
    mutating func stopWatching() {
        watching.watcher?.stop()
        watching.watcher = nil
    }

    /// Files changed: starts (or starts over) the debounce of a reload, and of each entry whose
    /// `watch:` covers one of them.
    mutating func filesChanged(_ paths: [String]) {
        guard mode == .running else { return }
        if watching.reloadsByItself, paths.contains(where: reloadFiles.contains) {
            watching.reloadGeneration += 1
            let (events, generation) = (self.events, watching.reloadGeneration)
            tasksToStart.append {
                try? await Task.sleep(for: Self.reloadDebounce)
                events.yield(.reloadDue(generation: generation))
            }
        }
        for (index, matcher) in watching.matchers where !entries[index].removed {
            guard let path = paths.first(where: matcher.matches) else { continue }
            let generation = (watching.generations[index] ?? 0) + 1
            watching.generations[index] = generation
            if watching.changedPaths[index] == nil { watching.changedPaths[index] = path }
            let (events, delay) = (self.events, matcher.watch.debounce)
            tasksToStart.append {
                try? await Task.sleep(for: delay)
                events.yield(.watchDue(index, generation: generation))
            }
        }
    }

    /// `index`'s watched files changed: runs it again (a job running now is stopped and started
    /// over). A daemon's dependents start again with it; a job's, once it has succeeded — if it
    /// fails, they keep running as they are.
    mutating func rerun(_ index: Int) {
        guard mode == .running, !entries[index].removed else { return }
        let path = watching.changedPaths.removeValue(forKey: index) ?? ""
        let spec = plan.processes[index]
        let shown = Self.shown(path, in: spec.workingDirectory)
        say("\(name(index)): \(shown) changed, " + (spec.daemon ? "restarting" : "running again"))
        if spec.daemon {
            reset([index], dependents: true)
        } else {
            watching.dependentsWaitFor.insert(index)
            reset([index], dependents: false)
        }
    }

    /// A job run again by a change has ended: on success its dependents start again; on failure
    /// they keep running, and muster says so.
    mutating func rerunEnded(_ index: Int, success: Bool) {
        guard watching.dependentsWaitFor.remove(index) != nil else { return }
        let running = plan.dependents[index].map(\.dependent).filter { entries[$0].alive && !entries[$0].resetPending }
        if success {
            reset(plan.dependents[index].map(\.dependent), dependents: true)
        } else if !running.isEmpty {
            let names = Set(running).sorted().map(name).joined(separator: ", ")
            say("\(name(index)) failed; \(names) keep\(running.count == 1 ? "s" : "") running as before")
        }
    }

    /// `path` relative to `folder` when it is inside it.
    static func shown(_ path: String, in folder: String) -> String {
        path.hasPrefix(folder + "/") ? String(path.dropFirst(folder.count + 1)) : path
    }

    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
