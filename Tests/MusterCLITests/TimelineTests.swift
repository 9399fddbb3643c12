import Foundation
import MusterTestSupport
import Testing

/// `--timeline FILE.svg|FILE.html`: checked with xmllint, read back as XML, and rendered to PNG
/// with rsvg-convert (librsvg), whose pixels show each row's bar.
struct TimelineTests {
    /// Prints, per row of the SVG, `name status critical bars dots x,y` (x,y: a point inside its
    /// last bar, clear of its ready dot, or `-`), then the critical-path line.
    static let rows = """
        import sys, xml.etree.ElementTree as ET
        ns = {"s": "http://www.w3.org/2000/svg"}
        root = ET.parse(sys.argv[1]).getroot()
        for row in root.iter("{http://www.w3.org/2000/svg}g"):
            if row.get("class") != "row": continue
            bars = [r.get("data-status") for r in row.findall("s:rect", ns)]
            dots = len(row.findall("s:circle", ns))
            rects = row.findall("s:rect", ns)
            middle = "-"
            if rects:
                r = rects[-1]
                x, w = float(r.get("x")), float(r.get("width"))
                # Of a quarter and three quarters along the bar, the point farther from a ready dot.
                dots_x = [float(c.get("cx")) for c in row.findall("s:circle", ns)]
                x = max([x + w / 4, x + w * 3 / 4], key=lambda p: min([abs(p - d) for d in dots_x] or [0]))
                middle = "%d,%d" % (x, float(r.get("y")) + float(r.get("height")) / 2)
            print(row.get("data-name"), row.get("data-status"), row.get("data-critical", "false"), ",".join(bars), dots, middle)
        for text in root.iter("{http://www.w3.org/2000/svg}text"):
            if text.get("class") == "critical-path": print(text.text)
        """

    /// Decodes an 8-bit RGB(A) PNG with zlib and prints the colour at each (x, y) given.
    static let pixels = """
        import sys, zlib, struct
        data = open(sys.argv[1], "rb").read()
        assert data[:8] == b"\\x89PNG\\r\\n\\x1a\\n", "not a PNG"
        pos, idat = 8, b""
        while pos < len(data):
            length, kind = struct.unpack(">I4s", data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + length]
            if kind == b"IHDR": width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            if kind == b"IDAT": idat += body
            pos += 12 + length
        assert depth == 8 and colour in (2, 6), (depth, colour)
        bpp = 4 if colour == 6 else 3
        raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
        for y in range(height):
            f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                if f == 1: line[i] = (line[i] + a) & 255
                elif f == 2: line[i] = (line[i] + b) & 255
                elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(line)
            prev = line
        for point in sys.argv[2:]:
            x, y = map(int, point.split(","))
            print("#%02x%02x%02x" % tuple(rows[y][x * bpp:x * bpp + 3]))
        """

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func theTimelineDrawsARowPerEntryAndThePath() throws {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        let run = try runManifest(
            """
            name: pipe
            processes:
              db: {command: "echo ready; exec sleep 30", daemon: true, ready: {log: ready}}
              prepare: {command: "echo prep"}
              build: {command: "if [ -e tried ]; then exit 0; else touch tried; exit 1; fi", depends_on: [prepare], retries: 1}
              lint: {command: "true", depends_on: [prepare]}
              test: {command: "true", depends_on: [build, lint, db]}
              broken: {command: "exit 2"}
              after-broken: {command: "true", depends_on: [broken]}
            """, ["--timeline", "t.svg"], in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.report.status("build") == "succeeded", "\(run.stderr)")
        let html = try MusterBinary.run(
            ["run", "-f", "m.yaml", "--timeline", "t.html"], in: folder.path, environment: ["GITHUB_ACTIONS": ""])
        #expect(html.status == 1)
        let svgCheck = try MusterBinary.run(["--noout", "t.svg"], in: folder.path, executable: "/usr/bin/xmllint")
        #expect(svgCheck.status == 0, "\(svgCheck.standardError)")
        // The page is well-formed XML too (XHTML syntax), so xmllint can check all of it.
        let htmlCheck = try MusterBinary.run(["--noout", "t.html"], in: folder.path, executable: "/usr/bin/xmllint")
        #expect(htmlCheck.status == 0, "\(htmlCheck.standardError)")
        #expect(try String(contentsOfFile: folder.path + "/t.html", encoding: .utf8).contains("<svg xmlns="))

        let rows = try python(Self.rows, [folder.path + "/t.svg"])
        #expect(rows.status == 0, "\(rows.output)")
        let lines = rows.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 8)
        #expect(lines.prefix(7).map { $0.split(separator: " ").prefix(3).joined(separator: " ") } == [
            "db terminated false", "prepare succeeded true", "build succeeded true", "lint succeeded false",
            "test succeeded true", "broken failed false", "after-broken skipped false",
        ])
        let fields = lines.map { $0.split(separator: " ", omittingEmptySubsequences: false).map(String.init) }
        #expect(fields[0][3...4] == ["terminated", "1"], "the daemon's bar has its ready dot: \(lines[0])")
        #expect(fields[2][3...4] == ["failed,succeeded", "0"], "the retried job has a segment per attempt: \(lines[2])")
        #expect(fields[6][3...5] == ["", "0", "-"], "a skipped entry has no bar: \(lines[6])")
        #expect(lines[7].hasPrefix("critical path: prepare → build → test ("))

        // Rendered, each row's bar is in its status's colour, a little right of the label column.
        let png = folder.path + "/t.png"
        let render = try MusterBinary.run(["-o", png, "t.svg"], in: folder.path, executable: "/usr/bin/rsvg-convert")
        #expect(render.status == 0, "\(render.standardError)")
        // The saved JSON report draws the same rows and path later.
        let later = try MusterBinary.run(["report", "report.json", "--timeline", "later.svg"], in: folder.path)
        #expect(later.status == 0, "\(later.standardError)")
        #expect(later.standardOutput.contains("\n" + lines[7] + "\n") || later.standardOutput.contains("critical path: prepare → build → test ("))
        let laterRows = try python(Self.rows, [folder.path + "/later.svg"]).output.split(separator: "\n")
        #expect(laterRows.map { $0.split(separator: " ").prefix(5) } == lines.map { $0.split(separator: " ").prefix(5) }.map { $0[...] })
        let broken = try MusterBinary.run(["report", "m.yaml"], in: folder.path)
        #expect(broken.status == 2)
        #expect(broken.standardError.hasPrefix("muster: error: m.yaml: not a muster JSON report"))

        let middles = [fields[1][5], fields[5][5], fields[0][5]]
        let colours = try python(Self.pixels, [png] + middles + ["955,5"])
        #expect(
            colours.output.split(separator: "\n") == ["#2da44e", "#cf222e", "#0969da", "#ffffff"],
            "prepare green, broken red, db blue, the background white: \(colours.output)")
    }
}
