/// Names mapped to whole numbers, for the lookups a manifest makes by the thousand: which entry
/// a dependency names, whether a long `depends_on` lists a name twice.
///
/// `Dictionary<String, Int>` hashes every name with seeded SipHash over its normalized form;
/// names here are short, ASCII and written in one manifest, so FNV-1a over their bytes and linear
/// probing in a power-of-two table cost a fraction of that. Names compare as `String` does
/// (`"\u{212A}"`, the Kelvin sign, equals `"K"`): once a name that is not ASCII is set, the table
/// moves into a `Dictionary`. Without a seed, names crafted to collide slow down only the
/// loading of the file that holds them.
package struct NameTable: Sendable {
    private struct Entry: Sendable {
        let name: String
        var value: Int
        let hash: Int
    }

    /// The names set so far, in the order they were first set.
    private var entries: [Entry] = []
    /// Positions in `entries` plus 1 by hash; 0 marks an empty slot. Never more than half full.
    private var slots: [Int]
    /// Every name, once a name that is not ASCII was set (then `entries` and `slots` are unused).
    private var dictionary: [String: Int]?

    /// An empty table with room for `minimumCapacity` names before it grows.
    package init(minimumCapacity: Int = 0) {
        entries.reserveCapacity(minimumCapacity)
        var count = 8
        while count < 2 * minimumCapacity { count *= 2 }
        slots = [Int](repeating: 0, count: count)
    }

    /// The value set for `name`, or nil.
    package subscript(_ name: String) -> Int? {
        if let dictionary { return dictionary[name] }
        guard let hash = Self.asciiHash(name) else {
            // Not ASCII, but perhaps canonically equivalent to an ASCII name.
            return entries.first { $0.name == name }?.value
        }
        return find(name, hash: hash).position.map { entries[$0].value }
    }

    /// Sets `name` to `value`, and returns the value it had, if any (as `Dictionary` does).
    @discardableResult
    package mutating func updateValue(_ value: Int, forKey name: String) -> Int? {
        set(value, forKey: name, replacing: true)
    }

    /// Sets `name` to `value` unless it is set already: then returns the value it keeps.
    @discardableResult
    package mutating func insert(_ value: Int, forKey name: String) -> Int? {
        set(value, forKey: name, replacing: false)
    }

    private mutating func set(_ value: Int, forKey name: String, replacing: Bool) -> Int? {
        guard dictionary == nil, let hash = Self.asciiHash(name) else {
            if dictionary == nil {
                dictionary = Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0.value) })
                entries = []
                slots = []
            }
            if !replacing, let kept = dictionary![name] { return kept }
            return dictionary!.updateValue(value, forKey: name)
        }
        let (slot, position) = find(name, hash: hash)
        if let position {
            defer { if replacing { entries[position].value = value } }
            return entries[position].value
        }
        entries.append(Entry(name: name, value: value, hash: hash))
        slots[slot] = entries.count
        if 2 * entries.count > slots.count { grow() }
        return nil
    }

    /// The slot holding `name` and its position in `entries`, or the empty slot where it goes.
    @inline(__always)
    private func find(_ name: String, hash: Int) -> (slot: Int, position: Int?) {
        let mask = slots.count - 1
        var slot = hash & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return (slot, nil) }
            let entry = entries[stored - 1]
            if entry.hash == hash && entry.name == name { return (slot, stored - 1) }
            slot = (slot + 1) & mask
        }
    }

    /// Doubles the slots and places every entry again.
    private mutating func grow() {
        slots = [Int](repeating: 0, count: 2 * slots.count)
        let mask = slots.count - 1
        for (position, entry) in entries.enumerated() {
            var slot = entry.hash & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = position + 1
        }
    }

    /// FNV-1a over the bytes of `name`, high half folded into the low one (slots use low bits);
    /// nil when `name` is not ASCII.
    @inline(__always)
    private static func asciiHash(_ name: String) -> Int? {
        name.utf8.withContiguousStorageIfAvailable(fnv1a) ?? fnv1a(name.utf8)
    }

    private static func fnv1a(_ bytes: some Sequence<UInt8>) -> Int? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var all: UInt8 = 0
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            all |= byte
        }
        return all < 0x80 ? Int(truncatingIfNeeded: hash ^ (hash >> 29)) : nil
    }
}
