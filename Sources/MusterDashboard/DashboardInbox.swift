internal import Glibc
internal import MusterControl
internal import Synchronization

/// What reaches the dashboard's loop from other threads: the run's `subscribe` responses, the
/// answers to commands, and the end of the subscription. Posting wakes the loop through a pipe
/// (one byte for any number of items, so a flood of lines costs one wake-up per frame).
final class DashboardInbox: Sendable {
    enum Item: Sendable {
        case response(ControlResponse)
        case answer(String)
        case closed(String?)
    }

    private let items = Mutex<[Item]>([])
    /// The end the loop polls.
    let readEnd: Int32
    private let writeEnd: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        _ = pipe(&ends)
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    /// Queues `item`, waking the loop if nothing was queued.
    func post(_ item: Item) {
        let wasEmpty = items.withLock { items in
            defer { items.append(item) }
            return items.isEmpty
        }
        guard wasEmpty else { return }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Everything queued, emptying the queue and the pipe.
    func take() -> [Item] {
        var bytes = [UInt8](repeating: 0, count: 64)
        while bytes.withUnsafeMutableBytes({ read(readEnd, $0.baseAddress, $0.count) }) > 0 {}
        return items.withLock { items in
            defer { items.removeAll(keepingCapacity: true) }
            return items
        }
    }
}
