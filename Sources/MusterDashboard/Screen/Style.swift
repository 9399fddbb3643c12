/// A foreground colour, as its ANSI SGR code.
package enum Color: Int, Sendable, Hashable {
    case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, gray = 90
}

/// How a cell is drawn: a colour, and bold, dim, inverse or underlined.
package struct Style: Sendable, Hashable {
    /// The foreground colour; nil: the terminal's own.
    package var color: Color?
    /// Bold, inverse video (the selection, search matches), underlined (column heads).
    package var bold = false
    package var inverse = false
    package var underline = false

    /// Creates a style.
    package init(color: Color? = nil, bold: Bool = false, inverse: Bool = false, underline: Bool = false) {
        self.color = color
        self.bold = bold
        self.inverse = inverse
        self.underline = underline
    }

    /// No colour, no attribute.
    package static let plain = Style()

    /// The SGR sequence that selects this style from scratch; colours left out when `color` is false.
    package func sequence(color withColor: Bool) -> String {
        var codes = ["0"]
        if bold { codes.append("1") }
        if underline { codes.append("4") }
        if inverse { codes.append("7") }
        if withColor, let color { codes.append(String(color.rawValue)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}

/// One character cell of the screen.
package struct Cell: Sendable, Hashable {
    /// What is drawn there (one column wide).
    package var character: Character
    /// How it is drawn.
    package var style: Style

    /// Creates a cell.
    package init(_ character: Character = " ", style: Style = .plain) {
        self.character = character
        self.style = style
    }
}
