// CanonicalObjectView: the members of one object inside an already validated canonical line, read
// in place. Replay decodes every event body; a view costs one scan and one small table of byte
// ranges instead of a `[String: JSONValue]` dictionary with a `String` per name.
//
// What must never change: a view is only made over bytes that `validateCanonical` (or the envelope
// scanner) accepted, and every value it hands out is built by the strict parser's own routines, so
// a decoder reading a view sees exactly the values it would see in the parsed `JSONValue`.

/// A read-only view of a JSON object within a validated canonical line (see the file overview).
///
/// Valid only while the line's bytes are; keep it inside the call that lends them.
package struct CanonicalObjectView {
    /// One member: the byte ranges of its name (between the quotes) and of its value.
    struct Member {
        var nameStart: Int
        var nameEnd: Int
        var nameHasEscapes: Bool
        var valueStart: Int
        var valueEnd: Int
    }

    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    private var members: [Member] = []

    /// Views the object whose `{` is at `range.lowerBound` in `line`; nil when no object starts
    /// there. Requires `line` to be canonical JSON that was validated (a programmer error otherwise).
    package init?(line: UnsafeRawBufferPointer, range: Range<Int>) {
        guard range.lowerBound < range.upperBound, range.upperBound <= line.count,
            line[range.lowerBound] == UInt8(ascii: "{")
        else { return nil }
        bytes = line.baseAddress!.assumingMemoryBound(to: UInt8.self)
        count = range.upperBound
        var parser = CanonicalJSONParser(bytes, count: count, position: range.lowerBound + 1)
        do {
            guard parser.peek != UInt8(ascii: "}") else { return }
            members.reserveCapacity(16)
            while true {
                let name = try parser.scanString()
                try parser.scanNameSeparator()
                let valueStart = parser.position
                try parser.skipValue(depth: 1)
                members.append(Member(nameStart: name.start, nameEnd: name.end, nameHasEscapes: name.hasEscapes,
                                      valueStart: valueStart, valueEnd: parser.position))
                guard parser.peek == UInt8(ascii: ",") else { break }
                parser.position += 1
            }
        } catch {
            preconditionFailure("CanonicalObjectView over bytes that were not validated")
        }
    }

    private init(bytes: UnsafePointer<UInt8>, count: Int, members: [Member]) {
        self.bytes = bytes
        self.count = count
        self.members = members
    }

    /// The number of members.
    package var memberCount: Int { members.count }

    /// The index of the member named exactly `name` (byte for byte), or nil.
    ///
    /// A name written with an escape (it contains `"`, `\` or a control character) never matches:
    /// schema names contain none of those.
    package func index(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { key in
            // Canonical order sorts names; schemas have few members, so a linear search is fastest.
            for (index, member) in members.enumerated()
            where !member.nameHasEscapes && member.nameEnd - member.nameStart == key.count {
                if key.isEmpty || memcmp(bytes + member.nameStart, key.baseAddress!, key.count) == 0 { return index }
            }
            return nil
        }
    }

    /// The name of member `index` as a `String` (escapes decoded).
    package func name(at index: Int) -> String {
        let member = members[index]
        let parser = CanonicalJSONParser(bytes, count: count, position: member.nameStart)
        return parser.makeString(.init(start: member.nameStart, end: member.nameEnd,
                                       hasEscapes: member.nameHasEscapes, hasNonASCII: true))
    }

    /// The value of member `index`, built as the strict parser builds it.
    package func value(at index: Int) -> JSONValue {
        let member = members[index]
        var parser = CanonicalJSONParser(bytes, count: member.valueEnd, position: member.valueStart)
        do {
            return try parser.parseValue(depth: 0)
        } catch {
            preconditionFailure("CanonicalObjectView over bytes that were not validated")
        }
    }

    /// A view of member `index` when its value is an object; nil otherwise.
    package func objectView(at index: Int) -> CanonicalObjectView? {
        let member = members[index]
        return CanonicalObjectView(
            line: UnsafeRawBufferPointer(start: bytes, count: count), range: member.valueStart..<member.valueEnd)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
