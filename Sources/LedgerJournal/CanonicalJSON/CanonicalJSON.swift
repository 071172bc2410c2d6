// CanonicalJSON: FundLedger's JSON — RFC 8785 (JSON Canonicalization Scheme) restricted to integers.
//
// Every journal line is the canonical encoding of one entry, and its bytes are what the chain hashes
// and the signer signs. Two rules protect that:
// - `encode` is a pure function of the value: the same entry always has the same bytes.
// - `parseCanonical` and `validateCanonical` accept a line only when it is byte-identical to
//   `encode` of the value it denotes, so no entry has two spellings.
// `parse` is the lenient door for user input (append's JSON Lines, import): any RFC 8259 text, but
// still integers only (money is integer fen), unique names, well-formed Unicode, bounded size and
// depth. Nothing here uses Foundation.

/// Canonical JSON encoding and parsing (RFC 8785 restricted to integers) for journal lines and user input.
public enum CanonicalJSON {
    /// The deepest nesting of arrays and objects accepted (`[]` has depth 1). Entries nest a few
    /// levels (envelope, body, lists of objects); 64 is far above any legitimate event while keeping
    /// the parsers' recursion a few kilobytes of stack, safe on any thread.
    public static let maximumNestingDepth = 64

    /// The longest input accepted, in bytes: 1 MiB for one journal line or one line of user input.
    /// Entries are about half a kilobyte; the limit bounds the memory and time a hostile line costs.
    public static let maximumInputByteCount = 1 << 20

    /// The largest integer magnitude accepted, 2^53 − 1: the integers every JSON implementation
    /// represents exactly (RFC 7493 §2.2, RFC 8785 §3.2.2.3). In fen it is about 90 trillion yuan.
    public static let maximumSafeInteger: Int64 = (1 << 53) - 1

    // MARK: Encoding

    /// Returns the RFC 8785 canonical form of `value` as UTF-8 bytes.
    ///
    /// Integers are written as given, even beyond ±(2^53 − 1), and nesting is not limited; use
    /// `encodeVerified(_:)` when the result must be readable by `parseCanonical`.
    /// Cost: O(n log k) for n bytes of output and objects of up to k members (sorting).
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        CanonicalJSONEncoder.append(value, to: &output)
        return output
    }

    /// Appends the RFC 8785 canonical form of `value` to `output`.
    public static func encode(_ value: JSONValue, appendingTo output: inout [UInt8]) {
        CanonicalJSONEncoder.append(value, to: &output)
    }

    /// Returns the canonical form of `value` after checking that `parseCanonical` accepts it.
    ///
    /// Throws `CanonicalJSONError` with an offset into the encoded bytes when an integer is beyond
    /// ±(2^53 − 1) (`.integerOutOfRange`), nesting exceeds `maximumNestingDepth`
    /// (`.nestingTooDeep`), or the encoding exceeds `maximumInputByteCount` (`.inputTooLong`).
    public static func encodeVerified(_ value: JSONValue) throws(CanonicalJSONError) -> [UInt8] {
        let output = encode(value)
        try validateCanonical(output)
        return output
    }

    /// Whether member name `a` sorts before `b` in canonical order: by UTF-16 code units
    /// (RFC 8785 §3.2.3), which differs from UTF-8 byte order for U+E000–U+FFFF versus U+10000 and up.
    public static func memberNamePrecedes(_ a: String, _ b: String) -> Bool {
        CanonicalKeyOrder.precedes(a, b)
    }

    // MARK: Strict parsing (journal lines)

    /// Parses a journal line that must be exactly in canonical form (without its "\n").
    ///
    /// Accepts only input byte-identical to `encode(parseCanonical(input))`. Throws
    /// `CanonicalJSONError` at the first defect: its reason says which rule was broken (whitespace,
    /// member order, escapes, number form, UTF-8, limits) and its offset where.
    public static func parseCanonical(_ bytes: UnsafeRawBufferPointer) throws(CanonicalJSONError) -> JSONValue {
        try CanonicalJSONParser.parse(bytes, mode: .canonical)
    }

    /// Parses a journal line that must be exactly in canonical form; see `parseCanonical(_:)`.
    @inlinable
    public static func parseCanonical(_ bytes: some Collection<UInt8>) throws(CanonicalJSONError) -> JSONValue {
        try withContiguousBytes(of: bytes) { buffer throws(CanonicalJSONError) in try parseCanonical(buffer) }
    }

    /// Parses text that must be exactly in canonical form; see `parseCanonical(_:)`.
    @inlinable
    public static func parseCanonical(_ text: String) throws(CanonicalJSONError) -> JSONValue {
        try parseCanonical(text.utf8)
    }

    /// Checks that a journal line is exactly in canonical form without building its value.
    ///
    /// Succeeds exactly when `parseCanonical` would; allocates nothing unless a member name holds
    /// non-ASCII text, in which case the line is parsed once more to rule out canonically equivalent
    /// names (`.canonicallyEquivalentKeys`). Throws `CanonicalJSONError` like `parseCanonical`.
    public static func validateCanonical(_ bytes: UnsafeRawBufferPointer) throws(CanonicalJSONError) {
        try CanonicalJSONParser.validateCanonical(bytes)
    }

    /// Checks that bytes are exactly in canonical form; see `validateCanonical(_:)`.
    @inlinable
    public static func validateCanonical(_ bytes: some Collection<UInt8>) throws(CanonicalJSONError) {
        try withContiguousBytes(of: bytes) { buffer throws(CanonicalJSONError) in try validateCanonical(buffer) }
    }

    // MARK: Lenient parsing (user input)

    /// Parses any RFC 8259 JSON text that fits FundLedger's values.
    ///
    /// Whitespace, any member order and any valid escape are accepted. Throws `CanonicalJSONError`
    /// for invalid JSON and also for duplicate or canonically equivalent member names, fractions and
    /// exponents (`1.0`, `1e2`), integers beyond ±(2^53 − 1), lone surrogates, invalid UTF-8,
    /// nesting beyond `maximumNestingDepth` and input over `maximumInputByteCount`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(CanonicalJSONError) -> JSONValue {
        try CanonicalJSONParser.parse(bytes, mode: .lenient)
    }

    /// Parses any RFC 8259 JSON text that fits FundLedger's values; see `parse(_:)`.
    @inlinable
    public static func parse(_ bytes: some Collection<UInt8>) throws(CanonicalJSONError) -> JSONValue {
        try withContiguousBytes(of: bytes) { buffer throws(CanonicalJSONError) in try parse(buffer) }
    }

    /// Parses JSON text that fits FundLedger's values; see `parse(_:)`.
    @inlinable
    public static func parse(_ text: String) throws(CanonicalJSONError) -> JSONValue {
        try parse(text.utf8)
    }

    /// Calls `body` with the bytes of `collection` in contiguous memory, copying only if needed.
    @inlinable
    static func withContiguousBytes<Result>(
        of collection: some Collection<UInt8>,
        _ body: (UnsafeRawBufferPointer) throws(CanonicalJSONError) -> Result
    ) throws(CanonicalJSONError) -> Result {
        // `withContiguousStorageIfAvailable` rethrows untyped errors, so carry the outcome out in a
        // `Swift.Result` to keep the error type.
        let outcome = collection.withContiguousStorageIfAvailable { buffer in
            Swift.Result { () throws(CanonicalJSONError) -> Result in try body(UnsafeRawBufferPointer(buffer)) }
        }
        if let outcome { return try outcome.get() }
        let copy = Array(collection)
        return try copy.withUnsafeBytes { buffer in
            Swift.Result { () throws(CanonicalJSONError) -> Result in try body(buffer) }
        }.get()
    }
}
