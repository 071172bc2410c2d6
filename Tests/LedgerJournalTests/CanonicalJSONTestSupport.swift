// Helpers shared by the CanonicalJSON tests: random values, random re-formatting, byte literals.
import LedgerJournal
import LedgerTestSupport

/// The UTF-8 bytes of `text`.
func jsonUTF8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Scalars the random generators draw from: ASCII letters, every control character, the
/// characters with special escapes, DEL, Latin and combining marks, CJK, the private-use and
/// compatibility area U+E000–U+FFFF, and supplementary-plane characters (the UTF-16 order trap).
let jsonInterestingScalars: [Unicode.Scalar] = {
    var scalars: [Unicode.Scalar] = []
    for value in UInt32(0)...0x7F { scalars.append(Unicode.Scalar(value)!) }
    for value: UInt32 in [
        0x80, 0x9F, 0xA0, 0xE9, 0x301, 0x7FF, 0x800, 0x2028, 0x2029, 0x212A, 0x3000, 0x4E2D, 0x53BF,
        0x6C81, 0x6E90, 0x9ED4, 0xD7FF, 0xE000, 0xF8FF, 0xFB01, 0xFEFF, 0xFFFD, 0xFFFF,
        0x10000, 0x1F600, 0x20000, 0x10FFFF,
    ] {
        scalars.append(Unicode.Scalar(value)!)
    }
    return scalars
}()

/// Random JSON values and random spellings of them, driven by a seeded generator.
struct RandomJSON {
    var generator: SeededRandomNumberGenerator

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool { int(1...denominator) <= numerator }

    /// A random string of up to `maximumLength` scalars.
    mutating func string(maximumLength: Int = 8) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<int(0...maximumLength) {
            if chance(1, in: 3) {
                scalars.append(Unicode.Scalar(UInt8(int(0x61...0x7A))))
            } else {
                scalars.append(jsonInterestingScalars[int(0...jsonInterestingScalars.count - 1)])
            }
        }
        return String(scalars)
    }

    /// A random integer within ±(2^53 − 1), often near the edges.
    mutating func integer() -> Int64 {
        let limit = CanonicalJSON.maximumSafeInteger
        switch int(0...5) {
        case 0: return Int64(int(-10...10))
        case 1: return limit - Int64(int(0...3))
        case 2: return -limit + Int64(int(0...3))
        default: return Int64.random(in: -limit...limit, using: &generator)
        }
    }

    /// A random value nested at most `depth` more levels.
    mutating func value(depth: Int) -> JSONValue {
        let choice = depth > 0 ? int(0...6) : int(0...3)
        switch choice {
        case 0: return [.null, .bool(true), .bool(false)][int(0...2)]
        case 1: return .integer(integer())
        case 2, 3: return .string(string())
        case 4, 5:
            var members: [String: JSONValue] = [:]
            for _ in 0..<int(0...6) { members[string(maximumLength: 4)] = value(depth: depth - 1) }
            return .object(members)
        default:
            return .array((0..<int(0...5)).map { _ in value(depth: depth - 1) })
        }
    }

    /// Random insignificant whitespace (RFC 8259 §2), often none.
    mutating func whitespace() -> [UInt8] {
        guard chance(1, in: 2) else { return [] }
        return (0..<int(1...3)).map { _ in [0x20, 0x09, 0x0A, 0x0D][int(0...3)] }
    }

    /// A valid but usually non-canonical spelling of `value`: random whitespace, shuffled members,
    /// optional escapes for any character, `\/`, uppercase hex and surrogate-pair escapes.
    mutating func reformatted(_ value: JSONValue) -> [UInt8] {
        var output = whitespace()
        switch value {
        case .null: output += jsonUTF8("null")
        case .bool(let bool): output += jsonUTF8(bool ? "true" : "false")
        case .integer(let integer): output += jsonUTF8(String(integer))
        case .string(let string): output += spelled(string)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            output += whitespace()
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output += reformatted(element)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            output += whitespace()
            for (index, member) in members.shuffled(using: &generator).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output += whitespace()
                output += spelled(member.key)
                output += whitespace()
                output.append(UInt8(ascii: ":"))
                output += reformatted(member.value)
            }
            output.append(UInt8(ascii: "}"))
        }
        output += whitespace()
        return output
    }

    /// A random valid JSON spelling of `string` (RFC 8259 §7).
    mutating func spelled(_ string: String) -> [UInt8] {
        var output = [UInt8(ascii: "\"")]
        for scalar in string.unicodeScalars {
            let mustEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            if !mustEscape && chance(2, in: 3) {
                output += jsonUTF8(String(scalar))
                continue
            }
            let shortForms: [Unicode.Scalar: String] = [
                "\"": "\\\"", "\\": "\\\\", "/": "\\/", "\u{08}": "\\b", "\u{0C}": "\\f",
                "\n": "\\n", "\r": "\\r", "\t": "\\t",
            ]
            if let short = shortForms[scalar], chance(1, in: 2) {
                output += jsonUTF8(short)
                continue
            }
            for unit in String(scalar).utf16 {
                var hex = String(unit, radix: 16)
                hex = String(repeating: "0", count: 4 - hex.count) + hex
                output += jsonUTF8("\\u" + (chance(1, in: 2) ? hex.uppercased() : hex))
            }
        }
        output.append(UInt8(ascii: "\""))
        return output
    }
}

/// A canonical journal line like the ones the replay benchmark reads (Chinese text, ~20 members).
let jsonSampleEntryLine = jsonUTF8(
    #"{"body":{"amount_fen":1500000,"county":"沁源县","memo":"退耕还林补助 1500元/亩 — 黔府办发〔2018〕1号","#
        + #""payee":"王小明","project":"P-2024-001","purpose":"产业扶贫","tranche":2},"id":"evt-000042","#
        + #""kind":"fund.disburse","prev":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","#
        + #""scope":"140431","seq":42,"#
        + #""sig":"1d2f0c7a9e4b3a5c6d7e8f9001122334455667788990aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff001122","#
        + #""signer":"a1b2c3d4e5f60718","time":"2024-03-15T08:30:00Z"}"#)
