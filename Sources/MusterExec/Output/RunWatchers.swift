internal import Dispatch
internal import MusterControl
internal import Synchronization

/// What a client following the run is told.
enum RunMessage: Sendable {
    /// Lines an entry wrote on one of its streams, at one moment.
    case lines(entry: Int, standardError: Bool, [String], at: WallTime)
    /// One of muster's own event lines (`muster: web started (pid 4121)`).
    case event(String)
    /// An entry's attributes changed.
    case state(ProcessStatus)
}

/// One client following the run (`logs -f`, `attach`, a dashboard): its messages, queued and
/// bounded so that a slow client holds up nobody. Beyond `limit` lines, the oldest are dropped.
final class RunWatcher: Sendable {
    private static let limit = 10_000
    private struct State {
        var messages: [RunMessage] = []
        var weight = 0
        var closed = false
    }

    /// The one entry whose lines it follows; nil: every entry's lines, events and states.
    let entry: Int?
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)

    /// A watcher of `entry`'s lines, or (nil) of everything.
    init(entry: Int?) {
        self.entry = entry
    }

    /// Queues `message` and wakes the reader.
    func push(_ message: RunMessage) {
        state.withLock { state in
            state.messages.append(message)
            state.weight += Self.weight(of: message)
            while state.weight > Self.limit, state.messages.count > 1 {
                state.weight -= Self.weight(of: state.messages.removeFirst())
            }
        }
        available.signal()
    }

    private static func weight(of message: RunMessage) -> Int {
        if case .lines(_, _, let lines, _) = message { return lines.count }
        return 1
    }

    /// No more messages will come.
    func close() {
        state.withLock { $0.closed = true }
        available.signal()
    }

    /// The messages queued so far, waiting for some (until `deadline` at most: then none); nil
    /// once closed and drained.
    func take(until deadline: DispatchTime? = nil) -> [RunMessage]? {
        while true {
            let (messages, closed) = state.withLock { state -> ([RunMessage], Bool) in
                defer {
                    state.messages.removeAll()
                    state.weight = 0
                }
                return (state.messages, state.closed)
            }
            if !messages.isEmpty { return messages }
            if closed { return nil }
            if let deadline {
                if available.wait(timeout: deadline) == .timedOut { return [] }
            } else {
                available.wait()
            }
        }
    }
}

/// The clients following a run, and what is published to them.
final class RunWatchers: Sendable {
    private let watchers = Mutex<[ObjectIdentifier: RunWatcher]>([:])
    private let count = Atomic<Int>(0)

    /// Whether nobody follows the run (a cheap check before making messages).
    var isEmpty: Bool { count.load(ordering: .relaxed) == 0 }

    /// Whether someone follows everything (events and states).
    var followEverything: Bool { !isEmpty && watchers.withLock { $0.values.contains { $0.entry == nil } } }

    /// Starts sending to `watcher`.
    func add(_ watcher: RunWatcher) {
        watchers.withLock { $0[ObjectIdentifier(watcher)] = watcher }
        count.add(1, ordering: .relaxed)
    }

    /// Stops sending to `watcher`.
    func remove(_ watcher: RunWatcher) {
        if watchers.withLock({ $0.removeValue(forKey: ObjectIdentifier(watcher)) }) != nil {
            count.subtract(1, ordering: .relaxed)
        }
    }

    /// Sends `message` to those it is for: lines to the watchers of their entry and of
    /// everything, events and states to the watchers of everything.
    func publish(_ message: RunMessage) {
        guard !isEmpty else { return }
        let entry: Int? = if case .lines(let entry, _, _, _) = message { entry } else { nil }
        for watcher in watchers.withLock({ Array($0.values) }) where watcher.entry == nil || watcher.entry == entry {
            watcher.push(message)
        }
    }

    /// Closes every watcher (the run is over).
    func closeAll() {
        let all = watchers.withLock { watchers -> [RunWatcher] in
            defer { watchers.removeAll() }
            return Array(watchers.values)
        }
        count.store(0, ordering: .relaxed)
        for watcher in all { watcher.close() }
    }
}
