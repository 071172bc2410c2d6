// CanonicalJSONError: why and where a JSON text was refused.
//
// Parsing untrusted bytes stops at the first defect and reports its byte offset, so a journal
// verifier can say "entry 1042 (byte 88231)". Offsets count bytes from the start of the input that
// was passed to the parser (a journal line without its terminating "\n").

/// The error thrown by the canonical JSON parsers: a reason and the byte offset where it was found.
public struct CanonicalJSONError: Error, Hashable, Sendable {
    /// What was wrong with the input.
    public enum Reason: Hashable, Sendable {
        /// A byte that cannot start or continue a JSON token here (RFC 8259 §2). Offset: that byte.
        case unexpectedByte
        /// The input ended inside a value. Offset: the input's length.
        case unexpectedEnd
        /// A complete value was followed by more bytes. Offset: the first extra byte.
        case trailingBytes
        /// Two members of one object have the same name (RFC 8259 §4, I-JSON RFC 7493 §2.3).
        /// Offset: the opening quote of the second name.
        case duplicateKey
        /// Two member names differ in their bytes but are canonically equivalent Unicode (for example
        /// U+00E9 and U+0065 U+0301, or U+212A KELVIN SIGN and "K"). Swift's `String` treats such
        /// names as one key, so a `JSONValue` cannot hold both. Offset: the opening quote of the
        /// later name.
        case canonicallyEquivalentKeys
        /// Canonical input only: a member name is not greater than the previous one in UTF-16 code
        /// unit order (RFC 8785 §3.2.3). Offset: the opening quote of the out-of-order name.
        case keysOutOfOrder
        /// Canonical input only: whitespace between tokens (RFC 8785 §3.2.1). Offset: that byte.
        case nonCanonicalWhitespace
        /// Canonical input only: an escape that RFC 8785 §3.2.2.2 does not produce (`\/`, `\u0041`,
        /// an escaped surrogate pair, `\u000a` instead of `\n`, uppercase hex). Offset: the backslash.
        case nonCanonicalEscape
        /// An integer with a leading zero (`01`, invalid in any JSON), or, in canonical input only,
        /// `-0`. Offset: the first byte of the number.
        case nonCanonicalNumber
        /// A number with a fraction or an exponent (`1.0`, `1e2`): money is integer fen, so
        /// FundLedger JSON has integers only. Offset: the `.`, `e` or `E`.
        case floatingPointNumber
        /// An integer outside ±(2^53 − 1), the range every JSON implementation represents exactly
        /// (RFC 7493 §2.2, RFC 8785 §3.2.2.3). Offset: the first byte of the number.
        case integerOutOfRange
        /// An escape that JSON does not define (`\x`, `\u12g4`). Offset: the backslash.
        case invalidEscape
        /// A raw control character U+0000–U+001F inside a string (RFC 8259 §7 requires an escape).
        /// Offset: that byte.
        case controlCharacterInString
        /// Bytes that are not well-formed UTF-8 (overlong forms, stray continuation bytes, code
        /// points above U+10FFFF; Unicode Table 3-7). Offset: the first byte of the bad sequence.
        case invalidUTF8
        /// A surrogate code point that is not part of a pair: escaped (`\ud800` alone) or encoded
        /// directly in UTF-8 (`ED A0 80`). Offset: the backslash or the first byte.
        case loneSurrogate
        /// Arrays and objects nest deeper than `CanonicalJSON.maximumNestingDepth`. Offset: the
        /// bracket or brace that went over the limit.
        case nestingTooDeep
        /// The input is longer than `CanonicalJSON.maximumInputByteCount`. Offset: that limit.
        case inputTooLong
    }

    /// What was wrong with the input.
    public var reason: Reason
    /// The 0-based offset, in bytes from the start of the input, of the defect.
    public var byteOffset: Int

    /// Creates an error for `reason` found at `byteOffset`.
    public init(_ reason: Reason, at byteOffset: Int) {
        self.reason = reason
        self.byteOffset = byteOffset
    }
}
