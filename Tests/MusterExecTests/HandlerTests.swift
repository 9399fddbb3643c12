import MusterExec
import Synchronization
import Testing

/// The handler box that replaced bare closures in mutexes (which leaked a thunk per read and
/// overflowed the stack after about a million reads and calls).
struct HandlerTests {
    @Test func aHandlerReadOutOfAMutexAMillionTimesIsStillOneCall() {
        let calls = Mutex(0)
        let slot = Mutex<Handler<Int>?>(Handler { value in calls.withLock { $0 += value } })
        for _ in 0..<1_000_000 {
            if let handler = slot.withLock({ $0 }) { handler(1) }
        }
        #expect(calls.withLock { $0 } == 1_000_000)
    }
}
