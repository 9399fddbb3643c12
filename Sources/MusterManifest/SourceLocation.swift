/// A position in a source file: 1-based line and column, columns counted in Unicode scalars.
package struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as the user named it (`muster.yaml`, `examples/hello.yaml`, `<stdin>`).
    package var file: String
    /// 1-based line number.
    package var line: Int
    /// 1-based column, in Unicode scalars.
    package var column: Int

    /// Creates a location from 1-based line and column.
    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// Moves the column right by `offset` scalars on the same line.
    package func advanced(by offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + offset)
    }

    /// `FILE:LINE:COL`, as compilers print it.
    package var description: String { "\(file):\(line):\(column)" }
}
