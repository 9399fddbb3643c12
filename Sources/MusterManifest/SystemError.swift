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
        var bytes = Array(text.utf8)
        // ASCII (what strerror says here) by bytes: the Unicode tables' first use costs more
        // than the rest of reading a small manifest.
        if let first = bytes.first, first < 0x80, bytes.count < 2 || bytes[1] < 0x80 {
            let isUppercase = { (byte: UInt8) in (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
            guard isUppercase(first), bytes.count < 2 || !isUppercase(bytes[1]) else { return text }
            bytes[0] |= 0x20
            return String(decoding: bytes, as: UTF8.self)
        }
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, first.properties.isUppercase else { return text }
        if scalars.count > 1, scalars[1].properties.isUppercase { return text }
        return first.properties.lowercaseMapping + String(String.UnicodeScalarView(scalars.dropFirst()))
    }
}
