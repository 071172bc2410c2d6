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

extension JournalEntry {
    /// `pointer.initialize(to: JournalEntry(...))`, each stored property written in place: a value
    /// made by the initializer (written in the struct) was built in a local, copied whole where it
    /// was stored (a retain of each text) and the local destroyed (a release of each), about 300
    /// instructions per entry for replay's prepared entries (measured). Every stored property must be
    /// written: debug builds check that the last one written ends the struct.
    @inlinable
    package static func initialize(
        _ pointer: UnsafeMutablePointer<JournalEntry>, sequence: Int, previousHash: EntryHash, time: Timestamp,
        kind: consuming String, id: consuming String, scope: consuming String?, body: consuming JSONValue,
        signerKeyID: consuming String, signature: consuming [UInt8] = []
    ) {
        pointer.pointer(to: \.sequence)!.initialize(to: sequence)
        pointer.pointer(to: \.previousHash)!.initialize(to: previousHash)
        pointer.pointer(to: \.time)!.initialize(to: time)
        pointer.pointer(to: \.kind)!.initialize(to: kind)
        pointer.pointer(to: \.id)!.initialize(to: id)
        pointer.pointer(to: \.scope)!.initialize(to: scope)
        pointer.pointer(to: \.body)!.initialize(to: body)
        pointer.pointer(to: \.signerKeyID)!.initialize(to: signerKeyID)
        pointer.pointer(to: \.signature)!.initialize(to: signature)
        assert(MemoryLayout<JournalEntry>.offset(of: \.signature)! + MemoryLayout<[UInt8]>.size == MemoryLayout<JournalEntry>.size,
               "every stored property is written")
    }
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
    /// `makeSigner` makes the signer's `String` from its 16 digits (a replay takes it from a table of
    /// the few signers it has seen, instead of allocating one per line); it must return exactly
    /// `String(decoding: digits, as: UTF8.self)`.
    package static func scanEnvelope(
        _ line: UnsafeRawBufferPointer, bodyRange: Range<Int>, decodesSignature: Bool,
        makeSigner: (UnsafeBufferPointer<UInt8>) -> String = { String(decoding: $0, as: UTF8.self) }
    ) -> JournalEntry? {
        guard var parser = parserAfterBody(line, bodyRange: bodyRange) else { return nil }
        do {
            return try scanMembersAfterBody(&parser, body: .null, decodesSignature: decodesSignature, makeSigner: makeSigner)
        } catch {
            return nil
        }
    }

    /// What every canonical line starts with: the envelope's first member is `body`, an object.
    static let bodyPrefix: StaticString = #"{"body":"#
    /// The offset of the body's `{` in every canonical line.
    @inlinable
    package static var bodyStartOffset: Int { 8 }

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
        _ parser: inout CanonicalJSONParser, body: JSONValue, decodesSignature: Bool,
        makeSigner: (UnsafeBufferPointer<UInt8>) -> String = { String(decoding: $0, as: UTF8.self) }
    ) throws(CanonicalJSONError) -> JournalEntry? {
        guard let members = try scanMemberTokensAfterBody(&parser) else { return nil }
        // Checked on the bytes when there is no escape (the same rules as on the `String`).
        let idToken = members.id
        if idToken.hasEscapes {
            guard JournalEntry.isValidID(parser.makeString(idToken)) else { return nil }
        } else {
            guard JournalEntry.isValidID(utf8: parser.buffer(idToken)) else { return nil }
        }
        let id = parser.makeString(idToken)
        let kindToken = members.kind
        if kindToken.hasEscapes {
            guard JournalEntry.isValidKind(parser.makeString(kindToken)) else { return nil }
        } else {
            guard JournalEntry.isValidKind(utf8: parser.buffer(kindToken)) else { return nil }
        }
        let kind = parser.makeString(kindToken)
        var scope: String? = nil
        if let scopeToken = members.scope {
            if scopeToken.hasEscapes {
                guard JournalEntry.isValidScope(parser.makeString(scopeToken)) else { return nil }
            } else {
                guard JournalEntry.isValidScope(utf8: parser.buffer(scopeToken)) else { return nil }
            }
            scope = parser.makeString(scopeToken)
        }
        var signature: [UInt8] = []
        if decodesSignature {
            let token = CanonicalJSONParser.StringToken(start: members.signatureStart, end: members.signatureStart + 2 * signatureByteCount,
                                    hasEscapes: false, hasNonASCII: false)
            guard let decoded = parser.lowercaseHexBytes(token, byteCount: signatureByteCount) else { return nil }
            signature = decoded
        }
        // `KeyID.isWellFormed`: exactly 16 lowercase hex digits, as checked.
        let signer = makeSigner(UnsafeBufferPointer(start: parser.bytes + members.signerStart, count: signerDigitCount))
        return JournalEntry(
            sequence: members.sequence, previousHash: members.previousHash, time: members.time, kind: kind, id: id,
            scope: scope, body: body, signerKeyID: signer, signature: signature)
    }

    /// The envelope of a line as read in place by `scanPlainEnvelope`: the texts are the line's bytes.
    package struct PlainEnvelope {
        /// `seq`.
        package var sequence: Int
        /// `prev`.
        package var previousHash: EntryHash
        /// `time`.
        package var time: Timestamp
        /// `id`'s UTF-8 (a valid id, no escape in the line).
        package var id: UnsafeBufferPointer<UInt8>
        /// `kind`'s UTF-8 (a valid kind, no escape in the line).
        package var kind: UnsafeBufferPointer<UInt8>
        /// `scope`'s UTF-8 (a valid scope, no escape in the line); nil when the entry has none.
        package var scope: UnsafeBufferPointer<UInt8>?
        /// `signer`'s 16 lowercase hex digits.
        package var signer: UnsafeBufferPointer<UInt8>
    }

    /// A canonical parser placed just after the body at `bodyRange`, when the line is within the
    /// length limit and starts with the envelope's fixed prefix up to the body; nil otherwise.
    private static func parserAfterBody(_ line: UnsafeRawBufferPointer, bodyRange: Range<Int>) -> CanonicalJSONParser? {
        guard line.count > 0, line.count <= CanonicalJSON.maximumInputByteCount,
            bodyRange.lowerBound == bodyStartOffset, bodyRange.upperBound <= line.count,
            memcmp(line.baseAddress!, bodyPrefix.utf8Start, bodyStartOffset) == 0
        else { return nil }
        var parser = CanonicalJSONParser(line, mode: .canonical)
        parser.position = bodyRange.upperBound
        return parser
    }

    /// `scanEnvelope(_:bodyRange:decodesSignature:makeSigner:)` without making any `String` (and
    /// the signature checked, not decoded): the id, kind, scope and signer are handed out as the
    /// line's bytes, for a caller that makes only the texts it keeps. Nil when `scanEnvelope` is
    /// nil and also when the id, kind or scope has an escape (their bytes are then not their text):
    /// the caller then takes the strict path, which decides and reports.
    /// Valid only while the line's bytes are.
    package static func scanPlainEnvelope(_ line: UnsafeRawBufferPointer, bodyRange: Range<Int>) -> PlainEnvelope? {
        guard var parser = parserAfterBody(line, bodyRange: bodyRange) else { return nil }
        guard let members = try? scanMemberTokensAfterBody(&parser),
            !members.id.hasEscapes, !members.kind.hasEscapes, members.scope?.hasEscapes != true
        else { return nil }
        let id = parser.buffer(members.id)
        let kind = parser.buffer(members.kind)
        guard JournalEntry.isValidID(utf8: id), JournalEntry.isValidKind(utf8: kind) else { return nil }
        var scope: UnsafeBufferPointer<UInt8>?
        if let scopeToken = members.scope {
            let bytes = parser.buffer(scopeToken)
            guard JournalEntry.isValidScope(utf8: bytes) else { return nil }
            scope = bytes
        }
        return PlainEnvelope(
            sequence: members.sequence, previousHash: members.previousHash, time: members.time, id: id, kind: kind,
            scope: scope, signer: UnsafeBufferPointer(start: parser.bytes + members.signerStart, count: signerDigitCount))
    }

    /// Where the members after the body lie, with the values that need no `String`.
    private struct MemberTokens {
        var id: CanonicalJSONParser.StringToken
        var kind: CanonicalJSONParser.StringToken
        var previousHash: EntryHash
        var scope: CanonicalJSONParser.StringToken?
        var sequence: Int
        /// The offset of the signature's first hex digit (64 bytes' worth, all lowercase hex digits).
        var signatureStart: Int
        /// The offset of the signer's first hex digit (16 lowercase hex digits).
        var signerStart: Int
        var time: Timestamp
    }

    /// Reads `,"id":…` to the line's closing `}`, right after the body, checking every byte with the
    /// strict parser's rules but not the id, kind and scope's own rules (their callers check those,
    /// on the bytes or on the text an escape spells); nil when a member is not where canonical order
    /// puts it or its value is not of its form.
    private static func scanMemberTokensAfterBody(_ parser: inout CanonicalJSONParser) throws(CanonicalJSONError) -> MemberTokens? {
        guard parser.consume(#","id":"#), let idToken = try parser.scanPlainStringIfPresent() else { return nil }
        guard parser.consume(#","kind":"#), let kindToken = try parser.scanPlainStringIfPresent() else { return nil }
        // 64 lowercase hex digits: a plain string, read without scanning it as one first, its digits
        // checked as they are decoded (`lowercaseHexHash`).
        guard parser.consume(#","prev":"#), let previousStart = parser.quotedStringStart(byteCount: 2 * EntryHash.byteCount),
            let previousHash = parser.lowercaseHexHash(
                CanonicalJSONParser.StringToken(start: previousStart, end: previousStart + 2 * EntryHash.byteCount, hasEscapes: false, hasNonASCII: false))
        else { return nil }
        parser.position = previousStart + 2 * EntryHash.byteCount + 1
        var scopeToken: CanonicalJSONParser.StringToken?
        if parser.consume(#","scope":"#) {
            guard let token = try parser.scanPlainStringIfPresent() else { return nil }
            scopeToken = token
        }
        guard parser.consume(#","seq":"#), let first = parser.peek,
            first == UInt8(ascii: "-") || CanonicalJSONParser.isDigit(first)
        else { return nil }
        let sequence = try parser.scanInteger()
        guard sequence >= 0 else { return nil }
        // 128 lowercase hex digits, and the signer's 16: plain strings, checked eight digits at a time.
        guard parser.consume(#","sig":"#),
            let signatureStart = parser.scanLowercaseHexString(digitCount: 2 * signatureByteCount)
        else { return nil }
        guard parser.consume(#","signer":"#), let signerStart = parser.scanLowercaseHexString(digitCount: signerDigitCount)
        else { return nil }
        guard parser.consume(#","time":"#) else { return nil }
        // A time is 20 bytes between quotes: when they are one (digits and the fixed separators,
        // which `scanString` accepts as they stand, ending at that quote), they are read as it
        // without scanning them as a string first.
        let time: Timestamp
        if let start = parser.quotedStringStart(byteCount: 20),
            let fast = Timestamp(rfc3339UTF8: UnsafeBufferPointer(start: parser.bytes + start, count: 20))
        {
            time = fast
            parser.position = start + 21
        } else {
            guard let timeToken = try parser.scanStringIfPresent(), let scanned = parser.timestamp(timeToken) else { return nil }
            time = scanned
        }
        guard parser.consume("}"), parser.position == parser.count else { return nil }
        return MemberTokens(id: idToken, kind: kindToken, previousHash: previousHash, scope: scopeToken,
                            sequence: Int(sequence), signatureStart: signatureStart, signerStart: signerStart, time: time)
    }

    /// The bytes of an Ed25519 signature (`sig` holds twice as many hex digits).
    static let signatureByteCount = 64
    /// The digits of a key id (`KeyID.isWellFormed`: 16 lowercase hex digits).
    static let signerDigitCount = 16
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
    /// Inlined: each caller's literal is a constant, so its length and words fold into the
    /// comparison (called, about 35 instructions each, seven times per line).
    @inline(__always)
    mutating func consume(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard position + length <= count else { return false }
        guard Self.areEqualBytes(bytes + position, literal.utf8Start, count: length) else { return false }
        position += length
        return true
    }

    /// Advances past `"name":` when the bytes at `position` are exactly that (`name` is ASCII
    /// without `"`, `\` or controls, so the quoted name is a string the strict reader accepts as it
    /// stands); otherwise stays put.
    @inline(__always)
    mutating func consumeQuotedName(_ name: StaticString) -> Bool {
        let length = name.utf8CodeUnitCount
        guard position + length + 3 <= count, self[position] == UInt8(ascii: "\""),
            self[position + 1] == name.utf8Start[0],
            Self.areEqualBytes(bytes + position + 1, name.utf8Start, count: length),
            self[position + 1 + length] == UInt8(ascii: "\""), self[position + 2 + length] == UInt8(ascii: ":")
        else { return false }
        position += length + 3
        return true
    }

    /// Whether the `count` bytes at `left` and at `right` are equal: `memcmp(...) == 0` for the
    /// short literals and member names the scanners compare (a line's eight envelope literals and
    /// each member name), in at most two overlapping loads a side where a call to `memcmp` cost
    /// about 30 instructions. Reads only bytes within the two ranges.
    @inline(__always)
    static func areEqualBytes(_ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, count: Int) -> Bool {
        let a = UnsafeRawPointer(left)
        let b = UnsafeRawPointer(right)
        if count >= 8 {
            var offset = 0
            while offset + 8 <= count {
                guard a.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) else { return false }
                offset += 8
            }
            // The last (overlapping) eight bytes cover any rest.
            return offset == count
                || a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        var offset = 0
        while offset < count {
            guard left[offset] == right[offset] else { return false }
            offset += 1
        }
        return true
    }

    /// The offset of the first of `byteCount` bytes between quotes at `position` (the bytes are not
    /// checked: the caller checks them all, or refuses the line); nil when no `"` is at `position` or
    /// at `position + byteCount + 1`. Does not move.
    func quotedStringStart(byteCount: Int) -> Int? {
        let start = position
        guard start + byteCount + 2 <= count, self[start] == UInt8(ascii: "\""),
            self[start + 1 + byteCount] == UInt8(ascii: "\"")
        else { return nil }
        return start + 1
    }

    /// The offset of the first of exactly `digitCount` lowercase hex digits between quotes at
    /// `position`, which then moves past the closing quote; nil (not moving) for anything else.
    /// Such a string is plain ASCII, which `scanString` accepts as it stands, with the same token.
    mutating func scanLowercaseHexString(digitCount: Int) -> Int? {
        let start = position
        guard start + digitCount + 2 <= count, self[start] == UInt8(ascii: "\""),
            self[start + 1 + digitCount] == UInt8(ascii: "\""),
            Self.areLowercaseHexDigits(bytes + start + 1, count: digitCount)
        else { return nil }
        position = start + digitCount + 2
        return start + 1
    }

    /// Whether the `count` bytes at `digits` are all lowercase hex digits `0-9a-f`, eight at a
    /// time: a line carries 192 of them (`prev`, `sig`) and a payment's payee 64 more.
    package static func areLowercaseHexDigits(_ digits: UnsafePointer<UInt8>, count: Int) -> Bool {
        let raw = UnsafeRawPointer(digits)
        var offset = 0
        // The words' defects are gathered without a branch per word, two words a step: a line
        // carries 24 such words (and a payment's payee 8), at about 23 instructions each when every
        // word was tested on its own.
        var defects: UInt64 = 0
        while offset + 16 <= count {
            defects |= hexDefects(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                | hexDefects(raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            offset += 16
        }
        if offset + 8 <= count {
            defects |= hexDefects(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var invalid: UInt8 = 0
        while offset < count {
            invalid |= lowercaseNibble(digits[offset])
            offset += 1
        }
        return defects == 0 && invalid & 0x80 == 0
    }

    /// Zero exactly when the eight bytes of `word` are all lowercase hex digits `0-9a-f`.
    @inline(__always)
    static func hexDefects(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        // For bytes below 0x80 (adding at most 0x50 to one never carries into the next):
        // byte + (0x80 - low) has its high bit set exactly when byte >= low, and byte + (0x7F - high)
        // exactly when byte > high. A byte of 0x80 or more is a defect of its own (its high bit),
        // whatever the sums then give for the other bytes.
        let digit = (word &+ ones &* (0x80 - 0x30)) & ~(word &+ ones &* (0x7F - 0x39))
        let letter = (word &+ ones &* (0x80 - 0x61)) & ~(word &+ ones &* (0x7F - 0x66))
        return (word | ~(digit | letter)) & highBits
    }

    /// Reads a string when one starts at `position`; nil (not moving) when another value does.
    mutating func scanStringIfPresent() throws(Failure) -> StringToken? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        return try scanString()
    }

    /// `scanStringIfPresent()`, with the same result, for a string that is most often plain ASCII
    /// (an entry's id, kind and scope): bytes 0x20-0x7F other than `"` and `\`, up to a `"` found
    /// in the words read, are a string `scanString` accepts as it stands, with the token made here;
    /// anything else (a stop byte, no `"` within the whole words before the line's end) goes through
    /// `scanString` from the opening quote. (`scanString`'s general loop took about 90 instructions
    /// a string, three times per line.)
    @inline(__always)
    mutating func scanPlainStringIfPresent() throws(Failure) -> StringToken? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        let contentStart = position + 1
        let end = CanonicalMemberCursor.plainRunEnd(bytes, from: contentStart, count: count, allowsNonASCII: false)
        if end < count, self[end] == UInt8(ascii: "\"") {
            position = end + 1
            return StringToken(start: contentStart, end: end, hasEscapes: false, hasNonASCII: false)
        }
        return try scanString()
    }

    /// The raw bytes of a token's contents (its UTF-8 when it has no escapes).
    func buffer(_ token: StringToken) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes + token.start, count: token.end - token.start)
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
            Self.decodeLowercaseHexWords(bytes + token.start, into: output.baseAddress!, wordCount: 2 * EntryHash.byteCount / 8)
        }
        guard isValid else { return nil }
        return withUnsafeBytes(of: &digest) { EntryHash(copying: $0) }
    }

    /// `decodeLowercaseHex` eight digits at a time: `8 * wordCount` digits at `digits` into
    /// `4 * wordCount` bytes at `output`; false when any digit is not `0-9a-f` (then `output` holds
    /// garbage). Each word's digits are checked as `areLowercaseHexDigits` checks them, and turned
    /// into nibbles and then bytes with a few shifts (digit by digit, 32 bytes took about 130
    /// instructions, and the digits had been checked once before).
    @inline(__always)
    static func decodeLowercaseHexWords(_ digits: UnsafePointer<UInt8>, into output: UnsafeMutableRawPointer,
                                        wordCount: Int) -> Bool {
        let raw = UnsafeRawPointer(digits)
        let ones: UInt64 = 0x0101_0101_0101_0101
        var defects: UInt64 = 0
        for index in 0..<wordCount {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self))
            defects |= hexDefects(word)
            // '0'-'9' are 0x30-0x39 (value: the low four bits), 'a'-'f' 0x61-0x66 (low four bits + 9);
            // a letter is a byte with bit 0x40 set (meaningful only when there is no defect).
            let isLetter = (word >> 6) & ones
            let values = (word & (ones &* 0x0F)) &+ isLetter &* 9
            // Digit 2k is byte k's high nibble, digit 2k + 1 its low one (digit 0 is the word's lowest byte).
            var pairs = ((values << 4) | (values >> 8)) & 0x00FF_00FF_00FF_00FF
            pairs = (pairs | pairs >> 8) & 0x0000_FFFF_0000_FFFF
            pairs = (pairs | pairs >> 16) & 0x0000_0000_FFFF_FFFF
            output.storeBytes(of: UInt32(truncatingIfNeeded: pairs).littleEndian, toByteOffset: 4 * index, as: UInt32.self)
        }
        return defects == 0
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
