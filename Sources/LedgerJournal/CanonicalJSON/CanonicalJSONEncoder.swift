// CanonicalJSONEncoder: writes a JSONValue in RFC 8785 canonical form, restricted to integers.
//
// These bytes are what FundLedger hashes and signs: any change to this file's output changes every
// entry's hash and invalidates every signature. What must never change:
// - no whitespace anywhere (RFC 8785 §3.2.1);
// - strings escape only `"`, `\` and U+0000–U+001F, with the short forms \b \t \n \f \r and
//   lowercase `\u00xx` for the rest; everything else, including U+007F and Chinese text, is written
//   as literal UTF-8 (RFC 8785 §3.2.2.2);
// - integers in shortest decimal form, `-` only for negative values (RFC 8785 §3.2.2.3, ECMAScript
//   Number::toString for integers);
// - object members sorted by their names' UTF-16 code units (RFC 8785 §3.2.3).

/// The RFC 8785 serializer behind `CanonicalJSON.encode`.
enum CanonicalJSONEncoder {
    /// Appends the canonical form of `value` to `output`.
    static func append(_ value: JSONValue, to output: inout [UInt8]) {
        switch value {
        case .null:
            appendASCII("null", to: &output)
        case .bool(let bool):
            appendASCII(bool ? "true" : "false", to: &output)
        case .integer(let integer):
            appendInteger(integer, to: &output)
        case .string(let string):
            appendString(string, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var isFirst = true
            for element in elements {
                if !isFirst { output.append(UInt8(ascii: ",")) }
                isFirst = false
                append(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            // RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their names.
            // Sort positions, not members: moving (String, JSONValue) pairs costs reference counting.
            let entries = Array(members)
            var order = Array(entries.indices)
            order.sort { CanonicalKeyOrder.precedes(entries[$0].key, entries[$1].key) }
            var isFirst = true
            for index in order {
                if !isFirst { output.append(UInt8(ascii: ",")) }
                isFirst = false
                appendString(entries[index].key, to: &output)
                output.append(UInt8(ascii: ":"))
                append(entries[index].value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Appends an ASCII literal.
    @inline(__always)
    static func appendASCII(_ literal: StaticString, to output: inout [UInt8]) {
        literal.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    /// Appends `integer` in shortest decimal form (RFC 8785 §3.2.2.3 for integral values).
    static func appendInteger(_ integer: Int64, to output: inout [UInt8]) {
        if integer < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = integer.magnitude
        // 20 digits hold UInt64.max; digits are produced least significant first.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Lowercase hexadecimal digits, as RFC 8785 §3.2.2.2 requires in `\u00xx`.
    static let hexDigits: StaticString = "0123456789abcdef"

    /// Appends `string` quoted and escaped as RFC 8785 §3.2.2.2 says.
    static func appendString(_ string: String, to output: inout [UInt8]) {
        // Large native strings expose their UTF-8 in place; small ones are copied to the stack.
        if let _: Void = string.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &output) }) {
            return
        }
        var string = string
        string.withUTF8 { appendEscaped($0, to: &output) }
    }

    /// Appends UTF-8 `bytes` quoted and escaped as RFC 8785 §3.2.2.2 says.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            // RFC 8785 §3.2.2.2: only `"`, `\` and U+0000–U+001F are escaped.
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                continue
            }
            if runStart < index {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            }
            runStart = index + 1
            output.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
            case 0x08: output.append(UInt8(ascii: "b"))
            case 0x09: output.append(UInt8(ascii: "t"))
            case 0x0A: output.append(UInt8(ascii: "n"))
            case 0x0C: output.append(UInt8(ascii: "f"))
            case 0x0D: output.append(UInt8(ascii: "r"))
            default:
                // RFC 8785 §3.2.2.2: other controls as \u00xx with lowercase hex.
                appendASCII("u00", to: &output)
                hexDigits.withUTF8Buffer { hex in
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0x0F)])
                }
            }
        }
        if runStart < bytes.count {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }
}
