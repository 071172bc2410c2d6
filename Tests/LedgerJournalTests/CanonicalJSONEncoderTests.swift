// Encoder known answers: escapes, integers, member order.
// Goal: the bytes RFC 8785 prescribes, written out by hand or computed by an independent oracle
// (Swift's own UTF-16 view) rather than by the code under test.
import LedgerJournal
import LedgerTestSupport
import Testing

@Suite("CanonicalJSON encoder")
struct CanonicalJSONEncoderTests {
    @Test("every control character gets its RFC 8785 escape and everything else stays literal")
    func stringEscapes() {
        let shortForms: [UInt32: String] = [0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"]
        let hex = Array("0123456789abcdef")
        for value in UInt32(0)..<0x20 {
            let expected = shortForms[value] ?? "\\u00" + String(hex[Int(value >> 4)]) + String(hex[Int(value & 0xF)])
            let text = String(Unicode.Scalar(value)!)
            #expect(CanonicalJSON.encode(.string(text)) == jsonUTF8("\"" + expected + "\""), "U+\(value)")
        }
        #expect(CanonicalJSON.encode(#"a"b\c/d"#) == jsonUTF8(#""a\"b\\c/d""#))
        #expect(CanonicalJSON.encode("\u{7F}\u{2028}沁源县😀\u{FFFF}") == jsonUTF8("\"\u{7F}\u{2028}沁源县😀\u{FFFF}\""))
        #expect(CanonicalJSON.encode("") == jsonUTF8(#""""#))
    }

    @Test("integers are written in shortest decimal form")
    func integers() {
        let cases: [(Int64, String)] = [
            (0, "0"), (7, "7"), (-7, "-7"), (10, "10"), (1_500_000, "1500000"),
            (9_007_199_254_740_991, "9007199254740991"), (-9_007_199_254_740_991, "-9007199254740991"),
            (Int64.max, "9223372036854775807"), (Int64.min, "-9223372036854775808"),
        ]
        for (integer, text) in cases {
            #expect(CanonicalJSON.encode(.integer(integer)) == jsonUTF8(text))
        }
    }

    @Test("literals, arrays and nested objects have no whitespace")
    func structure() {
        let value: JSONValue = ["z": [3, 2, 1], "a": ["y": nil, "x": true, "w": false], "e": [], "o": [:]]
        #expect(CanonicalJSON.encode(value) == jsonUTF8(#"{"a":{"w":false,"x":true,"y":null},"e":[],"o":{},"z":[3,2,1]}"#))
    }

    @Test("members sort by UTF-16 code units: astral characters before U+E000-U+FFFF")
    func memberOrderAcrossPlanes() {
        let value: JSONValue = [
            "\u{FB01}": 1, "😀": 2, "\u{E000}": 3, "\u{FFFF}": 4, "\u{10000}": 5, "\u{D7FF}": 6,
            "中": 7, "Z": 8, "a": 9, "ab": 10, "\u{10FFFF}": 11, "": 12,
        ]
        let expected = #"{"":12,"Z":8,"a":9,"ab":10,"中":7,"\#u{D7FF}":6,"\#u{10000}":5,"😀":2,"\#u{10FFFF}":11,"\#u{E000}":3,"ﬁ":1,"\#u{FFFF}":4}"#
        #expect(CanonicalJSON.encode(value) == jsonUTF8(expected))
    }

    @Test("member order equals an independent UTF-16 comparison for random names")
    func memberOrderMatchesUTF16Oracle() {
        var random = RandomJSON(generator: SeededRandomNumberGenerator(defaultSeed: 0x6a63_735f_6f72_6465))
        for _ in 0..<2_000 {
            let a = random.string(maximumLength: 4)
            let b = random.string(maximumLength: 4)
            let oracle = Array(a.utf16).lexicographicallyPrecedes(Array(b.utf16))
            #expect(CanonicalJSON.memberNamePrecedes(a, b) == oracle,
                    "\(random.generator): \(Array(a.unicodeScalars)) vs \(Array(b.unicodeScalars))")
        }
    }

    @Test("appending encodes after existing bytes")
    func appending() {
        var output = jsonUTF8("x")
        CanonicalJSON.encode(["b": 1, "a": "沁"], appendingTo: &output)
        #expect(output == jsonUTF8(#"x{"a":"沁","b":1}"#))
    }

    @Test("verified encoding refuses values the strict parser would refuse, at the output offset")
    func verifiedEncoding() throws {
        #expect(try CanonicalJSON.encodeVerified(["a": 1]) == jsonUTF8(#"{"a":1}"#))
        #expect(throws: CanonicalJSONError(.integerOutOfRange, at: 5)) {
            try CanonicalJSON.encodeVerified(["a": .integer(CanonicalJSON.maximumSafeInteger + 1)])
        }
        var deep: JSONValue = 1
        for _ in 0..<CanonicalJSON.maximumNestingDepth { deep = [deep] }
        #expect(try CanonicalJSON.encodeVerified(deep).count == 2 * CanonicalJSON.maximumNestingDepth + 1)
        #expect(throws: CanonicalJSONError(.nestingTooDeep, at: 64)) { try CanonicalJSON.encodeVerified([deep]) }
    }
}
