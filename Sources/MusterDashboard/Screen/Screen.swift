/// A grid of cells the renderer draws into: what the terminal should show, nothing written yet.
package struct Screen: Sendable, Hashable {
    /// Columns and rows.
    package let width: Int
    package let height: Int
    /// The cells, row after row.
    package private(set) var cells: [Cell]

    /// A blank screen of `width` × `height` cells.
    package init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    /// The cell at `row`, `column` (0-based).
    package subscript(row: Int, column: Int) -> Cell {
        get { cells[row * width + column] }
        set {
            guard row >= 0, row < height, column >= 0, column < width else { return }
            cells[row * width + column] = newValue
        }
    }

    /// Writes `text` at `row` from `column`, at most `limit` columns (default: to the right edge);
    /// control characters become spaces and tabs go to the next multiple of 8. Returns the
    /// column after the last one written.
    @discardableResult
    package mutating func put(_ text: some StringProtocol, row: Int, column: Int, style: Style = .plain, limit: Int? = nil)
        -> Int
    {
        guard row >= 0, row < height else { return column }
        let end = min(width, limit.map { column + max(0, $0) } ?? width)
        var at = column
        for character in text {
            guard at < end else { break }
            if character == "\t" {
                let next = min(end, (at - column) / 8 * 8 + 8 + column)
                while at < next {
                    self[row, at] = Cell(" ", style: style)
                    at += 1
                }
                continue
            }
            let shown: Character = character.unicodeScalars.first.map { $0.value < 0x20 || $0.value == 0x7F } == true ? " " : character
            self[row, at] = Cell(shown, style: style)
            at += 1
        }
        return at
    }

    /// Fills `row` from `column` to the right edge with blanks of `style`.
    package mutating func fill(row: Int, from column: Int = 0, style: Style) {
        guard row >= 0, row < height else { return }
        for at in max(0, column)..<width { self[row, at] = Cell(" ", style: style) }
    }

    /// The text of `row`, trailing blanks dropped (for tests and captures).
    package func text(row: Int) -> String {
        var line = String((0..<width).map { self[row, $0].character })
        while line.last == " " { line.removeLast() }
        return line
    }

    /// Every row's text.
    package var lines: [String] { (0..<height).map(text(row:)) }
}
