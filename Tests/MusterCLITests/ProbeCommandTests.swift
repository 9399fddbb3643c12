import Foundation
import Glibc
import MusterTestSupport
import Testing

/// `muster probe NAME`: one entry's probe against what runs now, exit 0 when it passes, 1 when
/// its timeout is over, 2 when the entry has nothing it could check; and the systemd units that
/// export writes wait with it.
struct ProbeCommandTests {
    /// A TCP socket listening on a free port of 127.0.0.1; connections wait in its backlog unless
    /// `answerHTTP` serves them.
    final class Listener: @unchecked Sendable {  // @unchecked: fd and port are set once in init.
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            try #require(bound && listen(fd, 16) == 0)
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        /// Answers every connection with `status` on a thread of its own, until closed.
        func answerHTTP(_ status: String) {
            let fd = self.fd
            Thread.detachNewThread {
                while true {
                    let client = accept(fd, nil, nil)
                    guard client >= 0 else { return }
                    var buffer = [UInt8](repeating: 0, count: 1024)
                    _ = read(client, &buffer, buffer.count)
                    let answer = Array("HTTP/1.0 \(status)\r\nContent-Length: 0\r\n\r\n".utf8)
                    _ = answer.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                    Glibc.close(client)
                }
            }
        }

        func close() {
            shutdown(fd, Int32(SHUT_RDWR))
            Glibc.close(fd)
        }
    }

    private func manifest(_ folder: TemporaryDirectory, _ text: String) -> String {
        folder.write("muster.yaml", text)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aTCPProbePassesWhileThePortListens() throws {
        let listener = try Listener()
        defer { listener.close() }
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = manifest(folder, "processes:\n  db: {command: x, daemon: true, ready: {tcp: \"127.0.0.1:\(listener.port)\"}}\n")
        let outcome = try MusterBinary.run(["probe", "db", "-f", path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError == "muster: db is ready\n")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func aProbeThatNeverPassesExitsOneOnceItsTimeoutIsOver() throws {
        let listener = try Listener()
        let port = listener.port
        listener.close()
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = manifest(
            folder, "processes:\n  db: {command: x, ready: {tcp: \"127.0.0.1:\(port)\", interval: 50ms, timeout: 300ms}}\n")
        let outcome = try MusterBinary.run(["probe", "db", "-f", path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError == "muster: db: not ready after 300ms (tcp 127.0.0.1:\(port) refused)\n")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anHTTPProbeWantsA2xxOr3xxAnswer() throws {
        let ok = try Listener()
        defer { ok.close() }
        ok.answerHTTP("204 No Content")
        let broken = try Listener()
        defer { broken.close() }
        broken.answerHTTP("503 Service Unavailable")
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = manifest(
            folder,
            """
            processes:
              up: {command: x, ready: {http: "http://127.0.0.1:\(ok.port)/health"}}
              down: {command: x, ready: {http: "http://127.0.0.1:\(broken.port)/", interval: 50ms, timeout: 200ms}}
            """)
        #expect(try MusterBinary.run(["probe", "up", "-f", path]).status == 0)
        let down = try MusterBinary.run(["probe", "down", "-f", path])
        #expect(down.status == 1)
        #expect(down.standardError.contains("answered 503"), "\(down.standardError)")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anExecProbeRunsWithTheEntrysEnvironmentAndFolder() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("site/marker", "")
        let check = #"test "$WANT" = yes-please && test -f marker && test "$MUSTER_NAME" = svc"#
        let path = manifest(
            folder,
            """
            processes:
              svc: {command: x, cwd: site, env: {WANT: yes-please}, ready: {exec: '\(check)'}}
              other: {command: x, cwd: site, ready: {exec: '\(check)', interval: 50ms, timeout: 200ms}}
            """)
        let passes = try MusterBinary.run(["probe", "svc", "-f", path])
        #expect(passes.status == 0, "\(passes.standardError)")
        let fails = try MusterBinary.run(["probe", "other", "-f", path])
        #expect(fails.status == 1)
        #expect(fails.standardError.contains("not ready after 200ms (exec exited 1)"), "\(fails.standardError)")
    }

    @Test func anEntryWithoutAProbeOrWithALogProbeIsAUsageError() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = manifest(folder, "processes:\n  plain: {command: x}\n  logged: {command: x, ready: {log: up}}\n")
        let plain = try MusterBinary.run(["probe", "plain", "-f", path])
        #expect(plain.status == 2)
        #expect(plain.standardError == "muster: error: process 'plain' has no ready probe; add ready: {exec|tcp|http: …} to it\n")
        let logged = try MusterBinary.run(["probe", "logged", "-f", path])
        #expect(logged.status == 2)
        #expect(logged.standardError.contains("log: probe"))
        let unknown = try MusterBinary.run(["probe", "nothing", "-f", path])
        #expect(unknown.status == 2)
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func anExportedSystemdUnitWaitsForItsDependencyWithThisProbe() throws {
        let listener = try Listener()
        defer { listener.close() }
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let path = manifest(
            folder,
            """
            name: shop
            processes:
              db: {command: [sleep, "300"], daemon: true, ready: {tcp: "127.0.0.1:\(listener.port)", timeout: 2s}}
              app: {command: echo hi, depends_on: {db: ready}}
            """)
        let export = try MusterBinary.run(["export", "systemd", "-f", path, "-o", folder.path + "/units"])
        #expect(export.status == 0, "\(export.standardError)")
        let unit = try String(contentsOfFile: folder.path + "/units/shop-app.service", encoding: .utf8)
        let line = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStartPre=") })
        // Paths here have no spaces, so the words are the line's spaces apart.
        let words = line.dropFirst("ExecStartPre=".count).split(separator: " ").map(String.init)
        #expect(words.dropFirst() == ["probe", "--file", path, "db"])
        let outcome = try MusterBinary.run(Array(words.dropFirst()), in: "/", executable: words[0])
        #expect(outcome.status == 0, "\(outcome.standardError)")
    }
}
