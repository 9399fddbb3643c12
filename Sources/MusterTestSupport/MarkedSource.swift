package import MusterManifest

/// YAML text with position markers (`1️⃣`, `2️⃣`, …, as swift-format's tests use) that stand where
/// a diagnostic should point; the markers are removed from `text`.
package struct MarkedSource: Sendable {
    /// The text without markers.
    package var text: String
    /// Where each marker stood, as 1-based line and column (Unicode scalars).
    package var markers: [String: (line: Int, column: Int)]

    /// Reads the markers out of `marked`.
    package init(_ marked: String) {
        var text = String.UnicodeScalarView()
        var markers: [String: (line: Int, column: Int)] = [:]
        let scalars = Array(marked.unicodeScalars)
        var line = 1
        var column = 1
        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            if index + 2 < scalars.count, ("0"..."9").contains(c), scalars[index + 1] == "\u{FE0F}",
                scalars[index + 2] == "\u{20E3}"
            {
                markers[String(c) + "\u{FE0F}\u{20E3}"] = (line, column)
                index += 3
                continue
            }
            text.append(c)
            if c == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        self.text = String(text)
        self.markers = markers
    }

    /// The location of `marker` in a file called `file`.
    package func location(_ marker: String, file: String = "muster.yaml") -> SourceLocation {
        guard let position = markers[marker] else { fatalError("no marker \(marker) in the test source") }
        return SourceLocation(file: file, line: position.line, column: position.column)
    }
}
