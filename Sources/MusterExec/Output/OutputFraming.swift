/// How grouped output frames each job's block of lines: nothing around plain blocks, a
/// collapsible group for GitHub Actions, a collapsible section for GitLab CI.
package enum OutputFraming: Sendable, Hashable {
    /// Blocks of `NAME | line` lines, one job after another.
    case plain
    /// `::group::TITLE` … `::endgroup::` around bare lines.
    case github
    /// `section_start` … `section_end` markers around bare lines.
    case gitlab

    /// Whether the lines inside a block keep their `NAME | ` prefix (only plain blocks, which have
    /// no header to name the job).
    var prefixesLines: Bool { self == .plain }

    /// The line before entry `index`'s block: its title is `build — succeeded in 3.2s`.
    func header(title: String, name: String, index: Int, startedAt: WallTime) -> String {
        switch self {
        case .plain: return ""
        case .github: return "::group::\(Self.singleLine(title))\n"
        case .gitlab:
            let start = Int(startedAt.seconds)
            return "\u{1B}[0Ksection_start:\(start):\(Self.section(name, index))[collapsed=true]\r\u{1B}[0K\(Self.singleLine(title))\n"
        }
    }

    /// The line after entry `index`'s block.
    func footer(name: String, index: Int, finishedAt: WallTime) -> String {
        switch self {
        case .plain: return ""
        case .github: return "::endgroup::\n"
        case .gitlab: return "\u{1B}[0Ksection_end:\(Int(finishedAt.seconds)):\(Self.section(name, index))\r\u{1B}[0K\n"
        }
    }

    /// A GitLab section name: letters, digits, `_`, `.` and `-` only, unique by entry.
    private static func section(_ name: String, _ index: Int) -> String {
        let safe = name.unicodeScalars.map { scalar -> String in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_.-".unicodeScalars.contains(scalar))
                ? String(scalar) : "_"
        }
        return "muster_\(index)_" + safe.joined()
    }

    /// `text` with line breaks as spaces, so that a title stays one line.
    private static func singleLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
