import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `subscribe`, as a client written apart from muster (Python's socket, hmac and json) sees it:
/// the first answer, the costs every `costs_ms`, the state changes and lines as they happen.
struct SubscribeProtocolTests {
    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func subscribeStreamsCostsStateChangesAndLines() throws {
        let sandbox = ControlSandbox(
            manifest: """
                name: shop
                processes:
                  web: {command: "echo web up; exec sleep 300", daemon: true}
                """)
        defer { sandbox.remove() }
        let up = try sandbox.up()
        defer { up.shutDown() }
        #expect(up.waitForLine(on: .standardError) { $0.hasPrefix("muster: web started") } != nil)
        let client = try WatchedProcess(
            ["python3", "Tests/Fixtures/tui/subscribe.py", MusterBinary.path, sandbox.folder.path + "/m.yaml", "web"],
            executable: "/usr/bin/env", in: MusterBinary.packageRoot, environment: sandbox.environment, watchdog: 30)
        let result = client.finish()
        try #require(result.status == 0, "\(result.stderr)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let first = try #require(seen["first"] as? [String: Any])
        #expect(first["project"] as? String == "shop")
        #expect((first["processes"] as? [[String: Any]])?.first?["name"] as? String == "web")
        #expect((first["lines"] as? [String])?.contains("web | web up") == true, "\(first)")
        let costs = try #require(seen["costs"] as? [[String: Any]])
        #expect(costs.count == 1 && costs[0]["name"] as? String == "web")
        #expect((costs[0]["rss_bytes"] as? Int ?? 0) > 0 && costs[0]["cpu_percent"] is Double && costs[0]["uptime_s"] is Double)
        let restarted = try #require(seen["restarted"] as? [String: Any])
        let oldPid = (first["processes"] as? [[String: Any]])?.first?["pid"] as? Int
        #expect(restarted["pid"] as? Int != nil && restarted["pid"] as? Int != oldPid)
        #expect(seen["lines"] as? [String] == ["web up"], "the new instance's line")
        #expect((seen["events"] as? [String])?.contains("muster: restarting web (muster restart)") == true, "\(seen)")
    }
}
