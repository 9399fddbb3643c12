import MusterManifest
import Testing

/// `ScalarType` types plain scalars as PyYAML's safe_load does (the table is PyYAML 6's answers),
/// except that timestamps, `.inf` and `.nan` stay strings, as JSON has none.
struct ScalarTypeTests {
    @Test(arguments: [
        ("", ScalarType.null), ("~", .null), ("null", .null), ("Null", .null),
        ("yes", .boolean(true)), ("No", .boolean(false)), ("ON", .boolean(true)), ("true", .boolean(true)),
        ("TRUE", .boolean(true)), ("y", .string), ("n", .string), ("tRUE", .string),
        ("0", .integer(0)), ("-1", .integer(-1)), ("+1", .integer(1)), ("1_000", .integer(1000)),
        ("0x1F", .integer(31)),
        ("0b101", .integer(5)), ("017", .integer(15)), ("09", .string), ("0o17", .string), ("1:30", .integer(90)),
        ("-1:30", .integer(-90)), ("1:60", .string), ("0_", .integer(0)), ("1__2", .integer(12)), ("_1", .string),
        ("12_", .integer(12)), ("99999999999999999999999", .integer(.max)),
        ("1.5", .float(1.5)), ("1.", .float(1)), (".5", .float(0.5)), ("-.5", .string), ("+1.5", .float(1.5)),
        ("1e5", .string), ("1.0e+5", .float(100_000)), ("1.0e5", .string), ("1:30.5", .float(90.5)),
        (".inf", .string), ("-.inf", .string), (".nan", .string), ("2024-01-01", .string), ("abc", .string),
        ("1.2.3", .string), ("0x", .string),
    ])
    func plainScalarsAreTypedAsPyYAMLDoes(_ text: String, _ type: ScalarType) {
        #expect(ScalarType(text, style: .plain, tag: nil) == type)
    }

    @Test func quotedAndTaggedScalars() {
        #expect(ScalarType("123", style: .quoted, tag: nil) == .string)
        #expect(ScalarType("yes", style: .block, tag: nil) == .string)
        #expect(ScalarType("123", style: .plain, tag: "tag:yaml.org,2002:str") == .string)
        #expect(ScalarType("123", style: .quoted, tag: "tag:yaml.org,2002:int") == .integer(123))
    }

    @Test func wholeNumbersIncludeFloatsWithoutAFraction() {
        #expect(ScalarType.integer(3).wholeNumber == 3)
        #expect(ScalarType.float(3).wholeNumber == 3)
        #expect(ScalarType.float(3.5).wholeNumber == nil)
        #expect(ScalarType.boolean(true).wholeNumber == nil)
    }
}
