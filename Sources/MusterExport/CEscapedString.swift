/// A string in double quotes with the C escapes both YAML and systemd's unquoting read
/// (`\"`, `\\`, `\n`, `\t`, `\r`); the writer of each target says how any other scalar is written.
enum CEscapedString {
    /// `text` in double quotes; `other` appends every scalar that is not one of the five above.
    static func quoted(_ text: String, other: (Unicode.Scalar, inout String) -> Void) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: other(scalar, &result)
            }
        }
        return result + "\""
    }

    /// `value` as `\x` and two hexadecimal digits.
    static func hexByte(_ value: UInt32, uppercase: Bool) -> String {
        let hex = String(value, radix: 16, uppercase: uppercase)
        return "\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
    }
}
