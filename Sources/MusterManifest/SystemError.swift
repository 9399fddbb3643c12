internal import Glibc

/// The words muster uses for an `errno`: `strerror`'s text starting in lower case ("no such file
/// or directory"), as every message of muster's has it in the middle of a sentence.
package enum SystemError {
    /// The text for `code`, e.g. "permission denied" for `EACCES`.
    package static func text(_ code: Int32) -> String {
        lowercasingFirstLetter(String(cString: strerror(code)))
    }

    /// The text for a `getaddrinfo` failure, e.g. "name or service not known".
    package static func addressText(_ code: Int32) -> String {
        lowercasingFirstLetter(String(cString: gai_strerror(code)))
    }

    /// "Permission denied" → "permission denied"; an acronym ("RFS specific error") stays.
    static func lowercasingFirstLetter(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, isUppercase(first) else { return text }
        if scalars.count > 1, isUppercase(scalars[1]) { return text }
        let lowered = first.isASCII ? String(Unicode.Scalar(UInt8(first.value) | 0x20)) : first.properties.lowercaseMapping
        return lowered + String(String.UnicodeScalarView(scalars.dropFirst()))
    }

    /// Whether `scalar` is an upper-case letter; ASCII without the Unicode tables, whose first use
    /// costs more than the rest of reading a small manifest.
    private static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("A"..."Z").contains(scalar) : scalar.properties.isUppercase
    }
}
