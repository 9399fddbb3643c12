/// Turns the change from one screen to the next into the bytes a terminal needs: only the cells
/// that differ, cursor moves and style changes kept to a minimum, in one synchronized update.
package enum ScreenWriter {
    /// The bytes that make a terminal showing `old` (nil: unknown, draw everything) show `new`;
    /// empty when nothing changed. Colours are left out when `color` is false.
    package static func bytes(from old: Screen?, to new: Screen, color: Bool) -> [UInt8] {
        let full = old == nil || old!.width != new.width || old!.height != new.height
        var out = ""
        var cursor: (row: Int, column: Int)? = nil
        var style: Style? = nil
        for row in 0..<new.height {
            for column in 0..<new.width {
                let cell = new[row, column]
                if !full, old![row, column] == cell { continue }
                if cursor == nil || cursor! != (row, column) {
                    out += "\u{1B}[\(row + 1);\(column + 1)H"
                }
                if style != cell.style {
                    out += cell.style.sequence(color: color)
                    style = cell.style
                }
                out.append(cell.character)
                // The last column leaves the cursor where the terminal likes: do not trust it.
                cursor = column + 1 < new.width ? (row, column + 1) : nil
            }
        }
        guard !out.isEmpty else { return [] }
        let begin = "\u{1B}[?2026h" + (full ? "\u{1B}[0m\u{1B}[2J" : "")
        return Array((begin + out + "\u{1B}[0m\u{1B}[?2026l").utf8)
    }
}
