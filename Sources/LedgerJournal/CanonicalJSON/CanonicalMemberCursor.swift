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
/// Valid only while the line's bytes are; keep it inside the call that lends them.
package struct CanonicalMemberCursor {
    /// The strict reader whose checks every value goes through; its `position` is the cursor's.
    private var parser: CanonicalJSONParser
    /// The object's nesting depth in the line (the line's own object is 1), bounded like the parser's.
    private let depth: Int
    /// The offset of the next byte to read.
    package var position: Int { parser.position }
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
        parser = CanonicalJSONParser(base.assumingMemoryBound(to: UInt8.self), count: line.count, position: objectStart + 1)
        self.depth = depth
    }

    private init(parser: CanonicalJSONParser, depth: Int) {
        self.parser = parser
        self.depth = depth
    }

    /// Reads the next member's name and its `:`; nil at the object's `}` (then consumed and
    /// `hasEnded` set) and on anything unexpected. The name's raw bytes are returned: a name with
    /// an escape is refused (nil), so only plain names match a schema's names.
    package mutating func nextName() -> UnsafeBufferPointer<UInt8>? {
        guard moveToNextName() else { return nil }
        guard let name = plainString() else { return nil }
        guard parser.peek == UInt8(ascii: ":") else { return nil }
        parser.position += 1
        return name
    }

    /// Reads the next member's name and its `:` when the name is one of `names` (a schema's names in
    /// canonical order) at or after `next`, which then moves past it; returns its index. Nil at the
    /// object's `}` (then consumed and `hasEnded` set), for an unknown, repeated or escaped name and
    /// on anything unexpected. A name whose bytes are exactly a schema name (plain ASCII, neither
    /// `"` nor `\` nor a control) is a string the strict reader accepts as it stands, so the name is
    /// compared in place instead of being scanned first (`nextName` then `index(of:in:from:)`).
    package mutating func nextMember(in names: [StaticString], from next: inout Int) -> Int? {
        guard moveToNextName() else { return nil }
        while next < names.count {
            let candidate = next
            next += 1
            if parser.consumeQuotedName(names[candidate]) { return candidate }
        }
        return nil
    }

    /// Moves past the `,` before a member that is not the first, to its name's opening quote; false
    /// at the object's `}` (then consumed and `hasEnded` set) and on anything else.
    @inline(__always)
    private mutating func moveToNextName() -> Bool {
        guard let byte = parser.peek else { return false }
        if byte == UInt8(ascii: "}") {
            parser.position += 1
            hasEnded = true
            return false
        }
        if !isAtFirstMember {
            guard byte == UInt8(ascii: ",") else { return false }
            parser.position += 1
        }
        isAtFirstMember = false
        return true
    }

    /// The contents of a string value of exactly `digitCount` lowercase hex digits; nil (not moving)
    /// otherwise, and the caller reads the value another way. Such a string is plain ASCII, which
    /// the strict reader accepts as it stands; the digits are checked eight at a time.
    package mutating func lowercaseHexString(digitCount: Int) -> UnsafeBufferPointer<UInt8>? {
        let start = parser.position
        guard start + digitCount + 2 <= parser.count, parser.bytes[start] == UInt8(ascii: "\""),
            parser.bytes[start + 1 + digitCount] == UInt8(ascii: "\""),
            CanonicalJSONParser.areLowercaseHexDigits(parser.bytes + start + 1, count: digitCount)
        else { return nil }
        parser.position = start + digitCount + 2
        return UnsafeBufferPointer(start: parser.bytes + start + 1, count: digitCount)
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
        guard parser.peek == UInt8(ascii: "\"") else { return nil }
        let start = parser.position
        // Most values are short ASCII (dates, codes, amounts' units, vouchers): bytes 0x20-0x7F other
        // than `"` and `\` up to a `"` are a string `scanString` accepts as it stands, with the same
        // token, so they are taken without its general loop. Anything else goes through it.
        let contentStart = start + 1
        var end = contentStart
        while end < parser.count {
            let byte = parser.bytes[end]
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { break }
            end += 1
        }
        if end < parser.count, parser.bytes[end] == UInt8(ascii: "\"") {
            parser.position = end + 1
            return UnsafeBufferPointer(start: parser.bytes + contentStart, count: end - contentStart)
        }
        guard let token = try? parser.scanString(), !token.hasEscapes else {
            parser.position = start
            return nil
        }
        return UnsafeBufferPointer(start: parser.bytes + token.start, count: token.end - token.start)
    }

    /// The contents of the string value that starts here, up to the first `"`, when no `\\` and no
    /// byte below 0x20 comes before it; nil otherwise. The bytes are *not* checked as `plainString`
    /// checks them (their UTF-8 is not validated) and the cursor does not move: a caller may use
    /// them only to recognise bytes it has seen pass `plainString` before, which then pass again
    /// with the same contents, and then moves past them with `skipString(_:)`.
    package func uncheckedStringContents() -> UnsafeBufferPointer<UInt8>? {
        guard parser.peek == UInt8(ascii: "\"") else { return nil }
        let contentStart = parser.position + 1
        var end = contentStart
        while end < parser.count {
            let byte = parser.bytes[end]
            guard byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { break }
            end += 1
        }
        guard end < parser.count, parser.bytes[end] == UInt8(ascii: "\"") else { return nil }
        return UnsafeBufferPointer(start: parser.bytes + contentStart, count: end - contentStart)
    }

    /// Moves past the string value whose contents `uncheckedStringContents()` just returned.
    package mutating func skipString(_ contents: UnsafeBufferPointer<UInt8>) {
        precondition(contents.baseAddress == parser.bytes + parser.position + 1, "the contents of the string here")
        parser.position += contents.count + 2
    }

    /// An integer value in canonical form (RFC 8785 §3.2.2.3: no leading zero, no `-0`, within
    /// ±(2^53 − 1), no fraction or exponent); nil when the value is not one.
    package mutating func integer() -> Int64? {
        guard let first = parser.peek, first == UInt8(ascii: "-") || CanonicalJSONParser.isDigit(first) else { return nil }
        let start = parser.position
        guard let value = try? parser.scanInteger() else {
            parser.position = start
            return nil
        }
        return value
    }

    /// A `true` or `false` value; nil when the value is neither.
    package mutating func bool() -> Bool? {
        if parser.consume("true") { return true }
        if parser.consume("false") { return false }
        return nil
    }

    /// A cursor over the object value that starts here; nil when the value is not an object or
    /// would nest deeper than `CanonicalJSON.maximumNestingDepth`. Read it until `hasEnded`, then
    /// `skip(past:)` it.
    package func object() -> CanonicalMemberCursor? {
        guard parser.peek == UInt8(ascii: "{"), depth + 1 <= CanonicalJSON.maximumNestingDepth else { return nil }
        var nested = parser
        nested.position += 1
        return CanonicalMemberCursor(parser: nested, depth: depth + 1)
    }

    /// Continues after a nested object that `nested` (from `object()`) has read to its `}`.
    package mutating func skip(past nested: CanonicalMemberCursor) {
        precondition(nested.hasEnded, "a nested object is skipped only once read to its end")
        parser.position = nested.position
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
