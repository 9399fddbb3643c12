import Foundation
import Glibc
import MusterTestSupport
import Testing

/// Orphans muster adopts as subreaper are reaped as they end, not only when the run ends.
struct OrphanReapingTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aLongUpDoesNotCollectZombies() throws {
        let sandbox = ControlSandbox(
            manifest: """
                processes:
                  spawner: {command: "for i in $(seq 40); do (sleep 0.01 &); done; sleep 0.5; echo spawned; exec sleep 300", daemon: true}
                  marker: {command: "exec sleep 300", daemon: true}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardOutput) { $0.hasSuffix("| spawned") } != nil)
        // Each adopted orphan's end brings a SIGCHLD; after a control round trip through the loop,
        // the ones already ended have been reaped.
        _ = try sandbox.ps()
        let children = try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == up.pid && fields[0] == "Z"
        }
        #expect(children.count < 5, "zombies under muster: \(children)")
    }
}
