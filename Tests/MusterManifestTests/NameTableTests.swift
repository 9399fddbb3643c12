import MusterManifest
import Testing

/// `NameTable` answers as `Dictionary<String, Int>` would, whatever the names and however many.
struct NameTableTests {
    @Test func answersAsADictionaryDoes() {
        // Short (inline) and long (allocated) strings, enough to grow twice, then ones never set.
        let names = (0..<100).flatMap { ["n\($0)", "a-rather-long-process-name-\($0)", "\($0)"] }
        var table = NameTable(minimumCapacity: 10)
        var dictionary: [String: Int] = [:]
        for (value, name) in (names + names.reversed()).enumerated() {
            #expect(table.updateValue(value, forKey: name) == dictionary.updateValue(value, forKey: name))
        }
        for name in names + ["", "n100", "cafe\u{301}-1", "N1"] {
            #expect(table[name] == dictionary[name], "\(name)")
        }
    }

    /// Names compare as strings do: canonically equivalent spellings are one name, whether they
    /// come first or after `filler` other names (enough for the table to grow).
    @Test(arguments: [["K", "\u{212A}", "k"], ["\u{212A}", "K"], ["caf\u{E9}", "cafe\u{301}", "cafe"]], [0, 30])
    func equivalentSpellingsAreOneName(_ names: [String], filler: Int) {
        var table = NameTable()
        var dictionary: [String: Int] = [:]
        for (value, name) in ((0..<filler).map { "f\($0)" } + names + ["x", "y"]).enumerated() {
            #expect(table[name] == dictionary[name], "\(name)")
            #expect(table.updateValue(value, forKey: name) == dictionary.updateValue(value, forKey: name))
        }
        for name in names + ["f1", "x"] { #expect(table[name] == dictionary[name], "\(name)") }
    }

    @Test func insertingKeepsTheValueSetFirst() {
        for names in [["a", "b", "a"], ["K", "\u{212A}", "\u{212A}", "K"], (0..<40).map { "n\($0 % 20)" }] {
            var table = NameTable()
            var dictionary: [String: Int] = [:]
            for (value, name) in names.enumerated() {
                #expect(table.insert(value, forKey: name) == dictionary[name], "\(name)")
                dictionary[name] = dictionary[name] ?? value
            }
            for name in names { #expect(table[name] == dictionary[name], "\(name)") }
        }
    }

    @Test func anEmptyTableHoldsNothing() {
        #expect(NameTable()[""] == nil)
        #expect(NameTable(minimumCapacity: 1000)["a"] == nil)
    }
}
