// DisplayWidth: how many terminal columns a string takes (Unicode UAX #11 East Asian Width,
// simplified: Wide and Fullwidth characters take two columns, combining marks none).

/// Terminal column counting for aligned tables.
public enum DisplayWidth {
    /// The number of columns `text` takes in a terminal.
    public static func of(_ text: String) -> Int {
        // ASCII (amounts, codes, ids, English labels: nearly every cell) takes one column a byte.
        if let count = asciiByteCount(text) { return count }
        var width = 0
        for scalar in text.unicodeScalars { width += of(scalar) }
        return width
    }

    /// The UTF-8 byte count of `text` when it is ASCII, else nil. Tests eight bytes at a time in the
    /// text's contiguous bytes: iterating `utf8` took about 8 instructions a byte (a report's table has
    /// a 64-digit pseudonym per payee and year, each measured).
    static func asciiByteCount(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { asciiByteCount($0) }
    }

    /// `asciiByteCount(_:)` of the text whose UTF-8 bytes are `bytes`.
    static func asciiByteCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return nil }
            offset += 8
        }
        while offset < bytes.count {
            if base[offset] >= 0x80 { return nil }
            offset += 1
        }
        return bytes.count
    }

    /// The columns one scalar takes: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        // Combining marks and zero-width characters take no column.
        if (0x0300...0x036F).contains(value) || (0x200B...0x200F).contains(value) || value == 0xFEFF { return 0 }
        for range in wideRanges where range.contains(value) { return 2 }
        return 1
    }

    /// UAX #11 East Asian Wide (W) and Fullwidth (F) ranges used by Chinese text.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo initials
        0x2E80...0x303E,   // CJK radicals, Kangxi radicals, CJK symbols and punctuation (、。〔〕「」)
        0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, CJK compatibility
        0x3400...0x4DBF,   // CJK Unified Ideographs Extension A
        0x4E00...0x9FFF,   // CJK Unified Ideographs
        0xA000...0xA4CF,   // Yi
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK Compatibility Ideographs
        0xFE30...0xFE4F,   // CJK compatibility forms
        0xFF00...0xFF60,   // Fullwidth forms (，（）：)
        0xFFE0...0xFFE6,   // Fullwidth signs
        0x20000...0x3FFFD, // CJK Unified Ideographs Extensions B-G
    ]
}
