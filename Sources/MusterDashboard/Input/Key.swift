/// A key press or mouse report, decoded from the bytes a terminal sends.
package enum Key: Sendable, Hashable {
    /// A printable character.
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, tab
    /// Ctrl and a letter (`control("c")` for Ctrl-C).
    case control(Character)
    /// A mouse report (SGR mode).
    case mouse(MouseEvent)
}

/// A mouse button press or wheel turn at a cell (0-based row and column).
package struct MouseEvent: Sendable, Hashable {
    /// What happened.
    package enum Action: Sendable, Hashable {
        case press, release, wheelUp, wheelDown, drag
    }

    /// What happened.
    package var action: Action
    /// 0 left, 1 middle, 2 right (for presses and releases).
    package var button: Int
    /// Where (0-based).
    package var row: Int
    package var column: Int

    /// Creates an event.
    package init(action: Action, button: Int = 0, row: Int, column: Int) {
        self.action = action
        self.button = button
        self.row = row
        self.column = column
    }
}
