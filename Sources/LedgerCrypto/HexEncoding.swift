import Foundation

/// Hexadecimal (base 16) text for bytes: lowercase on output, either case on input.
public enum Hex {
    /// The digits of lowercase hex, indexed by nibble value.
    private static let lowercaseDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Returns `bytes` as lowercase hexadecimal, two digits per byte.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.withContiguousStorageIfAvailable { encodeBuffer(UnsafeRawBufferPointer($0)) } ?? encodeSequence(bytes)
    }

    /// `encode` for an array. The concrete overloads spare callers in other modules the generic
    /// entry point, which looks up the sequence's associated types at run time (issue #8: a fresh
    /// process pays for each lookup); they share no generic code with it.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encodeBuffer($0) }
    }

    /// `encode` for `Data`.
    public static func encode(_ bytes: Data) -> String {
        bytes.withUnsafeBytes { encodeBuffer($0) }
    }

    /// `encode` for raw bytes (a digest's `withUnsafeBytes`).
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        encodeBuffer(bytes)
    }

    private static func encodeBuffer(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { utf8 in
            // Lowercase digits: 0-9 are 0x30 + n, a-f are 0x61 + (n - 10) = 0x57 + n.
            func digit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
            var index = 0
            for byte in bytes {
                utf8[index] = digit(byte >> 4)
                utf8[index + 1] = digit(byte & 0x0f)
                index += 2
            }
            return index
        }
    }

    private static func encodeSequence(_ bytes: some Sequence<UInt8>) -> String {
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
        try decodeUTF8(text.utf8)
    }

    /// `decode` for a `String` (a concrete overload, as for `encode`).
    public static func decode(_ text: String) throws(CryptoError) -> [UInt8] {
        var text = text
        let result = text.withUTF8 { utf8 in Result { () throws(CryptoError) -> [UInt8] in try decodeBuffer(utf8) } }
        return try result.get()
    }

    /// `decode` for a `Substring` (a concrete overload, as for `encode`).
    public static func decode(_ text: Substring) throws(CryptoError) -> [UInt8] {
        var text = text
        let result = text.withUTF8 { utf8 in Result { () throws(CryptoError) -> [UInt8] in try decodeBuffer(utf8) } }
        return try result.get()
    }

    private static func decodeBuffer(_ utf8: UnsafeBufferPointer<UInt8>) throws(CryptoError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var high: UInt8? = nil
        for (offset, character) in utf8.enumerated() {
            guard let nibble = nibbleValue(character) else { throw .invalidHex(offset: offset) }
            if let pending = high {
                bytes.append(pending << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil else { throw .invalidHex(offset: utf8.count - 1) }
        return bytes
    }

    private static func decodeUTF8(_ utf8: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
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
