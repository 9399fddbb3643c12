internal import MusterManifest
internal import MusterPlan

/// Jobs with `inputs:` under the cache: looked up at their first launch, stored when they succeed.
extension RunState {
    /// Ends job `index` as `cached` instead of launching it, when the cache has a run with its key
    /// and unchanged outputs (and `--rerun` does not name it); its stored output is replayed.
    /// Works out its key either way, for its dependents. False when it must run.
    mutating func launchFromCache(_ index: Int) -> Bool {
        let spec = plan.processes[index]
        guard let cache, !spec.daemon, !spec.inputs.isEmpty, entries[index].record.attempts == 0 else { return false }
        let dependencies = plan.dependencies[index].map { (name: name($0.dependency), key: entries[$0.dependency].cacheKey) }
        guard let key = cache.key(of: spec, dependencyKeys: dependencies) else {
            say("\(name(index)): an input cannot be read; running it")
            return false
        }
        entries[index].cacheKey = key
        guard !options.rerun.contains(spec.name), let hit = cache.hit(spec.name, key: key) else { return false }
        let now = WallTime.now()
        entries[index].record.startedAt = now
        entries[index].record.finishedAt = now
        entries[index].record.readyAt = now
        entries[index].record.ready = true
        entries[index].record.exitcode = 0
        entries[index].record.status = .cached
        entries[index].record.cached = true
        say("\(name(index)) cached (key \(key.prefix(12))): not run; its last run's output follows")
        output.replay(hit.lines, of: index)
        releaseBlock(index, nil)
        skip(scheduler.markStarted(index))
        skip(scheduler.markEnded(index, success: true, failure: "cached"))
        answerControlWaiters(index, reached: .ended)
        return true
    }

    /// Stores job `index`'s successful run under its key: its outputs and its last lines.
    func storeInCache(_ index: Int) {
        let spec = plan.processes[index]
        guard let cache, let key = entries[index].cacheKey else { return }
        cache.store(spec.name, key: key, outputs: spec.outputs, in: spec.workingDirectory, lines: output.lastLines(of: index))
    }
}
