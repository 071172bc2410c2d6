// Negative cases, each named after its mutation of a canonical text.
// Goal: the strict parser refuses every non-canonical spelling with the right reason and byte
// offset, `validateCanonical` agrees with it, and the lenient parser refuses exactly what FundLedger
// forbids in user input. Method: tables of (input, reason, offset) run through the public API.
import LedgerJournal
import Testing

struct JSONRejectionCase: CustomTestStringConvertible, Sendable {
    let name: String
    let input: [UInt8]
    let reason: CanonicalJSONError.Reason
    let byteOffset: Int
    var testDescription: String { name }

    init(_ name: String, _ input: [UInt8], _ reason: CanonicalJSONError.Reason, at byteOffset: Int) {
        self.name = name
        self.input = input
        self.reason = reason
        self.byteOffset = byteOffset
    }

    init(_ name: String, _ input: String, _ reason: CanonicalJSONError.Reason, at byteOffset: Int) {
        self.init(name, jsonUTF8(input), reason, at: byteOffset)
    }
}

/// `[` repeated `depth` times, then `]` as often: arrays nested `depth` deep.
func jsonNestedArrays(depth: Int) -> [UInt8] {
    [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
}

/// An object chain `{"a":{"a":…1…}}` nested `depth` deep.
func jsonNestedObjects(depth: Int) -> [UInt8] {
    Array(String(repeating: #"{"a":"#, count: depth).utf8) + jsonUTF8("1")
        + [UInt8](repeating: UInt8(ascii: "}"), count: depth)
}

/// Inputs refused by both parsers, with the same reason and offset.
let jsonInvalidInAnyMode: [JSONRejectionCase] = [
    JSONRejectionCase("empty input", "", .unexpectedEnd, at: 0),
    JSONRejectionCase("truncated object", #"{"a":1"#, .unexpectedEnd, at: 6),
    JSONRejectionCase("truncated string", #""abc"#, .unexpectedEnd, at: 4),
    JSONRejectionCase("truncated literal", "tru", .unexpectedEnd, at: 3),
    JSONRejectionCase("misspelt literal", "trux", .unexpectedByte, at: 3),
    JSONRejectionCase("capitalised literal", "Null", .unexpectedByte, at: 0),
    JSONRejectionCase("missing value", #"{"a":}"#, .unexpectedByte, at: 5),
    JSONRejectionCase("missing colon", #"{"a"}"#, .unexpectedByte, at: 4),
    JSONRejectionCase("unquoted name", #"{a:1}"#, .unexpectedByte, at: 1),
    JSONRejectionCase("trailing comma in array", "[1,]", .unexpectedByte, at: 3),
    JSONRejectionCase("trailing comma in object", #"{"a":1,}"#, .unexpectedByte, at: 7),
    JSONRejectionCase("leading comma in object", "{,}", .unexpectedByte, at: 1),
    JSONRejectionCase("plus sign", "+1", .unexpectedByte, at: 0),
    JSONRejectionCase("lone minus", "-", .unexpectedEnd, at: 1),
    JSONRejectionCase("minus without digits", "-a", .unexpectedByte, at: 1),
    JSONRejectionCase("trailing garbage", "{}x", .trailingBytes, at: 2),
    JSONRejectionCase("two values", "{}{}", .trailingBytes, at: 2),
    JSONRejectionCase("leading zero", "01", .nonCanonicalNumber, at: 0),
    JSONRejectionCase("negative leading zero", "[-012]", .nonCanonicalNumber, at: 1),
    JSONRejectionCase("fraction", "1.0", .floatingPointNumber, at: 1),
    JSONRejectionCase("exponent", "1e2", .floatingPointNumber, at: 1),
    JSONRejectionCase("capital exponent", "[1E2]", .floatingPointNumber, at: 2),
    JSONRejectionCase("negative fraction", #"{"a":-1.5}"#, .floatingPointNumber, at: 7),
    JSONRejectionCase("zero fraction", "0.5", .floatingPointNumber, at: 1),
    JSONRejectionCase("2^53", "9007199254740992", .integerOutOfRange, at: 0),
    JSONRejectionCase("-(2^53)", "[-9007199254740992]", .integerOutOfRange, at: 1),
    JSONRejectionCase("thirty digits", "123456789012345678901234567890", .integerOutOfRange, at: 0),
    JSONRejectionCase("huge with fraction", "123456789012345678901234567890.5", .floatingPointNumber, at: 30),
    JSONRejectionCase("raw tab in string", "\"a\tb\"", .controlCharacterInString, at: 2),
    JSONRejectionCase("raw NUL in string", [0x22, 0x00, 0x22], .controlCharacterInString, at: 1),
    JSONRejectionCase("unknown escape", #""\x""#, .invalidEscape, at: 1),
    JSONRejectionCase("bad hex digit", #""ab\u12g4""#, .invalidEscape, at: 3),
    JSONRejectionCase("short unicode escape at end", #""\u12"#, .unexpectedEnd, at: 5),
    JSONRejectionCase("escaped lone lead surrogate", #""\ud800""#, .loneSurrogate, at: 1),
    JSONRejectionCase("escaped lone trail surrogate", #""a\udc00""#, .loneSurrogate, at: 2),
    JSONRejectionCase("escaped lead surrogate before non-surrogate", #""\ud800\u0041""#, .loneSurrogate, at: 1),
    JSONRejectionCase("escaped reversed surrogates", #""\ude00\ud83d""#, .loneSurrogate, at: 1),
    JSONRejectionCase("raw lead surrogate (CESU-8)", [0x22, 0xED, 0xA0, 0x80, 0x22], .loneSurrogate, at: 1),
    JSONRejectionCase("raw trail surrogate", [0x22, 0x61, 0xED, 0xBF, 0xBF, 0x22], .loneSurrogate, at: 2),
    JSONRejectionCase("overlong slash", [0x22, 0xC0, 0xAF, 0x22], .invalidUTF8, at: 1),
    JSONRejectionCase("overlong NUL", [0x22, 0xC1, 0x80, 0x22], .invalidUTF8, at: 1),
    JSONRejectionCase("overlong three-byte", [0x22, 0xE0, 0x80, 0xAF, 0x22], .invalidUTF8, at: 1),
    JSONRejectionCase("overlong four-byte", [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22], .invalidUTF8, at: 1),
    JSONRejectionCase("above U+10FFFF", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], .invalidUTF8, at: 1),
    JSONRejectionCase("byte F5", [0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], .invalidUTF8, at: 1),
    JSONRejectionCase("byte FF", [0x22, 0xFF, 0x22], .invalidUTF8, at: 1),
    JSONRejectionCase("stray continuation byte", [0x22, 0x61, 0x80, 0x22], .invalidUTF8, at: 2),
    JSONRejectionCase("sequence cut by quote", [0x22, 0xE4, 0xB8, 0x22], .invalidUTF8, at: 1),
    JSONRejectionCase("sequence cut by end", [0x22, 0xE4, 0xB8], .unexpectedEnd, at: 3),
    JSONRejectionCase("non-ASCII outside string", [0x5B, 0xE4, 0xB8, 0xAD, 0x5D], .unexpectedByte, at: 1),
    JSONRejectionCase("byte order mark", [0xEF, 0xBB, 0xBF, 0x31], .unexpectedByte, at: 0),
    JSONRejectionCase("exact duplicate name", #"{"a":1,"b":2,"b":3}"#, .duplicateKey, at: 13),
    JSONRejectionCase("equivalent names K and KELVIN SIGN", #"{"K":1,"\#u{212A}":2}"#, .canonicallyEquivalentKeys, at: 7),
    JSONRejectionCase("arrays nested one too deep", jsonNestedArrays(depth: 65), .nestingTooDeep, at: 64),
    JSONRejectionCase("objects nested one too deep", jsonNestedObjects(depth: 65), .nestingTooDeep, at: 320),
    JSONRejectionCase("deep nesting far beyond the limit", jsonNestedArrays(depth: 100_000), .nestingTooDeep, at: 64),
    JSONRejectionCase("input one byte over the limit",
                  [UInt8(ascii: "\"")] + [UInt8](repeating: 0x61, count: (1 << 20) - 1) + [UInt8(ascii: "\"")],
                  .inputTooLong, at: 1 << 20),
]

/// Valid JSON spellings that are not canonical, refused only by the strict parser.
let jsonNonCanonicalCases: [JSONRejectionCase] = [
    JSONRejectionCase("space after brace", #"{ "a":1}"#, .nonCanonicalWhitespace, at: 1),
    JSONRejectionCase("space before colon", #"{"a" :1}"#, .nonCanonicalWhitespace, at: 4),
    JSONRejectionCase("space after colon", #"{"a": 1}"#, .nonCanonicalWhitespace, at: 5),
    JSONRejectionCase("space before brace", #"{"a":1 }"#, .nonCanonicalWhitespace, at: 6),
    JSONRejectionCase("space after comma", #"{"a":1, "b":2}"#, .nonCanonicalWhitespace, at: 7),
    JSONRejectionCase("tab in array", "[1,\t2]", .nonCanonicalWhitespace, at: 3),
    JSONRejectionCase("space in empty array", "[ ]", .nonCanonicalWhitespace, at: 1),
    JSONRejectionCase("leading space", " 1", .nonCanonicalWhitespace, at: 0),
    JSONRejectionCase("trailing space", "1 ", .nonCanonicalWhitespace, at: 1),
    JSONRejectionCase("trailing newline", "{}\n", .nonCanonicalWhitespace, at: 2),
    JSONRejectionCase("carriage return before comma", "[1\r,2]", .nonCanonicalWhitespace, at: 2),
    JSONRejectionCase("reordered names", #"{"b":1,"a":2}"#, .keysOutOfOrder, at: 7),
    JSONRejectionCase("reordered nested names", #"{"a":{"y":1,"x":2}}"#, .keysOutOfOrder, at: 12),
    JSONRejectionCase("prefix after longer name", #"{"ab":1,"a":2}"#, .keysOutOfOrder, at: 8),
    JSONRejectionCase("U+FB01 before U+1F600 (UTF-8 byte order)", #"{"ﬁ":1,"😀":2}"#, .keysOutOfOrder, at: 9),
    JSONRejectionCase("U+FFFF before U+10000", #"{"\#u{FFFF}":1,"\#u{10000}":2}"#, .keysOutOfOrder, at: 9),
    JSONRejectionCase("escaped backslash before escaped tab", #"{"\\":1,"\t":2}"#, .keysOutOfOrder, at: 8),
    JSONRejectionCase("escaped quote before exclamation mark", #"{"\"":1,"!":2}"#, .keysOutOfOrder, at: 8),
    JSONRejectionCase("duplicate escaped name", #"{"\n":1,"\n":2}"#, .duplicateKey, at: 8),
    JSONRejectionCase("escaped letter A", #""\u0041""#, .nonCanonicalEscape, at: 1),
    JSONRejectionCase("escaped letter in name", #"{"\u0061":1}"#, .nonCanonicalEscape, at: 2),
    JSONRejectionCase("escaped solidus", #""a\/b""#, .nonCanonicalEscape, at: 2),
    JSONRejectionCase("uppercase hex escape", #""\u001F""#, .nonCanonicalEscape, at: 1),
    JSONRejectionCase("escaped DEL", #""\u007f""#, .nonCanonicalEscape, at: 1),
    JSONRejectionCase("long form of newline", #""\u000a""#, .nonCanonicalEscape, at: 1),
    JSONRejectionCase("long form of quote", #""\u0022""#, .nonCanonicalEscape, at: 1),
    JSONRejectionCase("long form of backslash", #""\u005c""#, .nonCanonicalEscape, at: 1),
    JSONRejectionCase("escaped Chinese", #""\u53bf""#, .nonCanonicalEscape, at: 1),
    JSONRejectionCase("escaped surrogate pair", #""x\ud83d\ude00""#, .nonCanonicalEscape, at: 2),
    JSONRejectionCase("negative zero", "-0", .nonCanonicalNumber, at: 0),
    JSONRejectionCase("negative zero in object", #"{"a":-0}"#, .nonCanonicalNumber, at: 5),
]

@Suite("CanonicalJSON rejections")
struct CanonicalJSONRejectionTests {
    @Test("strict parser and validator refuse invalid JSON with reason and offset",
          arguments: jsonInvalidInAnyMode + jsonNonCanonicalCases)
    func strictRefuses(_ rejection: JSONRejectionCase) {
        let expected = CanonicalJSONError(rejection.reason, at: rejection.byteOffset)
        #expect(throws: expected) { try CanonicalJSON.parseCanonical(rejection.input) }
        #expect(throws: expected) { try CanonicalJSON.validateCanonical(rejection.input) }
    }

    @Test("lenient parser refuses invalid JSON with reason and offset", arguments: jsonInvalidInAnyMode)
    func lenientRefuses(_ rejection: JSONRejectionCase) {
        let expected = CanonicalJSONError(rejection.reason, at: rejection.byteOffset)
        #expect(throws: expected) { try CanonicalJSON.parse(rejection.input) }
    }

    @Test("lenient parser accepts non-canonical spellings and canonicalises them",
          arguments: jsonNonCanonicalCases.filter { $0.reason != .duplicateKey })
    func lenientAccepts(_ rejection: JSONRejectionCase) throws {
        let value = try CanonicalJSON.parse(rejection.input)
        let canonical = CanonicalJSON.encode(value)
        #expect(canonical != rejection.input)
        #expect(try CanonicalJSON.parseCanonical(canonical) == value)
    }

    @Test("canonical spellings next to the refused ones are accepted")
    func neighboursAccepted() throws {
        let accepted: [String] = [
            #""\u001f""#, "\"\u{7F}\"", #""\n\b\f\r\t\"\\""#, #"{"\t":1,"\\":2}"#, #"{"!":1,"\"":2}"#,
            #"{"😀":1,"ﬁ":2}"#, #"{"\#u{10000}":1,"\#u{FFFF}":2}"#, #"{"a":1,"ab":2}"#, "0", "-1",
            "9007199254740991", "-9007199254740991", #""a/b""#, #""沁源县""#, "[]", "{}", #""""#,
            #"{"K":1,"k":2}"#, "\"\u{2028}\"",
        ]
        for text in accepted {
            let value = try CanonicalJSON.parseCanonical(text)
            #expect(CanonicalJSON.encode(value) == jsonUTF8(text), "\(text)")
            try CanonicalJSON.validateCanonical(jsonUTF8(text))
        }
    }

    @Test("nesting exactly at the limit is accepted")
    func nestingAtLimit() throws {
        let depth = CanonicalJSON.maximumNestingDepth
        #expect(try CanonicalJSON.parseCanonical(jsonNestedArrays(depth: depth)).arrayValue?.count == 1)
        _ = try CanonicalJSON.parseCanonical(jsonNestedObjects(depth: depth))
        try CanonicalJSON.validateCanonical(jsonNestedObjects(depth: depth))
        _ = try CanonicalJSON.parse(jsonNestedArrays(depth: depth))
    }

    @Test("input exactly at the length limit is accepted")
    func inputAtLengthLimit() throws {
        let limit = CanonicalJSON.maximumInputByteCount
        let input = [UInt8(ascii: "\"")] + [UInt8](repeating: 0x61, count: limit - 2) + [UInt8(ascii: "\"")]
        #expect(try CanonicalJSON.parseCanonical(input).stringValue?.utf8.count == limit - 2)
        try CanonicalJSON.validateCanonical(input)
    }

    @Test("lenient parser refuses duplicates spelt differently and trailing garbage after whitespace")
    func lenientSpecific() {
        #expect(throws: CanonicalJSONError(.duplicateKey, at: 8)) {
            try CanonicalJSON.parse(#"{"a":1, "\u0061":2}"#)
        }
        #expect(throws: CanonicalJSONError(.trailingBytes, at: 2)) { try CanonicalJSON.parse("1 x") }
        #expect(throws: CanonicalJSONError(.loneSurrogate, at: 3)) { try CanonicalJSON.parse(#"[" \uD800"]"#) }
        #expect(throws: CanonicalJSONError(.unexpectedEnd, at: 3)) { try CanonicalJSON.parse("[ \n") }
    }

    @Test("lenient parser reads escapes, whitespace and negative zero")
    func lenientValues() throws {
        let value = try CanonicalJSON.parse(
            " {\"b\" : [ -0 , 1 ] ,\r\n\t\"a\":\"\\u53BF\\/\\ud83d\\ude00\\u0000\\\"\" } \n")
        #expect(value == ["a": "县/😀\u{0}\"", "b": [0, 1]])
        #expect(CanonicalJSON.encode(value) == jsonUTF8(#"{"a":"县/😀\u0000\"","b":[0,1]}"#))
    }
}
