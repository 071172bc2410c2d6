// CanonicalEntryScanner: the fast path from one journal line to its envelope.
//
// The strict path (`CanonicalJSON.parseCanonical` then `JournalEntry(parsing:)`) builds a
// `[String: JSONValue]` dictionary for the envelope, a `String` for every hex member and then looks
// each member up by name. In canonical form (RFC 8785 §3.2.3) the envelope members always appear in
// one order, `body id kind prev [scope] seq sig signer time`, so the scanner reads them at their
// places, straight from the UTF-8 bytes, with the same byte-level checks as the strict parser
// (`CanonicalJSONParser.scanString`, `scanInteger`, `skipValue`).
//
// What must never change: the scanner *accepts* a line only when the strict path accepts it and
// yields the same fields. On anything unusual (another member order, an unknown or missing member,
// an escape in a hex member, any defect at all) it gives up and returns nil, and the caller runs the
// strict path, which then produces the error with its offset. So errors come from one place, and the
// differential tests (Tests/LedgerJournalTests/CanonicalEntryScannerTests.swift) check the "accepts
// only what strict accepts" half on every vector and on fuzzed lines.

/// What the scanner reads from a canonical line: the envelope and where the body lies.
public struct ScannedEntryLine: Sendable {
    /// The envelope; `body` is filled only when the scan was asked to build it (else `.null`).
    public var entry: JournalEntry
    /// The byte range `[start, end)` of the `body` object within the line.
    public var bodyByteRange: Range<Int>
}

/// Reads the envelope of a journal line straight from its bytes (see the file overview).
package enum CanonicalEntryScanner {
    /// The body's nesting depth in the line: it is a member of the envelope object.
    static let bodyDepth = 1

    /// Scans `line` (without "\n"); nil when the fast path does not apply or the line is not a
    /// valid entry (the strict path then decides and reports).
    ///
    /// With `buildsBody` the body is parsed into a `JSONValue` like the strict parser does; without
    /// it the body is only validated (no allocation) and `entry.body` is `.null` (the caller reads
    /// it from `bodyByteRange`), except for kinds where `buildsBodyOfKind` is true. A body left
    /// unbuilt that has a non-ASCII member name gives nil, because only a value-building pass can
    /// refuse canonically equivalent names.
    package static func scan(
        _ line: UnsafeRawBufferPointer, buildsBody: Bool, buildsBodyOfKind: (String) -> Bool = { _ in false }
    ) -> ScannedEntryLine? {
        guard line.count > 0, line.count <= CanonicalJSON.maximumInputByteCount else { return nil }
        var parser = CanonicalJSONParser(line, mode: .canonical)
        do {
            return try scan(&parser, buildsBody: buildsBody, buildsBodyOfKind: buildsBodyOfKind)
        } catch {
            return nil
        }
    }

    /// Reads the envelope members that follow a body already read at `bodyRange` (its `{` at
    /// `bodyRange.lowerBound`, which must be where `{"body":` leaves it); the entry's body is
    /// `.null`. For a caller that validated and decoded the body itself with the strict parser's
    /// rules (replay's one-pass payment path, through `CanonicalMemberCursor`, whose names are a
    /// schema's ASCII names in order). Without `decodesSignature` the signature is checked (64 bytes
    /// of lowercase hex) but not kept: `entry.signature` is empty. Nil as `scan` is nil: the strict
    /// path then decides and reports.
    package static func scanEnvelope(
        _ line: UnsafeRawBufferPointer, bodyRange: Range<Int>, decodesSignature: Bool
    ) -> JournalEntry? {
        guard line.count > 0, line.count <= CanonicalJSON.maximumInputByteCount,
            bodyRange.lowerBound == bodyStartOffset, bodyRange.upperBound <= line.count,
            memcmp(line.baseAddress!, bodyPrefix.utf8Start, bodyStartOffset) == 0
        else { return nil }
        var parser = CanonicalJSONParser(line, mode: .canonical)
        parser.position = bodyRange.upperBound
        do {
            return try scanMembersAfterBody(&parser, body: .null, decodesSignature: decodesSignature)
        } catch {
            return nil
        }
    }

    /// What every canonical line starts with: the envelope's first member is `body`, an object.
    static let bodyPrefix: StaticString = #"{"body":"#
    /// The offset of the body's `{` in every canonical line.
    package static let bodyStartOffset = 8

    private static func scan(
        _ parser: inout CanonicalJSONParser, buildsBody: Bool, buildsBodyOfKind: (String) -> Bool
    ) throws(CanonicalJSONError) -> ScannedEntryLine? {
        // RFC 8785 §3.2.3: members sorted by UTF-16 code units; `body` is first.
        guard parser.consume(bodyPrefix), parser.peek == UInt8(ascii: "{") else { return nil }
        let bodyStart = parser.position
        var body = JSONValue.null
        if buildsBody {
            body = try parser.parseValue(depth: bodyDepth)
        } else {
            try parser.skipValue(depth: bodyDepth)
        }
        let bodyEnd = parser.position
        let hasNonASCIIName = parser.hasNonASCIIName
        guard var entry = try scanMembersAfterBody(&parser, body: body, decodesSignature: true) else { return nil }
        if !buildsBody {
            if buildsBodyOfKind(entry.kind) {
                // The body was validated in place; read it again, now building its value.
                var bodyParser = CanonicalJSONParser(parser.bytes, count: parser.count, position: bodyStart)
                entry.body = try bodyParser.parseValue(depth: bodyDepth)
            } else if hasNonASCIIName {
                return nil
            }
        }
        return ScannedEntryLine(entry: entry, bodyByteRange: bodyStart..<bodyEnd)
    }

    /// Reads `,"id":…` to the line's closing `}`, right after the body; nil when a member is not
    /// where canonical order puts it or is not valid (see the file overview).
    private static func scanMembersAfterBody(
        _ parser: inout CanonicalJSONParser, body: JSONValue, decodesSignature: Bool
    ) throws(CanonicalJSONError) -> JournalEntry? {
        guard parser.consume(#","id":"#), let idToken = try parser.scanStringIfPresent() else { return nil }
        let id = parser.makeString(idToken)
        guard JournalEntry.isValidID(id) else { return nil }
        guard parser.consume(#","kind":"#), let kindToken = try parser.scanStringIfPresent() else { return nil }
        let kind = parser.makeString(kindToken)
        guard JournalEntry.isValidKind(kind) else { return nil }
        guard parser.consume(#","prev":"#), let previousToken = try parser.scanStringIfPresent(),
            let previousHash = parser.lowercaseHexHash(previousToken)
        else { return nil }
        var scope: String? = nil
        if parser.consume(#","scope":"#) {
            guard let scopeToken = try parser.scanStringIfPresent() else { return nil }
            let scopeText = parser.makeString(scopeToken)
            guard JournalEntry.isValidScope(scopeText) else { return nil }
            scope = scopeText
        }
        guard parser.consume(#","seq":"#), let first = parser.peek,
            first == UInt8(ascii: "-") || CanonicalJSONParser.isDigit(first)
        else { return nil }
        let sequence = try parser.scanInteger()
        guard sequence >= 0 else { return nil }
        guard parser.consume(#","sig":"#), let signatureToken = try parser.scanStringIfPresent() else { return nil }
        var signature: [UInt8] = []
        if decodesSignature {
            guard let decoded = parser.lowercaseHexBytes(signatureToken, byteCount: signatureByteCount) else { return nil }
            signature = decoded
        } else {
            guard parser.isLowercaseHex(signatureToken, byteCount: signatureByteCount) else { return nil }
        }
        guard parser.consume(#","signer":"#), let signerToken = try parser.scanStringIfPresent() else { return nil }
        let signer = parser.makeString(signerToken)
        guard KeyID.isWellFormed(signer) else { return nil }
        guard parser.consume(#","time":"#), let timeToken = try parser.scanStringIfPresent(),
            let time = parser.timestamp(timeToken)
        else { return nil }
        guard parser.consume("}"), parser.position == parser.count else { return nil }
        return JournalEntry(
            sequence: Int(sequence), previousHash: previousHash, time: time, kind: kind, id: id, scope: scope,
            body: body, signerKeyID: signer, signature: signature)
    }

    /// The bytes of an Ed25519 signature (`sig` holds twice as many hex digits).
    static let signatureByteCount = 64
}

extension CanonicalJSONParser {
    /// A canonical-mode reader over `count` bytes at `bytes`, starting at `position`.
    init(_ bytes: UnsafePointer<UInt8>, count: Int, position: Int) {
        self.init(UnsafeRawBufferPointer(start: bytes, count: count), mode: .canonical)
        self.position = position
    }

    /// The byte at `position`, nil at the end.
    var peek: UInt8? { position < count ? self[position] : nil }

    /// Advances past `literal` when the bytes at `position` are exactly it; otherwise stays put.
    mutating func consume(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard position + length <= count else { return false }
        guard memcmp(bytes + position, literal.utf8Start, length) == 0 else { return false }
        position += length
        return true
    }

    /// Reads a string when one starts at `position`; nil (not moving) when another value does.
    mutating func scanStringIfPresent() throws(Failure) -> StringToken? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        return try scanString()
    }

    /// The time of a token that is exactly `YYYY-MM-DDTHH:MM:SSZ`; nil otherwise (the same rule as
    /// `Timestamp(rfc3339:)`; an escape never spells such a time, whose bytes need none).
    func timestamp(_ token: StringToken) -> Timestamp? {
        guard !token.hasEscapes else { return nil }
        return Timestamp(rfc3339UTF8: UnsafeBufferPointer(start: bytes + token.start, count: token.end - token.start))
    }

    /// The 32 bytes of a token of exactly 64 lowercase hex digits without escapes; nil otherwise
    /// (the same rule as `EntryHash(lowercaseHex:)`).
    func lowercaseHexHash(_ token: StringToken) -> EntryHash? {
        guard token.end - token.start == 2 * EntryHash.byteCount, !token.hasEscapes else { return nil }
        var digest = SIMD32<UInt8>()
        let isValid = withUnsafeMutableBytes(of: &digest) { output in
            Self.decodeLowercaseHex(bytes + token.start, into: output.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                    byteCount: EntryHash.byteCount)
        }
        guard isValid else { return nil }
        return withUnsafeBytes(of: &digest) { EntryHash(copying: $0) }
    }

    /// Exactly `byteCount` bytes from a token of lowercase hex digits without escapes; nil otherwise
    /// (the same rule as `JournalEntry.decodeLowercaseHex`).
    func lowercaseHexBytes(_ token: StringToken, byteCount: Int) -> [UInt8]? {
        guard token.end - token.start == 2 * byteCount, !token.hasEscapes else { return nil }
        var isValid = false
        let decoded = [UInt8](unsafeUninitializedCapacity: byteCount) { output, initialized in
            isValid = Self.decodeLowercaseHex(bytes + token.start, into: output.baseAddress!, byteCount: byteCount)
            initialized = byteCount
        }
        return isValid ? decoded : nil
    }

    /// Whether a token is exactly `byteCount` bytes' worth of lowercase hex digits without escapes
    /// (the rule of `lowercaseHexBytes`, without keeping the bytes).
    func isLowercaseHex(_ token: StringToken, byteCount: Int) -> Bool {
        guard token.end - token.start == 2 * byteCount, !token.hasEscapes else { return false }
        var invalid: UInt8 = 0
        for index in token.start..<token.end {
            invalid |= Self.lowercaseNibble(bytes[index])
        }
        return invalid & 0x80 == 0
    }

    /// Decodes `2 * byteCount` lowercase hex digits at `digits` into `output`; false when any byte is
    /// not one of `0-9a-f` (then `output` holds garbage). One branch per line, not per digit: every
    /// entry carries 192 hex digits (`prev` and `sig`).
    @inline(__always)
    static func decodeLowercaseHex(_ digits: UnsafePointer<UInt8>, into output: UnsafeMutablePointer<UInt8>,
                                   byteCount: Int) -> Bool {
        var invalid: UInt8 = 0
        for index in 0..<byteCount {
            let high = lowercaseNibble(digits[2 * index])
            let low = lowercaseNibble(digits[2 * index + 1])
            invalid |= high | low
            output[index] = high << 4 | (low & 0x0F)
        }
        // A valid nibble is below 16; `lowercaseNibble` marks anything else with 0x80.
        return invalid & 0x80 == 0
    }

    /// The value of a lowercase hex digit `0-9a-f`, or 0x80 for any other byte (uppercase included).
    @inline(__always)
    static func lowercaseNibble(_ digit: UInt8) -> UInt8 {
        let decimal = digit &- UInt8(ascii: "0")
        let letter = digit &- UInt8(ascii: "a")
        return decimal < 10 ? decimal : (letter < 6 ? letter &+ 10 : 0x80)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
