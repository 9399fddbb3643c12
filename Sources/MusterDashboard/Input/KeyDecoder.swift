/// Decodes the bytes read from a terminal in raw mode into keys: UTF-8 characters, control keys,
/// CSI and SS3 escape sequences (arrows, Home/End, PgUp/PgDn) and SGR mouse reports
/// (`ESC [ < b ; x ; y M`). An incomplete sequence at the end of a read is kept for the next one;
/// a lone ESC at the end of a read is the Escape key.
package struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    /// Creates a decoder with nothing pending.
    package init() {}

    /// The keys in `bytes` (with what was pending before them).
    package mutating func decode(_ bytes: [UInt8]) -> [Key] {
        let input = pending + bytes
        pending = []
        var keys: [Key] = []
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == 0x1B {
                guard index + 1 < input.count else {
                    keys.append(.escape)
                    index += 1
                    continue
                }
                switch escapeSequence(input, from: index) {
                case .key(let key, let length):
                    if let key { keys.append(key) }
                    index += length
                case .incomplete:
                    pending = Array(input[index...])
                    return keys
                }
                continue
            }
            if byte < 0x80 {
                if let key = Self.plainKey(byte) { keys.append(key) }
                index += 1
                continue
            }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            guard index + length <= input.count else {
                pending = Array(input[index...])
                return keys
            }
            let text = String(decoding: input[index..<index + length], as: UTF8.self)
            if let character = text.first { keys.append(.character(character)) }
            index += length
        }
        return keys
    }

    private static func plainKey(_ byte: UInt8) -> Key? {
        switch byte {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x7F, 0x08: return .backspace
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(byte + 0x60)))
        case 0x20...0x7E: return .character(Character(Unicode.Scalar(byte)))
        default: return nil
        }
    }

    private enum Sequence {
        /// A whole sequence of `length` bytes; nil when it means nothing here.
        case key(Key?, length: Int)
        case incomplete
    }

    private func escapeSequence(_ input: [UInt8], from start: Int) -> Sequence {
        let introducer = input[start + 1]
        if introducer == UInt8(ascii: "O") {
            guard start + 2 < input.count else { return .incomplete }
            return .key(Self.finalKey(input[start + 2], parameters: []), length: 3)
        }
        guard introducer == UInt8(ascii: "[") else {
            // Alt and a key: the key alone.
            return .key(Self.plainKey(introducer), length: 2)
        }
        // CSI: parameter bytes 0x30–0x3F, intermediates 0x20–0x2F, one final byte 0x40–0x7E.
        var index = start + 2
        while index < input.count, (0x20...0x3F).contains(input[index]) { index += 1 }
        guard index < input.count else { return .incomplete }
        let final = input[index]
        let body = Array(input[(start + 2)..<index])
        let length = index - start + 1
        guard (0x40...0x7E).contains(final) else { return .key(nil, length: length - 1) }
        if body.first == UInt8(ascii: "<"), final == UInt8(ascii: "M") || final == UInt8(ascii: "m") {
            return .key(Self.mouse(body.dropFirst(), released: final == UInt8(ascii: "m")), length: length)
        }
        let parameters = String(decoding: body, as: UTF8.self).split(separator: ";").map { Int($0) ?? 0 }
        return .key(Self.finalKey(final, parameters: parameters), length: length)
    }

    private static func finalKey(_ final: UInt8, parameters: [Int]) -> Key? {
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch parameters.first {
            case 1, 7: return .home
            case 4, 8: return .end
            case 5: return .pageUp
            case 6: return .pageDown
            default: return nil
            }
        default: return nil
        }
    }

    /// `b;x;y` of an SGR mouse report: 1-based column x and row y; bit 64 a wheel, bit 32 a drag.
    private static func mouse(_ body: ArraySlice<UInt8>, released: Bool) -> Key? {
        let numbers = String(decoding: body, as: UTF8.self).split(separator: ";").compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        let (code, column, row) = (numbers[0], numbers[1] - 1, numbers[2] - 1)
        let action: MouseEvent.Action
        if code & 64 != 0 {
            action = code & 1 == 0 ? .wheelUp : .wheelDown
        } else if code & 32 != 0 {
            action = .drag
        } else {
            action = released ? .release : .press
        }
        return .mouse(MouseEvent(action: action, button: code & 3, row: row, column: column))
    }
}
