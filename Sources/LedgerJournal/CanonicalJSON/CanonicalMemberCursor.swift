// CanonicalMemberCursor: reads the members of one object of a canonical line in file order,
// straight from its bytes, for the decoders that replay runs on every entry.
//
// `CanonicalObjectView` builds a table of members and hands out `JSONValue`s; a decoder that knows
// its schema's names in canonical order (RFC 8785 §3.2.3: sorted) needs neither: it walks the
// members once and takes each value as the type it expects.
//
// What must never change: the cursor decides nothing. Every byte it reads is checked with the
// strict canonical parser's own rules (`CanonicalJSONParser.scanString` for names and strings, with
// their UTF-8 and control-character checks, `scanInteger` for integers, the exact literals `true`
// and `false`, no whitespace), so it may walk bytes no one has validated yet: replay's one-pass
// payment path (`SupervisionReplay.PreparedEntry`) reads a payment's body with it instead of
// validating the body first and walking it again. Whenever a byte is not what the plain case expects
// (a string with an escape, a value of another type, a defect, a truncated line) it answers nil, so
// that its caller gives up and decodes with the strict path, which then accepts or reports exactly
// as before. A decoder that matches names against its schema's names in order, each at most once,
// also gets what RFC 8785 §3.2.3 requires of the names: strictly increasing, hence unique.

/// Walks the members of one object inside a canonical line (see the file overview).
///
/// Valid only while the line's bytes are; keep it inside the call that lends them. It holds the
/// line's address and its place in it, nothing counted: a strict reader (`CanonicalJSONParser`,
/// whose checks every value goes through) is made over the same bytes for each value that needs
/// one. (Holding one, the cursor held its member stack, an array: each nested object's cursor
/// retained it and each cursor's end released it, five times per payment.)
package struct CanonicalMemberCursor {
    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    /// The object's nesting depth in the line (the line's own object is 1), bounded like the parser's.
    private let depth: Int
    /// The offset of the next byte to read.
    package private(set) var position: Int
    /// Whether the object's closing `}` was read (`nextName` also answers nil on a defect).
    package private(set) var hasEnded = false
    private var isAtFirstMember = true

    /// A cursor over the object whose `{` is at `objectStart` in `line`, at nesting depth `depth`
    /// (a member of the line's object is at depth 2); nil when none starts there.
    package init?(line: UnsafeRawBufferPointer, objectStart: Int, depth: Int = 2) {
        guard let base = line.baseAddress, objectStart >= 0, objectStart < line.count,
            line.count <= CanonicalJSON.maximumInputByteCount, depth <= CanonicalJSON.maximumNestingDepth,
            line[objectStart] == UInt8(ascii: "{")
        else { return nil }
        bytes = base.assumingMemoryBound(to: UInt8.self)
        count = line.count
        position = objectStart + 1
        self.depth = depth
    }

    private init(bytes: UnsafePointer<UInt8>, count: Int, position: Int, depth: Int) {
        self.bytes = bytes
        self.count = count
        self.position = position
        self.depth = depth
    }

    /// The byte at `position`, nil at the end.
    @inline(__always)
    private var peek: UInt8? { position < count ? bytes[position] : nil }

    /// `body` with a strict reader placed at `position`, which then moves where the reader left it.
    @inline(__always)
    private mutating func reading<Result>(_ body: (inout CanonicalJSONParser) -> Result) -> Result {
        var parser = CanonicalJSONParser(bytes, count: count, position: position)
        defer { position = parser.position }
        return body(&parser)
    }

    /// Reads the next member's name and its `:`; nil at the object's `}` (then consumed and
    /// `hasEnded` set) and on anything unexpected. The name's raw bytes are returned: a name with
    /// an escape is refused (nil), so only plain names match a schema's names.
    package mutating func nextName() -> UnsafeBufferPointer<UInt8>? {
        guard moveToNextName() else { return nil }
        guard let name = plainString() else { return nil }
        guard peek == UInt8(ascii: ":") else { return nil }
        position += 1
        return name
    }

    /// Reads the next member's name and its `:` when the name is one of `names` (a schema's names in
    /// canonical order) at or after `next`, which then moves past it; returns its index. Nil at the
    /// object's `}` (then consumed and `hasEnded` set), for an unknown, repeated or escaped name and
    /// on anything unexpected. A name whose bytes are exactly a schema name (plain ASCII, neither
    /// `"` nor `\` nor a control) is a string the strict reader accepts as it stands, so the name is
    /// compared in place instead of being scanned first (`nextName` then `index(of:in:from:)`): the
    /// bytes `"name":` against each candidate's, a word at a time (`CanonicalMemberNames`).
    package mutating func nextMember(in names: CanonicalMemberNames, from next: inout Int) -> Int? {
        guard moveToNextName() else { return nil }
        let start = position
        let available = count - start
        // Eight bytes are read at `start` whatever the name's length: near the line's end, and for
        // a candidate over 16 bytes, the comparison goes on out of line (this function then
        // saves fewer registers: it runs about 15 times per payment).
        guard available >= 8 else { return nextMemberOutOfLine(in: names, from: &next, start: start, head: nil) }
        let head = UnsafeRawPointer(bytes + start).loadUnaligned(as: UInt64.self)
        var candidate = next
        while candidate < names.count {
            let entry = names.entry(candidate)
            if head & entry.pointee.firstMask == entry.pointee.first {
                let length = entry.pointee.length
                if length <= 8 {
                    next = candidate + 1
                    position = start + length
                    return candidate
                }
                if length <= 16 {
                    if length <= available,
                        UnsafeRawPointer(bytes + start).loadUnaligned(fromByteOffset: length - 8, as: UInt64.self) == entry.pointee.last
                    {
                        next = candidate + 1
                        position = start + length
                        return candidate
                    }
                } else {
                    next = candidate
                    return nextMemberOutOfLine(in: names, from: &next, start: start, head: head)
                }
            }
            candidate += 1
        }
        next = candidate
        return nil
    }

    /// `nextMember(in:from:)` from candidate `next` for a name at `start`: compared byte by byte
    /// when `head` (the eight bytes at `start`) is nil, else in words.
    @inline(never)
    private mutating func nextMemberOutOfLine(in names: CanonicalMemberNames, from next: inout Int, start: Int,
                                              head: UInt64?) -> Int? {
        let available = count - start
        while next < names.count {
            let candidate = next
            next += 1
            let isMatch = head.map { names.matches(candidate, head: $0, at: bytes + start, available: available) }
                ?? names.matches(candidate, at: bytes + start, available: available)
            if isMatch {
                position = start + names.quotedLength(of: candidate)
                return candidate
            }
        }
        return nil
    }

    /// Moves past the `,` before a member that is not the first, to its name's opening quote; false
    /// at the object's `}` (then consumed and `hasEnded` set) and on anything else.
    @inline(__always)
    private mutating func moveToNextName() -> Bool {
        guard let byte = peek else { return false }
        if byte == UInt8(ascii: "}") {
            position += 1
            hasEnded = true
            return false
        }
        if !isAtFirstMember {
            guard byte == UInt8(ascii: ",") else { return false }
            position += 1
        }
        isAtFirstMember = false
        return true
    }

    /// The contents of a string value of exactly `digitCount` lowercase hex digits; nil (not moving)
    /// otherwise, and the caller reads the value another way. Such a string is plain ASCII, which
    /// the strict reader accepts as it stands; the digits are checked eight at a time.
    package mutating func lowercaseHexString(digitCount: Int) -> UnsafeBufferPointer<UInt8>? {
        let start = position
        guard start + digitCount + 2 <= count, bytes[start] == UInt8(ascii: "\""),
            bytes[start + 1 + digitCount] == UInt8(ascii: "\""),
            CanonicalJSONParser.areLowercaseHexDigits(bytes + start + 1, count: digitCount)
        else { return nil }
        position = start + digitCount + 2
        return UnsafeBufferPointer(start: bytes + start + 1, count: digitCount)
    }

    /// Whether `name` (from `nextName`) is exactly `expected`.
    @inline(__always)
    package static func name(_ name: UnsafeBufferPointer<UInt8>, is expected: StaticString) -> Bool {
        name.count == expected.utf8CodeUnitCount && memcmp(name.baseAddress!, expected.utf8Start, name.count) == 0
    }

    /// The index of `name` in `names` (a schema's names in canonical order) at or after `next`,
    /// which then moves past it; nil when no later name matches (an unknown or repeated member).
    package static func index(of name: UnsafeBufferPointer<UInt8>, in names: [StaticString], from next: inout Int) -> Int? {
        while next < names.count {
            let candidate = next
            next += 1
            if Self.name(name, is: names[candidate]) { return candidate }
        }
        return nil
    }

    /// The contents of a string value without escapes; nil when the value is not a string, has an
    /// escape or breaks a rule of the strict reader (RFC 8259 §7 control characters, UTF-8 per
    /// Unicode Table 3-7).
    package mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        let start = position
        // Most values are short ASCII (dates, codes, amounts' units, vouchers): bytes 0x20-0x7F other
        // than `"` and `\` up to a `"` are a string `scanString` accepts as it stands, with the same
        // token, so they are taken without its general loop. Anything else goes through it.
        let contentStart = start + 1
        var end = Self.plainRunEnd(bytes, from: contentStart, count: count, allowsNonASCII: false)
        while end < count {
            let byte = bytes[end]
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { break }
            end += 1
        }
        if end < count, bytes[end] == UInt8(ascii: "\"") {
            position = end + 1
            return UnsafeBufferPointer(start: bytes + contentStart, count: end - contentStart)
        }
        let token = reading { parser in try? parser.scanString() }
        guard let token, !token.hasEscapes else {
            position = start
            return nil
        }
        return UnsafeBufferPointer(start: bytes + token.start, count: token.end - token.start)
    }

    /// The contents of the string value that starts here, up to the first `"`, when no `\\` and no
    /// byte below 0x20 comes before it; nil otherwise. The bytes are *not* checked as `plainString`
    /// checks them (their UTF-8 is not validated) and the cursor does not move: a caller may use
    /// them only to recognise bytes it has seen pass `plainString` before, which then pass again
    /// with the same contents, and then moves past them with `skipString(_:)`.
    package func uncheckedStringContents() -> UnsafeBufferPointer<UInt8>? {
        guard peek == UInt8(ascii: "\"") else { return nil }
        let contentStart = position + 1
        var end = Self.plainRunEnd(bytes, from: contentStart, count: count, allowsNonASCII: true)
        while end < count {
            let byte = bytes[end]
            guard byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { break }
            end += 1
        }
        guard end < count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        return UnsafeBufferPointer(start: bytes + contentStart, count: end - contentStart)
    }

    /// The `byteCount` bytes between the `"` here and a `"` right after them, not checked in any way
    /// (as `uncheckedStringContents()`, and the cursor does not move); nil when there are no such
    /// quotes. A caller that finds them all of a kind the strict reader accepts as they stand (64
    /// lowercase hex digits) moves past them with `skipString(_:)`, and otherwise reads the value
    /// another way.
    package func uncheckedQuotedBytes(byteCount: Int) -> UnsafeBufferPointer<UInt8>? {
        let start = position
        guard start + byteCount + 2 <= count, bytes[start] == UInt8(ascii: "\""),
            bytes[start + 1 + byteCount] == UInt8(ascii: "\"")
        else { return nil }
        return UnsafeBufferPointer(start: bytes + start + 1, count: byteCount)
    }

    /// The offset, at or after `start`, of the first byte below 0x20, `"` or `\\` (or, unless
    /// `allowsNonASCII`, of 0x80 or more) when one is found in the whole words of eight bytes from
    /// `start`; else the end of those words, past which the caller goes on byte by byte. Every byte
    /// before the offset is none of those (`CanonicalJSONParser.skipPlainASCII` goes on from there byte by byte).
    @inline(__always)
    static func plainRunEnd(_ bytes: UnsafePointer<UInt8>, from start: Int, count: Int, allowsNonASCII: Bool) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawPointer(bytes)
        var end = start
        while end + 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: end, as: UInt64.self))
            let belowSpace = (word &- ones &* 0x20) & ~word & highBits
            let quotes = word ^ (ones &* 0x22)
            let hasQuote = (quotes &- ones) & ~quotes & highBits
            let backslashes = word ^ (ones &* 0x5C)
            let hasBackslash = (backslashes &- ones) & ~backslashes & highBits
            let nonASCII = allowsNonASCII ? 0 : word & highBits
            let stops = belowSpace | hasQuote | hasBackslash | nonASCII
            // The lowest flagged byte is the first such byte (a borrow only runs upwards, so no
            // byte below it is flagged falsely): the run ends there.
            guard stops == 0 else { return end + stops.trailingZeroBitCount >> 3 }
            end += 8
        }
        return end
    }

    /// Moves past the string value whose contents `uncheckedStringContents()` just returned.
    package mutating func skipString(_ contents: UnsafeBufferPointer<UInt8>) {
        precondition(contents.baseAddress == bytes + position + 1, "the contents of the string here")
        position += contents.count + 2
    }

    /// An integer value in canonical form (RFC 8785 §3.2.2.3: no leading zero, no `-0`, within
    /// ±(2^53 − 1), no fraction or exponent); nil when the value is not one.
    package mutating func integer() -> Int64? {
        guard let first = peek, first == UInt8(ascii: "-") || CanonicalJSONParser.isDigit(first) else { return nil }
        let start = position
        // Amounts and quantities: 1 to 15 digits, the first not `0`, followed by a byte that is no
        // digit, `.`, `e` or `E`: `scanInteger` accepts exactly these with this value (at most
        // 999,999,999,999,999, within ±(2^53 − 1)), so they are read without it. Anything else
        // (a sign, a zero, 16 digits or more, the line's end) goes through it.
        if first != UInt8(ascii: "0"), first != UInt8(ascii: "-") {
            var end = start
            var value: Int64 = 0
            while end < count, end - start < 15 {
                let digit = bytes[end] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                value = value * 10 + Int64(digit)
                end += 1
            }
            if end < count {
                let next = bytes[end]
                if !CanonicalJSONParser.isDigit(next), next != UInt8(ascii: "."), next != UInt8(ascii: "e"), next != UInt8(ascii: "E") {
                    position = end
                    return value
                }
            }
        }
        guard let value = reading({ parser in try? parser.scanInteger() }) else {
            position = start
            return nil
        }
        return value
    }

    /// A `true` or `false` value; nil when the value is neither.
    package mutating func bool() -> Bool? {
        reading { parser in
            if parser.consume("true") { return true }
            if parser.consume("false") { return false }
            return nil
        }
    }

    /// A cursor over the object value that starts here; nil when the value is not an object or
    /// would nest deeper than `CanonicalJSON.maximumNestingDepth`. Read it until `hasEnded`, then
    /// `skip(past:)` it.
    package func object() -> CanonicalMemberCursor? {
        guard peek == UInt8(ascii: "{"), depth + 1 <= CanonicalJSON.maximumNestingDepth else { return nil }
        return CanonicalMemberCursor(bytes: bytes, count: count, position: position + 1, depth: depth + 1)
    }

    /// Continues after a nested object that `nested` (from `object()`) has read to its `}`.
    package mutating func skip(past nested: CanonicalMemberCursor) {
        precondition(nested.hasEnded, "a nested object is skipped only once read to its end")
        position = nested.position
    }
}

/// A schema's member names in canonical order, for `CanonicalMemberCursor.nextMember(in:from:)`:
/// each as the bytes a line spells it with, `"name":`, in words made once. A line's name is compared
/// with a candidate in at most three loads (the first eight bytes, loaded once for all candidates,
/// masked to the quoted name's length; then the middle and last eight), where comparing it with
/// each `StaticString` cost about 80 instructions (a payment tries about 20 candidates).
/// Made once per schema (a `static let`); its table is never freed.
package struct CanonicalMemberNames: @unchecked Sendable {
    fileprivate struct Entry {
        /// The length of `"name":`.
        var length: Int
        /// Its first eight bytes (fewer when shorter, the rest zero) and the mask of those bytes.
        var first: UInt64
        var firstMask: UInt64
        /// Its bytes 8..<16 when longer than 16 bytes (loaded at offset 8).
        var middle: UInt64
        /// Its last eight bytes when longer than 8 (loaded at `length - 8`).
        var last: UInt64
        /// The bytes `"name":` (for lines that end within eight bytes, and names over 24 bytes).
        var quoted: UnsafeMutablePointer<UInt8>
    }

    /// The entries, never freed (nothing counted: a copy of the table costs no retain).
    private let entries: UnsafeMutablePointer<Entry>
    /// The number of names.
    package let count: Int

    /// The table of `names`: ASCII names without `"`, `\\` or control characters (so that `"name"`
    /// is a string the strict reader accepts as it stands), in canonical (sorted) order.
    package init(_ names: [StaticString]) {
        count = names.count
        entries = .allocate(capacity: names.count)
        for (index, name) in names.enumerated() {
            let nameBytes = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
            precondition(!nameBytes.isEmpty && nameBytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") },
                         "a schema name is plain ASCII")
            let quoted = [UInt8(ascii: "\"")] + Array(nameBytes) + [UInt8(ascii: "\""), UInt8(ascii: ":")]
            let stored = UnsafeMutablePointer<UInt8>.allocate(capacity: quoted.count)
            stored.initialize(from: quoted, count: quoted.count)
            func word(_ offset: Int) -> UInt64 {
                var value: UInt64 = 0
                for byte in 0..<8 where offset + byte < quoted.count {
                    value |= UInt64(quoted[offset + byte]) << (8 * UInt64(byte))
                }
                return value
            }
            let firstCount = min(8, quoted.count)
            (entries + index).initialize(to: Entry(
                length: quoted.count, first: word(0),
                firstMask: firstCount == 8 ? ~0 : (UInt64(1) << (8 * UInt64(firstCount))) - 1,
                middle: quoted.count > 16 ? word(8) : 0, last: quoted.count > 8 ? word(quoted.count - 8) : 0,
                quoted: stored))
        }
    }

    /// The entry of name `index`.
    @inline(__always)
    fileprivate func entry(_ index: Int) -> UnsafeMutablePointer<Entry> { entries + index }

    /// The length of `"name":` of name `index`.
    @inline(__always)
    func quotedLength(of index: Int) -> Int { entries[index].length }

    /// Whether the `available` (at least 8) bytes at `start`, whose first eight are `head`, start
    /// with `"name":` of name `index`.
    @inline(__always)
    func matches(_ index: Int, head: UInt64, at start: UnsafePointer<UInt8>, available: Int) -> Bool {
        let entry = entries[index]
        guard head & entry.firstMask == entry.first, entry.length <= available else { return false }
        if entry.length <= 8 { return true }
        let raw = UnsafeRawPointer(start)
        guard raw.loadUnaligned(fromByteOffset: entry.length - 8, as: UInt64.self) == entry.last else { return false }
        if entry.length <= 16 { return true }
        guard raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == entry.middle else { return false }
        return entry.length <= 24 || memcmp(start, entry.quoted, entry.length) == 0
    }

    /// Whether the `available` bytes at `start` start with `"name":` of name `index`, byte by byte.
    func matches(_ index: Int, at start: UnsafePointer<UInt8>, available: Int) -> Bool {
        let entry = entries[index]
        return entry.length <= available && memcmp(start, entry.quoted, entry.length) == 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
