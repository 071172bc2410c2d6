// SpreadsheetEncoding: which character encoding a spreadsheet export uses, and decoding it.
//
// Excel writes "CSV UTF-8" with a byte order mark, plain "CSV" in the system code page (GBK/GB18030
// on Chinese Windows), and "Unicode text" as UTF-16LE with a BOM; WPS and LibreOffice write UTF-8.
// The rule (docs/IMPORT.md): a UTF-16 BOM means UTF-16; otherwise valid UTF-8 (BOM or not) means
// UTF-8; otherwise GB18030; otherwise the file is refused, naming the first byte that neither
// encoding can decode. Valid UTF-8 is tried first because GB18030 accepts almost any byte pair,
// while random GB18030 text is almost never valid UTF-8.
import Foundation

/// A character encoding a spreadsheet file can use.
public enum SpreadsheetEncoding: String, Sendable, Equatable, CaseIterable {
    /// UTF-8 without a byte order mark.
    case utf8 = "UTF-8"
    /// UTF-8 with the byte order mark EF BB BF (Excel's "CSV UTF-8").
    case utf8WithBOM = "UTF-8 (BOM)"
    /// GB18030 (a superset of GBK and GB2312), Excel's "CSV" on Chinese Windows.
    case gb18030 = "GB18030"
    /// UTF-16 little-endian with the byte order mark FF FE.
    case utf16LittleEndian = "UTF-16LE"
    /// UTF-16 big-endian with the byte order mark FE FF.
    case utf16BigEndian = "UTF-16BE"

    /// Foundation's identifier for GB18030 (kCFStringEncodingGB_18030_2000 = 0x0632, wrapped as
    /// an NSStringEncoding); on Linux swift-corelibs-foundation decodes it through ICU.
    static let foundationGB18030 = String.Encoding(rawValue: 0x8000_0632)

    private static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Detects the encoding of `bytes` and decodes them (without the byte order mark).
    ///
    /// Throws `ImportError.undecodableText` with the byte offset of the first byte that no
    /// candidate encoding can decode (the offset reached by the encoding that got furthest).
    public static func decode(_ bytes: [UInt8]) throws(ImportError) -> (text: String, encoding: SpreadsheetEncoding) {
        if bytes.starts(with: [0xFF, 0xFE]) {
            return (try decodeUTF16(bytes, encoding: .utf16LittleEndian), .utf16LittleEndian)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return (try decodeUTF16(bytes, encoding: .utf16BigEndian), .utf16BigEndian)
        }
        let hasBOM = bytes.starts(with: utf8ByteOrderMark)
        let body = hasBOM ? Array(bytes[3...]) : bytes
        let utf8Failure = firstInvalidUTF8Offset(body)
        if utf8Failure == nil {
            return (String(decoding: body, as: UTF8.self), hasBOM ? .utf8WithBOM : .utf8)
        }
        if hasBOM, let utf8Failure {
            // A BOM declares UTF-8; a defect after it is a damaged UTF-8 file, not GB18030.
            throw .undecodableText(byteOffset: utf8Failure + 3, bytes: sample(bytes, at: utf8Failure + 3), encoding: .utf8WithBOM)
        }
        let gbFailure = firstInvalidGB18030Offset(bytes)
        if gbFailure == nil, let text = String(data: Data(bytes), encoding: foundationGB18030) {
            return (text, .gb18030)
        }
        // Neither decodes: report where the likelier encoding (the one that read further) stopped.
        let utf8Offset = utf8Failure ?? 0
        let gbOffset = gbFailure ?? firstUnmappedGB18030Offset(bytes)
        if utf8Offset >= gbOffset {
            throw .undecodableText(byteOffset: utf8Offset, bytes: sample(bytes, at: utf8Offset), encoding: .utf8)
        }
        throw .undecodableText(byteOffset: gbOffset, bytes: sample(bytes, at: gbOffset), encoding: .gb18030)
    }

    /// Up to four bytes starting at `offset`, to show the user what could not be decoded.
    private static func sample(_ bytes: [UInt8], at offset: Int) -> [UInt8] {
        guard offset < bytes.count else { return [] }
        return Array(bytes[offset..<min(offset + 4, bytes.count)])
    }

    private static func decodeUTF16(_ bytes: [UInt8], encoding: SpreadsheetEncoding) throws(ImportError) -> String {
        let isLittleEndian = encoding == .utf16LittleEndian
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var offset = 2
        while offset + 1 < bytes.count {
            let low = UInt16(bytes[isLittleEndian ? offset : offset + 1])
            let high = UInt16(bytes[isLittleEndian ? offset + 1 : offset])
            units.append(high << 8 | low)
            offset += 2
        }
        if offset < bytes.count {
            throw .undecodableText(byteOffset: offset, bytes: [bytes[offset]], encoding: encoding)
        }
        // Unicode §3.9 D91: a lone surrogate is ill-formed UTF-16.
        var text = ""
        var iterator = units.makeIterator()
        var decoder = UTF16()
        var unitIndex = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                text.unicodeScalars.append(scalar)
                unitIndex += scalar.utf16.count
            case .emptyInput:
                break loop
            case .error:
                let byteOffset = 2 + unitIndex * 2
                throw .undecodableText(byteOffset: byteOffset, bytes: sample(bytes, at: byteOffset), encoding: encoding)
            }
        }
        return text
    }

    /// The offset of the first byte that starts an ill-formed UTF-8 sequence, or `nil` when all
    /// of `bytes` is well-formed (Unicode §3.9, Table 3-7: no overlongs, no surrogates, ≤ U+10FFFF).
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            guard secondRange.contains(bytes[index + 1]) else { return index }
            for continuation in 2..<length where !(0x80...0xBF).contains(bytes[index + continuation]) {
                return index
            }
            index += length
        }
        return nil
    }

    /// The offset of the first byte that cannot start or continue a GB18030 sequence, or `nil`
    /// when the byte structure is valid (GB 18030-2005 §6: one byte 00-7F; two bytes 81-FE then
    /// 40-7E or 80-FE; four bytes 81-FE, 30-39, 81-FE, 30-39). The single byte 80 is also let
    /// through: Windows code page 936, which Excel writes, uses it for €, and ICU decodes it so.
    static func firstInvalidGB18030Offset(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead <= 0x80 {
                index += 1
                continue
            }
            guard (0x81...0xFE).contains(lead), index + 1 < bytes.count else { return index }
            let second = bytes[index + 1]
            if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) {
                index += 2
                continue
            }
            guard (0x30...0x39).contains(second), index + 3 < bytes.count,
                  (0x81...0xFE).contains(bytes[index + 2]), (0x30...0x39).contains(bytes[index + 3]) else {
                return index
            }
            index += 4
        }
        return nil
    }

    /// For structurally valid GB18030 that Foundation still refuses (an unassigned four-byte
    /// code): the offset of the first character that does not decode on its own. Error path only.
    private static func firstUnmappedGB18030Offset(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let length: Int
            if bytes[index] <= 0x80 {
                length = 1
            } else if index + 1 < bytes.count, (0x30...0x39).contains(bytes[index + 1]) {
                length = 4
            } else {
                length = 2
            }
            let end = min(index + length, bytes.count)
            if length > 1, String(data: Data(bytes[index..<end]), encoding: foundationGB18030) == nil {
                return index
            }
            index = end
        }
        return 0
    }
}
