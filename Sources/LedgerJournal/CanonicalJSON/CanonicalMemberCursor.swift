// CanonicalMemberCursor: reads the members of one object of an already validated canonical line in
// file order, straight from its bytes, for the decoders that replay runs on every entry.
//
// `CanonicalObjectView` builds a table of members and hands out `JSONValue`s; a decoder that knows
// its schema's names in canonical order (RFC 8785 §3.2.3: sorted) needs neither: it walks the
// members once and takes each value as the type it expects.
//
// What must never change: the cursor decides nothing. It is used only over bytes that the strict
// scanner accepted, it never reads outside the line, and whenever a byte is not what the plain
// case expects (a string with an escape, a value of another type, a truncated line) it answers nil,
// so that its caller gives up and decodes with the strict path, which then accepts or reports
// exactly as before.

/// Walks the members of one object inside a validated canonical line (see the file overview).
///
/// Valid only while the line's bytes are; keep it inside the call that lends them.
package struct CanonicalMemberCursor {
    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    /// The offset of the next byte to read.
    package private(set) var position: Int
    /// Whether the object's closing `}` was read (`nextName` also answers nil on a defect).
    package private(set) var hasEnded = false
    private var isAtFirstMember = true

    /// A cursor over the object whose `{` is at `objectStart` in `line`; nil when none starts there.
    package init?(line: UnsafeRawBufferPointer, objectStart: Int) {
        guard let base = line.baseAddress, objectStart >= 0, objectStart < line.count,
            line[objectStart] == UInt8(ascii: "{")
        else { return nil }
        bytes = base.assumingMemoryBound(to: UInt8.self)
        count = line.count
        position = objectStart + 1
    }

    private init(bytes: UnsafePointer<UInt8>, count: Int, position: Int) {
        self.bytes = bytes
        self.count = count
        self.position = position
    }

    /// Reads the next member's name and its `:`; nil at the object's `}` (then consumed and
    /// `hasEnded` set) and on anything unexpected. The name's raw bytes are returned: a name with
    /// an escape keeps its backslash, so it matches no schema name.
    package mutating func nextName() -> UnsafeBufferPointer<UInt8>? {
        guard position < count else { return nil }
        if bytes[position] == UInt8(ascii: "}") {
            position += 1
            hasEnded = true
            return nil
        }
        if !isAtFirstMember {
            guard bytes[position] == UInt8(ascii: ",") else { return nil }
            position += 1
        }
        isAtFirstMember = false
        guard let name = plainString() else { return nil }
        guard position < count, bytes[position] == UInt8(ascii: ":") else { return nil }
        position += 1
        return name
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

    /// The contents of a string value without escapes; nil when the value is not a string or has an
    /// escape (the strict path then decodes it).
    package mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard position < count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        let start = position + 1
        var end = start
        // Validated: no control byte and no unescaped quote inside; a backslash means an escape.
        while end < count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") { return nil }
            end += 1
        }
        guard end < count else { return nil }
        position = end + 1
        return UnsafeBufferPointer(start: bytes + start, count: end - start)
    }

    /// An integer value; nil when the value is not one (validated: at most 16 digits, no fraction).
    package mutating func integer() -> Int64? {
        guard position < count else { return nil }
        var index = position
        let isNegative = bytes[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        let digitsStart = index
        var magnitude: Int64 = 0
        while index < count, bytes[index] &- UInt8(ascii: "0") < 10 {
            // RFC 8785 §3.2.2.3 (checked by the strict scanner): within ±(2^53 − 1), 16 digits at most.
            guard index - digitsStart < Self.maximumIntegerDigitCount else { return nil }
            magnitude = magnitude * 10 + Int64(bytes[index] &- UInt8(ascii: "0"))
            index += 1
        }
        guard index > digitsStart else { return nil }
        position = index
        return isNegative ? -magnitude : magnitude
    }

    /// Digits of the longest integer a canonical line holds (2^53 − 1 has 16).
    static let maximumIntegerDigitCount = 16

    /// A `true` or `false` value; nil when the value is neither.
    package mutating func bool() -> Bool? {
        if matches("true") {
            position += 4
            return true
        }
        if matches("false") {
            position += 5
            return false
        }
        return nil
    }

    /// A cursor over the object value that starts here; nil when the value is not an object. Read
    /// it until `hasEnded`, then `skip(past:)` it.
    package func object() -> CanonicalMemberCursor? {
        guard position < count, bytes[position] == UInt8(ascii: "{") else { return nil }
        return CanonicalMemberCursor(bytes: bytes, count: count, position: position + 1)
    }

    /// Continues after a nested object that `nested` (from `object()`) has read to its `}`.
    package mutating func skip(past nested: CanonicalMemberCursor) {
        precondition(nested.hasEnded, "a nested object is skipped only once read to its end")
        position = nested.position
    }

    private func matches(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        return position + length <= count && memcmp(bytes + position, literal.utf8Start, length) == 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
