/// Hexadecimal (base 16) text for bytes: lowercase on output, either case on input.
public enum Hex {
    /// The digits of lowercase hex, indexed by nibble value.
    private static let lowercaseDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Returns `bytes` as lowercase hexadecimal, two digits per byte.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            utf8.append(lowercaseDigits[Int(byte >> 4)])
            utf8.append(lowercaseDigits[Int(byte & 0x0f)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Returns the bytes that hexadecimal `text` spells (either case, no separators, no prefix).
    ///
    /// Throws `CryptoError.invalidHex(offset:)` with the UTF-8 byte offset of the first character that
    /// is not a hex digit, or of the last character when the length is odd.
    public static func decode(_ text: some StringProtocol) throws(CryptoError) -> [UInt8] {
        let utf8 = text.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var offset = 0
        var high: UInt8? = nil
        for character in utf8 {
            guard let nibble = nibbleValue(character) else {
                throw .invalidHex(offset: offset)
            }
            if let pending = high {
                bytes.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
            offset += 1
        }
        guard high == nil else { throw .invalidHex(offset: offset - 1) }
        return bytes
    }

    /// Returns the value of one ASCII hex digit, or nil.
    private static func nibbleValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
