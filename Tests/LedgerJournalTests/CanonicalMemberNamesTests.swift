// The member cursor's name matching (`CanonicalMemberNames`, compared a word at a time) against the
// byte comparison it replaces: for every schema name length (1 to 30 bytes) and every place of the
// line's end (so that the eight-byte loads and the byte-by-byte path near the end are both taken),
// a name matches exactly when the bytes at the cursor are `"name":`, whatever follows; a byte changed
// anywhere in `"name":` never matches; the cursor moves exactly past `"name":`.
import LedgerTestSupport
import Testing
@testable import LedgerJournal

@Suite("Member names compared in words")
struct CanonicalMemberNamesTests {
    /// Names of every length from 1 to 30 bytes, in sorted order.
    static let names: [StaticString] = [
        "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghij",
        "abcdefghijk", "abcdefghijkl", "abcdefghijklm", "abcdefghijklmn", "abcdefghijklmno",
        "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopqr", "abcdefghijklmnopqrs",
        "abcdefghijklmnopqrst", "abcdefghijklmnopqrstu", "abcdefghijklmnopqrstuv", "abcdefghijklmnopqrstuvw",
        "abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwxy", "abcdefghijklmnopqrstuvwxyz",
        "abcdefghijklmnopqrstuvwxyz_", "abcdefghijklmnopqrstuvwxyz_0", "abcdefghijklmnopqrstuvwxyz_01",
        "abcdefghijklmnopqrstuvwxyz_012",
    ]
    static let table = CanonicalMemberNames(names)

    /// The index `nextMember` finds in `object` (from candidate 0), and where the cursor is then.
    static func match(_ object: [UInt8]) -> (index: Int?, position: Int) {
        object.withUnsafeBytes { line in
            guard var cursor = CanonicalMemberCursor(line: line, objectStart: 0) else { return (nil, -1) }
            var next = 0
            let index = cursor.nextMember(in: table, from: &next)
            return (index, cursor.position)
        }
    }

    /// The first name whose `"name":` the bytes after `{` start with: the byte comparison.
    static func expected(_ object: [UInt8]) -> Int? {
        let rest = Array(object.dropFirst())
        return names.firstIndex { name in
            let quoted = [UInt8(ascii: "\"")] + Array(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
                + [UInt8(ascii: "\""), UInt8(ascii: ":")]
            return rest.starts(with: quoted)
        }
    }

    @Test("every name matches where it stands, followed by anything or nothing, and the cursor moves past it")
    func namesMatch() {
        for (index, name) in Self.names.enumerated() {
            let quoted = Array("{\"\(name)\":".utf8)
            for suffix in [[], Array("1".utf8), Array("12345678".utf8), Array("\"x\",\"y\":1}".utf8)] {
                let object = quoted + suffix
                let found = Self.match(object)
                #expect(found.index == index && found.position == quoted.count, "\(name) + \(suffix.count)")
            }
        }
    }

    @Test("a byte changed anywhere in a quoted name, or the line cut short, gives what the byte comparison gives")
    func nearMissesAgreeWithBytes() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x6E61_6D65_7764_0001)
        for name in Self.names {
            let quoted = Array("{\"\(name)\":".utf8)
            for position in 1..<quoted.count {
                for value: UInt8 in [0x00, UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: "b"), 0x80, 0xFF,
                                     UInt8(truncatingIfNeeded: random.next())] {
                    var object = quoted + Array("1}".utf8)
                    object[position] = value
                    let found = Self.match(object)
                    if found.index != Self.expected(object) {
                        Issue.record("\(name): byte \(value) at \(position): \(String(describing: found.index)), expected \(String(describing: Self.expected(object)))")
                        return
                    }
                }
            }
            for count in 1...quoted.count {
                let object = Array(quoted.prefix(count))
                #expect(Self.match(object).index == Self.expected(object), "\(name) cut to \(count)")
            }
        }
    }

    @Test("random lines: the word comparison finds the first candidate the byte comparison finds, from any start")
    func randomLinesAgree() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x6E61_6D65_7764_0002)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz_012\":}".utf8)
        for round in 0..<20_000 {
            let name = Self.names[Int(random.next() % UInt64(Self.names.count))]
            var object = Array("{\"\(name)\":".utf8)
            // Mostly the name as it stands, often mutated, sometimes extended or cut.
            for _ in 0..<Int(random.next() % 3) {
                let position = 1 + Int(random.next() % UInt64(object.count - 1))
                object[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            if random.next() % 4 == 0 { object.removeLast(Int(random.next() % UInt64(object.count))) }
            object.append(contentsOf: (0..<Int(random.next() % 10)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            guard object.count > 1 else { continue }
            let found = Self.match(object)
            let expected = Self.expected(object)
            if found.index != expected {
                Issue.record("round \(round): \(String(decoding: object, as: UTF8.self)): \(String(describing: found.index)), expected \(String(describing: expected))")
                return
            }
        }
    }
}

/// The word-at-a-time run of plain string bytes (`CanonicalMemberCursor.plainRunEnd`, and the strict
/// reader's `skipPlainASCII`) against the byte loop it stands for: it never passes a byte the loop
/// stops at, and stops at the first such byte when one lies in a whole word.
@Suite("Plain string runs in words")
struct PlainRunTests {
    static func stops(_ byte: UInt8, allowsNonASCII: Bool) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || (!allowsNonASCII && byte >= 0x80)
    }

    @Test("every byte value at every place of 1 to 40 bytes, and seeded random runs, from any start")
    func runsAgreeWithBytes() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x706C_6169_6E72_756E)
        var cases: [[UInt8]] = []
        for length in 1...40 {
            for place in 0..<length {
                for value in stride(from: 0, through: 255, by: 1) where value % 7 == 0 || value < 0x24 || value >= 0x7E || value == 0x5C {
                    var bytes = Array(repeating: UInt8(ascii: "a"), count: length)
                    bytes[place] = UInt8(value)
                    cases.append(bytes)
                }
            }
        }
        let pool: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x5C, 0x41, 0x7F, 0x80, 0xC2, 0xE4, 0xFF]
        for _ in 0..<20_000 {
            cases.append((0..<Int(1 + random.next() % 48)).map { _ in
                random.next() % 3 == 0 ? pool[Int(random.next() % UInt64(pool.count))] : UInt8(ascii: "a") + UInt8(random.next() % 26)
            })
        }
        for bytes in cases {
            for allowsNonASCII in [false, true] {
                for start in 0..<min(bytes.count, 3) {
                    let firstStop = (start..<bytes.count).first { Self.stops(bytes[$0], allowsNonASCII: allowsNonASCII) }
                    let end = bytes.withUnsafeBufferPointer {
                        CanonicalMemberCursor.plainRunEnd($0.baseAddress!, from: start, count: bytes.count, allowsNonASCII: allowsNonASCII)
                    }
                    // Never past the first stop; at it when it lies in the whole words from `start`.
                    let wordsEnd = start + (bytes.count - start) / 8 * 8
                    let expected = firstStop.map { $0 < wordsEnd ? $0 : wordsEnd } ?? wordsEnd
                    if end != expected {
                        Issue.record("\(bytes) from \(start), non-ASCII \(allowsNonASCII): \(end), expected \(expected)")
                        return
                    }
                    if !allowsNonASCII {
                        let skipped = bytes.withUnsafeBytes { raw in
                            var scanning = CanonicalJSONParser(raw, mode: .canonical)
                            scanning.position = start
                            scanning.skipPlainASCII()
                            return scanning.position
                        }
                        let loopEnd = firstStop ?? bytes.count
                        if skipped != loopEnd {
                            Issue.record("\(bytes) from \(start): skipPlainASCII ended at \(skipped), expected \(loopEnd)")
                            return
                        }
                    }
                }
            }
        }
    }
}

/// The cursor's integers (`CanonicalMemberCursor.integer`, which reads plain amounts itself) against
/// the strict reader's `scanInteger`: the same value and end, or nil exactly where it throws.
@Suite("Cursor integers")
struct CursorIntegerTests {
    static let names = CanonicalMemberNames(["a"])

    @Test("signs, zeros, 1 to 20 digits, fractions, exponents and every following byte: as scanInteger")
    func integersAgreeWithStrictReader() {
        var random = SeededRandomNumberGenerator(defaultSeed: 0x696E_7465_6765_7273)
        var numbers: [[UInt8]] = []
        for length in 1...20 {
            numbers.append(Array(String(repeating: "9", count: length).utf8))
            numbers.append(Array(("1" + String(repeating: "0", count: length - 1)).utf8))
            numbers.append(Array("9007199254740991".utf8))
            numbers.append(Array("9007199254740992".utf8))
        }
        for text in ["0", "-0", "-1", "00", "01", "-", "1.5", "1e2", "1E2", "12.", "0.0", "123456789012345", "1234567890123456"] {
            numbers.append(Array(text.utf8))
        }
        for _ in 0..<5_000 {
            numbers.append((0..<Int(1 + random.next() % 18)).map { _ in
                let pool = Array("0123456789-.eE".utf8)
                return random.next() % 5 == 0 ? pool[Int(random.next() % UInt64(pool.count))] : UInt8(ascii: "1") + UInt8(random.next() % 9)
            })
        }
        let followers: [[UInt8]] = [[], Array(",".utf8), Array("}".utf8), Array("0".utf8), Array(".".utf8), Array("e".utf8),
                                    Array("E".utf8), Array("x".utf8), [0x80]]
        for number in numbers {
            for follower in followers {
                let object = Array("{\"a\":".utf8) + number + follower
                let valueStart = 5
                let cursor: (Int64?, Int) = object.withUnsafeBytes { line in
                    var cursor = CanonicalMemberCursor(line: line, objectStart: 0)!
                    var next = 0
                    guard cursor.nextMember(in: Self.names, from: &next) == 0 else { return (nil, -1) }
                    let value = cursor.integer()
                    return (value, cursor.position)
                }
                let strict: (Int64?, Int) = object.withUnsafeBytes { line in
                    var parser = CanonicalJSONParser(line, mode: .canonical)
                    parser.position = valueStart
                    guard let first = parser.peek, first == UInt8(ascii: "-") || CanonicalJSONParser.isDigit(first) else {
                        return (nil, valueStart)
                    }
                    guard let value = try? parser.scanInteger() else { return (nil, valueStart) }
                    return (value, parser.position)
                }
                if cursor.0 != strict.0 || cursor.1 != strict.1 {
                    Issue.record("\(String(decoding: object, as: UTF8.self)): cursor \(cursor), strict \(strict)")
                    return
                }
            }
        }
    }
}
