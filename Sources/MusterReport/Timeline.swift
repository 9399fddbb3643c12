package import MusterExec
internal import MusterManifest

/// The run as a Gantt chart in SVG (`--timeline FILE.svg`): a row per entry with a bar from its
/// start to its end coloured by status, each earlier instance (a failed attempt, an instance a
/// restart replaced) as its own segment, a daemon's ready point as a dot, a time axis with round
/// ticks, and the critical path outlined and named below the chart.
///
/// Every bar carries a `<title>` (what a browser shows on hover) and `data-` attributes naming the
/// entry, its status and the instance, so tools can read the picture back.
package enum Timeline {
    static let width = 960.0
    static let labelWidth = 170.0
    static let rightMargin = 30.0
    static let top = 56.0
    static let rowHeight = 26.0
    static let barHeight = 16.0

    /// The fill of a bar by how it ended.
    static func color(_ status: EntryStatus) -> String {
        switch status {
        case .succeeded: return "#2da44e"
        case .failed: return "#cf222e"
        case .timedOut: return "#bc4c00"
        case .terminated: return "#0969da"
        case .interrupted: return "#bf8700"
        case .cached: return "#8250df"
        case .skipped, .pending: return "#8c959f"
        case .running, .restarting: return "#54aeff"
        }
    }

    /// The SVG document of `run`.
    package static func svg(_ run: RunRecord) -> String {
        let origin = run.startedAt.seconds
        let total = max(run.finishedAt.seconds - origin, 0.001)
        let path = CriticalPath.of(run)
        let onPath = Set(path?.names ?? [])
        let chartWidth = width - labelWidth - rightMargin
        let x = { (time: Double) -> Double in labelWidth + max(0, min(time - origin, total)) / total * chartWidth }
        let height = top + Double(run.entries.count) * rowHeight + 48
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(number(width))" height="\(number(height))" viewBox="0 0 \(number(width)) \(number(height))" font-family="sans-serif" font-size="12">
            <title>\(escape("\(run.name): \(run.outcome.rawValue) in \(SummaryTable.format(total))"))</title>
            <style>.bar:hover{opacity:.75}.critical{stroke:#1f2328;stroke-width:2.5}.tick{stroke:#d0d7de}</style>
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="10" y="20" font-size="14" font-weight="bold">\(escape("\(run.name) — \(run.outcome.rawValue) in \(SummaryTable.format(total))"))</text>

            """
        svg += axis(total: total, chartWidth: chartWidth, bottom: height - 48)
        for (row, entry) in run.entries.enumerated() {
            let y = top + Double(row) * rowHeight
            let barY = y + (rowHeight - barHeight) / 2
            let critical = onPath.contains(entry.name)
            svg += "<g class=\"row\" data-name=\"\(escape(entry.name))\" data-status=\"\(entry.status.rawValue)\" data-row=\"\(row)\""
            svg += critical ? " data-critical=\"true\">\n" : ">\n"
            let kind = entry.daemon ? "daemon" : "job"
            svg += "<text x=\"10\" y=\"\(number(barY + 12))\"\(critical ? " font-weight=\"bold\"" : "")>\(escape(entry.name))</text>\n"
            for (number, instance) in entry.instances.enumerated() {
                let status: EntryStatus = instance.exitcode == 0 ? .succeeded : .failed
                let what = entry.daemon ? "instance \(number + 1)" : "attempt \(number + 1)"
                svg += bar(
                    from: x(instance.startedAt.seconds), to: x(instance.finishedAt.seconds), y: barY, status: status,
                    critical: false, instance: number + 1,
                    title: "\(entry.name) (\(kind)) — \(what) \(instance.ending) after \(SummaryTable.format(instance.finishedAt.seconds - instance.startedAt.seconds))")
                if entry.daemon, let ready = instance.readyAt { svg += readyDot(x(ready.seconds), barY, entry.name) }
            }
            if let start = entry.startedAt {
                let end = entry.finishedAt ?? run.finishedAt
                var title = "\(entry.name) (\(kind)) — \(entry.status.rawValue)"
                title += entry.exitcode.map { ", exit \($0)" } ?? ""
                title += " after \(SummaryTable.format(end.seconds - start.seconds))"
                title += ", from \(SummaryTable.format(start.seconds - origin)) to \(SummaryTable.format(end.seconds - origin))"
                if entry.attempts > 1 { title += ", attempt \(entry.attempts)" }
                if let reason = entry.reason { title += " (\(reason))" }
                svg += bar(
                    from: x(start.seconds), to: x(end.seconds), y: barY, status: entry.status, critical: critical,
                    instance: entry.instances.count + 1, title: title)
                if entry.daemon, let ready = entry.readyAt { svg += readyDot(x(ready.seconds), barY, entry.name) }
            } else {
                svg += "<text x=\"\(number(labelWidth + 4))\" y=\"\(number(barY + 12))\" fill=\"\(color(entry.status))\">"
                svg += "\(escape(entry.status.rawValue + (entry.reason.map { ": \($0)" } ?? "")))</text>\n"
            }
            svg += "</g>\n"
        }
        if let path {
            svg += "<text class=\"critical-path\" x=\"10\" y=\"\(number(height - 14))\">\(escape(path.line))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// The SVG inside a page of its own: hovering a bar shows its details.
    package static func html(_ run: RunRecord) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <title>\(escape("muster timeline: \(run.name)"))</title>
        <style>body{font-family:sans-serif;margin:16px}#details{min-height:1.5em;margin-top:8px;color:#1f2328}</style>
        </head>
        <body>
        \(svg(run))<p id="details">Point at a bar for its details.</p>
        <script>
        for (const bar of document.querySelectorAll(".bar")) {
          bar.addEventListener("mouseenter", () => {
            document.getElementById("details").textContent = bar.querySelector("title").textContent;
          });
        }
        </script>
        </body>
        </html>

        """
    }

    private static func bar(
        from start: Double, to end: Double, y: Double, status: EntryStatus, critical: Bool, instance: Int, title: String
    ) -> String {
        let width = max(end - start, 2)
        var out = "<rect class=\"bar\(critical ? " critical" : "")\" data-status=\"\(status.rawValue)\" data-instance=\"\(instance)\""
        out += " x=\"\(number(start))\" y=\"\(number(y))\" width=\"\(number(width))\" height=\"\(number(barHeight))\" rx=\"3\""
        out += " fill=\"\(color(status))\"><title>\(escape(title))</title></rect>\n"
        return out
    }

    private static func readyDot(_ x: Double, _ barY: Double, _ name: String) -> String {
        "<circle class=\"ready\" cx=\"\(number(x))\" cy=\"\(number(barY + barHeight / 2))\" r=\"4\" fill=\"#ffffff\" stroke=\"#1f2328\" stroke-width=\"1.5\"><title>\(escape(name)) ready</title></circle>\n"
    }

    /// Vertical lines and labels at round times: 1, 2 or 5 times a power of ten, about eight of them.
    private static func axis(total: Double, chartWidth: Double, bottom: Double) -> String {
        let step = tickStep(total)
        var out = "<g class=\"axis\">\n"
        var tick = 0.0
        while tick <= total + step * 0.001 {
            let x = labelWidth + tick / total * chartWidth
            out += "<line class=\"tick\" x1=\"\(number(x))\" y1=\"\(number(top - 6))\" x2=\"\(number(x))\" y2=\"\(number(bottom))\"/>"
            out += "<text class=\"tick-label\" x=\"\(number(x))\" y=\"\(number(top - 10))\" text-anchor=\"middle\" fill=\"#57606a\">\(tickLabel(tick, step))</text>\n"
            tick += step
        }
        return out + "</g>\n"
    }

    /// The tick spacing for a chart `total` seconds wide.
    static func tickStep(_ total: Double) -> Double {
        var magnitude = 0.001
        while true {
            for factor in [1.0, 2.0, 5.0] where total / (magnitude * factor) <= 10 { return magnitude * factor }
            magnitude *= 10
        }
    }

    /// `0s`, `0.25s`, `1.5s`, `40s`, `2m30s`.
    static func tickLabel(_ seconds: Double, _ step: Double) -> String {
        if step >= 60 || seconds >= 60 && step >= 1 {
            let whole = Int(seconds.rounded())
            return "\(whole / 60)m" + (whole % 60 == 0 ? "" : "\(whole % 60)s")
        }
        if step >= 1 { return "\(Int(seconds.rounded()))s" }
        let digits = step >= 0.1 ? 1 : step >= 0.01 ? 2 : 3
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((seconds * scale).rounded())
        let whole = scaled / Int(scale), fraction = scaled % Int(scale)
        if fraction == 0 { return "\(whole)s" }
        var fractionText = String(fraction)
        while fractionText.count < digits { fractionText = "0" + fractionText }
        while fractionText.hasSuffix("0") { fractionText.removeLast() }
        return "\(whole).\(fractionText)s"
    }

    /// A coordinate with at most one decimal.
    private static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }

    private static func escape(_ text: String) -> String { JUnitReport.escape(text) }
}

/// Which picture `--timeline FILE` draws, by the file's extension.
package enum TimelineFormat: Sendable {
    /// `.svg`: the picture alone.
    case svg
    /// `.html`: the picture in a page, with hover details.
    case html

    /// The format `path` asks for; nil for any other extension.
    package init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".svg") {
            self = .svg
        } else if lower.hasSuffix(".html") || lower.hasSuffix(".htm") {
            self = .html
        } else {
            return nil
        }
    }

    /// The document for `run`.
    package func render(_ run: RunRecord) -> String {
        self == .svg ? Timeline.svg(run) : Timeline.html(run)
    }
}
