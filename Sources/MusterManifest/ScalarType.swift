/// The type YAML 1.1 gives a scalar, as PyYAML's `safe_load` (and so the schema validator) reads
/// it: `yes` is a boolean, `0x1F` and `1_000` are integers, `1e5` and `y` are strings.
///
/// muster takes most scalars as written, but where a string goes it refuses what YAML reads as a
/// number or a boolean (`cwd: 2024`), and where a number goes it takes what YAML reads as one
/// (`max_restarts: 0x10`), so that `muster check` and the JSON Schema agree on every manifest.
/// Timestamps, `.inf` and `.nan` stay strings (JSON has none of them); quoted and block scalars
/// are always strings.
package enum ScalarType: Sendable, Hashable {
    /// `~`, `null`, `Null`, `NULL` or nothing.
    case null
    /// `true`, `yes`, `on`, … (any of YAML 1.1's eighteen spellings).
    case boolean(Bool)
    /// A whole number; `Int.max` or `Int.min` for ones too large to hold.
    case integer(Int)
    /// A finite number with a fraction or an exponent.
    case float(Double)
    /// Anything else.
    case string

    /// The type of a scalar written as `text` with `style` and an explicit `tag` (`!!str`), if any.
    package init(_ text: String, style: Node.ScalarStyle, tag: String?) {
        switch tag {
        case nil: self = style == .plain ? Self.resolve(text) : .string
        case "tag:yaml.org,2002:int"?, "tag:yaml.org,2002:float"?, "tag:yaml.org,2002:bool"?,
            "tag:yaml.org,2002:null"?:
            self = Self.resolve(text)
        default: self = .string
        }
    }

    /// The number this scalar spells, if it is one.
    package var number: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .float(let value): return value
        default: return nil
        }
    }

    /// The whole number this scalar spells (`3`, `0x10`, `3.0`); `.max` for ones too large to hold.
    package var wholeNumber: Int? {
        switch self {
        case .integer(let value): return value
        case .float(let value) where value.isFinite && value == value.rounded():
            return abs(value) < 9.2e18 ? Int(value) : (value > 0 ? .max : .min)
        default: return nil
        }
    }

    /// The word for messages: "a number", "a boolean", "null", "a string".
    package var description: String {
        switch self {
        case .null: return "null"
        case .boolean: return "a boolean"
        case .integer, .float: return "a number"
        case .string: return "a string"
        }
    }

    private static let booleans: [String: Bool] = [
        "yes": true, "Yes": true, "YES": true, "true": true, "True": true, "TRUE": true, "on": true, "On": true,
        "ON": true, "no": false, "No": false, "NO": false, "false": false, "False": false, "FALSE": false,
        "off": false, "Off": false, "OFF": false,
    ]

    /// Whether a YAML 1.1 number can hold `byte`: a digit, a sign, `.`, `_`, `:`, a hex digit, or
    /// a letter of `0x`, `.inf` or `.nan`.
    private static func mayBeInNumber(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "i"),
            UInt8(ascii: "I"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    /// Whether a plain scalar starting with `byte` may be something other than a string: `~`, the
    /// first letter of a null or boolean spelling (`null`, `true`, `yes`, `on`, …), a digit, a
    /// sign or a dot.
    private static func mayStartNonString(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "o"),
            UInt8(ascii: "O"):
            return true
        default:
            return false
        }
    }

    /// PyYAML's implicit resolvers (resolver.py), for plain scalars.
    static func resolve(_ text: String) -> ScalarType {
        // Most scalars are names and commands: a first byte that starts no null, boolean or
        // number makes a string at once, without the comparisons and the table look-up below.
        if let first = text.utf8.first, !mayStartNonString(first) { return .string }
        if text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
        if let value = booleans[text] { return .boolean(value) }
        // Numbers start with a digit, a sign or a dot; anything else is a string.
        guard let first = text.utf8.first,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: "-")
                || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
        else { return .string }
        // …and hold nothing but digits, signs, `.`, `_`, `:`, `0b`/`0x` digits and `e`, or spell
        // `.inf` or `.nan`.
        guard text.utf8.allSatisfy(mayBeInNumber) else { return .string }
        let scalars = Array(text.unicodeScalars)
        if let value = YAMLInteger.parse(scalars) { return .integer(value) }
        // JSON has no infinities: `.inf` and `.nan` stay text, as the schema validator keeps them.
        if let value = YAMLFloat.parse(scalars) { return value.isFinite ? .float(value) : .string }
        return .string
    }
}

/// Reads YAML 1.1 integers: `[-+]?` then `0b…`, `0…` (octal), decimal, `0x…`, or base 60 (`1:30`);
/// `_` may separate digits.
private enum YAMLInteger {
    /// nil when `text` is not an integer; `Int.max` or `Int.min` when it is one too large to hold.
    static func parse(_ text: [Unicode.Scalar]) -> Int? {
        var body = text[...]
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        guard let first = body.first, isDigit(first) else { return nil }
        let digits: [Unicode.Scalar]
        let radix: Int
        if body.starts(with: ["0", "b"]) {
            digits = body.dropFirst(2).filter { $0 != "_" }
            guard body.count > 2, body.dropFirst(2).allSatisfy({ $0 == "0" || $0 == "1" || $0 == "_" }) else {
                return nil
            }
            radix = 2
        } else if body.starts(with: ["0", "x"]) {
            guard body.count > 2, body.dropFirst(2).allSatisfy({ $0 == "_" || $0.properties.isASCIIHexDigit }) else {
                return nil
            }
            digits = body.dropFirst(2).filter { $0 != "_" }
            radix = 16
        } else if first == "0" && body.count > 1 {
            guard body.dropFirst().allSatisfy({ ("0"..."7").contains($0) || $0 == "_" }) else { return nil }
            digits = body.filter { $0 != "_" }
            radix = 8
        } else if body.contains(":") {
            return sexagesimal(body, negative: negative)
        } else {
            guard body.allSatisfy({ isDigit($0) || $0 == "_" }) else { return nil }
            digits = body.filter { $0 != "_" }
            radix = 10
        }
        return value(digits, radix: radix, negative: negative)
    }

    /// `[1-9][0-9_]*(:[0-5]?[0-9])+`.
    private static func sexagesimal(_ body: ArraySlice<Unicode.Scalar>, negative: Bool) -> Int? {
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard let head = parts.first, let lead = head.first, lead != "0",
            head.allSatisfy({ isDigit($0) || $0 == "_" })
        else { return nil }
        for part in parts.dropFirst() {
            guard (1...2).contains(part.count), part.allSatisfy(isDigit),
                part.count == 1 || ("0"..."5").contains(part.first!)
            else { return nil }
        }
        var total = 0
        for part in parts {
            let digit = value(part.filter { $0 != "_" }, radix: 10, negative: false)
            guard digit != .max, let next = multiplyAdd(total, 60, digit) else { return negative ? .min : .max }
            total = next
        }
        return negative ? -total : total
    }

    /// The digits' value, saturated at `Int.max` (`Int.min` when negative).
    private static func value(_ digits: [Unicode.Scalar], radix: Int, negative: Bool) -> Int {
        var total = 0
        for digit in digits {
            guard let d = Int(String(digit), radix: radix), let next = multiplyAdd(total, radix, d) else {
                return negative ? .min : .max
            }
            total = next
        }
        return negative ? -total : total
    }

    private static func multiplyAdd(_ total: Int, _ factor: Int, _ addend: Int) -> Int? {
        let (product, overflow) = total.multipliedReportingOverflow(by: factor)
        let (sum, overflow2) = product.addingReportingOverflow(addend)
        return overflow || overflow2 ? nil : sum
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
}

/// Reads YAML 1.1 floats: `1.5`, `1.`, `.5`, `1.5e+3` (the exponent's sign is required), `1:30.5`,
/// `.inf`, `-.inf`, `.nan`; `_` may separate digits.
private enum YAMLFloat {
    static func parse(_ text: [Unicode.Scalar]) -> Double? {
        // Every float has a dot.
        guard text.contains(".") else { return nil }
        let string = String(String.UnicodeScalarView(text))
        switch string {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        var body = text[...]
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
            // `\.[0-9]…` takes no sign.
            guard let first = body.first, YAMLInteger.isDigit(first) else { return nil }
        }
        guard let dot = body.firstIndex(of: ".") else { return nil }
        let whole = body[..<dot]
        var fraction = body[body.index(after: dot)...]
        var exponent: ArraySlice<Unicode.Scalar> = []
        if let e = fraction.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = fraction[fraction.index(after: e)...]
            fraction = fraction[..<e]
            guard let sign = exponent.first, sign == "-" || sign == "+", exponent.count > 1,
                exponent.dropFirst().allSatisfy(YAMLInteger.isDigit)
            else { return nil }
        }
        guard fraction.allSatisfy({ YAMLInteger.isDigit($0) || $0 == "_" }) else { return nil }
        var value: Double
        if whole.isEmpty {
            // `\.[0-9][0-9_]*`
            guard let first = fraction.first, YAMLInteger.isDigit(first) else { return nil }
            value = 0
        } else if whole.contains(":") {
            guard exponent.isEmpty, let base = YAMLInteger.parse(Array(whole)), base >= 0 else { return nil }
            value = Double(base)
        } else {
            guard let first = whole.first, YAMLInteger.isDigit(first),
                whole.allSatisfy({ YAMLInteger.isDigit($0) || $0 == "_" })
            else { return nil }
            value = 0
        }
        let digits = (whole.contains(":") ? "0" : String(String.UnicodeScalarView(whole.filter { $0 != "_" })))
        let literal =
            (digits.isEmpty ? "0" : digits) + "." + String(String.UnicodeScalarView(fraction.filter { $0 != "_" }))
            + "0" + (exponent.isEmpty ? "" : "e" + String(String.UnicodeScalarView(exponent)))
        guard let parsed = Double(literal) else { return nil }
        value += parsed
        return negative ? -value : value
    }
}
