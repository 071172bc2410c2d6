/// Base64 text for bytes (RFC 4648 §4, standard alphabet, with `=` padding), strict on input.
///
/// Decoding accepts only the canonical encoding: no whitespace, no missing or extra padding, and
/// the unused bits of the last symbol must be zero (RFC 4648 §3.5), so every byte string has
/// exactly one accepted text. Signed notes and checkpoints rely on that.
public enum Base64 {
    // RFC 4648 §4, Table 1: the 64 symbols in value order.
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let padding = UInt8(ascii: "=")

    /// Returns `bytes` as padded standard base64.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let remaining = input.count - index
            let first = UInt32(input[index])
            let second = remaining > 1 ? UInt32(input[index + 1]) : 0
            let third = remaining > 2 ? UInt32(input[index + 2]) : 0
            let group = first << 16 | second << 8 | third
            output.append(alphabet[Int(group >> 18 & 0x3f)])
            output.append(alphabet[Int(group >> 12 & 0x3f)])
            output.append(remaining > 1 ? alphabet[Int(group >> 6 & 0x3f)] : padding)
            output.append(remaining > 2 ? alphabet[Int(group & 0x3f)] : padding)
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Returns the bytes that canonical padded base64 `text` encodes.
    ///
    /// Throws `CryptoError.invalidBase64` for a length that is not a multiple of 4, a character
    /// outside the alphabet, misplaced padding, or non-zero unused bits.
    public static func decode(_ text: some StringProtocol) throws(CryptoError) -> [UInt8] {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { throw .invalidBase64 }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLastGroup = index + 4 == input.count
            var paddingCount = 0
            if isLastGroup {
                if input[index + 3] == padding { paddingCount = 1 }
                if paddingCount == 1 && input[index + 2] == padding { paddingCount = 2 }
            }
            var group: UInt32 = 0
            for offset in 0..<4 {
                let symbol: UInt32
                if offset >= 4 - paddingCount {
                    symbol = 0
                } else {
                    guard let value = symbolValue(input[index + offset]) else { throw .invalidBase64 }
                    symbol = UInt32(value)
                }
                group = group << 6 | symbol
            }
            // RFC 4648 §3.5: the pad bits of the last symbol must be zero in canonical text.
            if paddingCount == 1 && group & 0xff != 0 { throw .invalidBase64 }
            if paddingCount == 2 && group & 0xffff != 0 { throw .invalidBase64 }
            output.append(UInt8(truncatingIfNeeded: group >> 16))
            if paddingCount < 2 { output.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if paddingCount < 1 { output.append(UInt8(truncatingIfNeeded: group)) }
            index += 4
        }
        return output
    }

    /// Returns the 6-bit value of one base64 symbol, or nil (including for `=`).
    private static func symbolValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
