// CanonicalJSONParser: the byte-level JSON reader behind `CanonicalJSON.parse`,
// `CanonicalJSON.parseCanonical` and `CanonicalJSON.validateCanonical`.
//
// Journal lines are hashed and signed as bytes, so the canonical mode must accept a line only when
// it is byte-identical to `CanonicalJSONEncoder`'s output for the value it denotes; otherwise two
// different lines could carry the same entry. Rather than re-encoding and comparing, every rule of
// RFC 8785 is checked inline, at the byte where it would be broken, so the error can name that
// offset. The lenient mode reads any RFC 8259 JSON text but keeps FundLedger's value rules
// (integers only, within ±(2^53 − 1), unique names, well-formed Unicode).
//
// The reader works on raw bytes: it validates UTF-8 as it goes (Unicode Table 3-7), slices each
// string's byte range once, and builds a `String` per string (no per-byte appends). Recursion is
// bounded by `CanonicalJSON.maximumNestingDepth`, so hostile input cannot overflow the stack.

/// A one-pass reader of JSON text over a contiguous byte buffer.
struct CanonicalJSONParser {
    /// Which inputs the reader accepts.
    enum Mode {
        /// Only RFC 8785 canonical form (restricted to integers): journal lines.
        case canonical
        /// Any RFC 8259 JSON text without fractions or exponents: user input.
        case lenient
    }

    /// The raw byte range `[start, end)` of a string's contents, between its quotes.
    struct StringToken {
        var start: Int
        var end: Int
        /// Whether the contents contain at least one backslash escape.
        var hasEscapes: Bool
        /// Whether the contents contain a byte ≥ 0x80 (a non-ASCII scalar written literally).
        var hasNonASCII: Bool
    }

    /// An object member read but not yet stored in its dictionary.
    struct PendingMember {
        var name: String
        var value: JSONValue
        /// The offset of the name's opening quote, for duplicate-name errors.
        var nameOffset: Int
    }

    typealias Failure = CanonicalJSONError

    let bytes: UnsafePointer<UInt8>
    let count: Int
    let mode: Mode
    /// The offset of the next byte to read.
    var position = 0
    /// Room reserved for pending members when the first object starts: an entry's envelope and
    /// body together have about 25.
    static let typicalPendingMemberCount = 32
    /// Members of the objects being read, innermost last (see `parseObject`).
    var pendingMembers: [PendingMember] = []
    /// Whether a member name contained a non-ASCII scalar; `validateCanonical` then also checks
    /// that no two names are canonically equivalent, which only building a `String` can decide.
    var hasNonASCIIName = false

    /// Creates a reader over `buffer`, which must be non-empty and not longer than the input limit.
    init(_ buffer: UnsafeRawBufferPointer, mode: Mode) {
        precondition(buffer.count > 0 && buffer.count <= CanonicalJSON.maximumInputByteCount)
        self.bytes = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        self.count = buffer.count
        self.mode = mode
    }

    // MARK: Entry points

    /// Reads one complete JSON text from `buffer` and returns its value.
    static func parse(_ buffer: UnsafeRawBufferPointer, mode: Mode) throws(Failure) -> JSONValue {
        try checkLength(buffer)
        var parser = CanonicalJSONParser(buffer, mode: mode)
        let value = try parser.parseValue(depth: 0)
        try parser.finish()
        return value
    }

    /// Checks that `buffer` is one canonical JSON text without building any value.
    static func validateCanonical(_ buffer: UnsafeRawBufferPointer) throws(Failure) {
        try checkLength(buffer)
        var parser = CanonicalJSONParser(buffer, mode: .canonical)
        try parser.skipValue(depth: 0)
        try parser.finish()
        if parser.hasNonASCIIName {
            // Rare: only a value-building pass can tell canonically equivalent names apart, so
            // `validateCanonical` accepts exactly what `parseCanonical` accepts.
            var builder = CanonicalJSONParser(buffer, mode: .canonical)
            _ = try builder.parseValue(depth: 0)
        }
    }

    /// Refuses empty input and input over `CanonicalJSON.maximumInputByteCount`.
    static func checkLength(_ buffer: UnsafeRawBufferPointer) throws(Failure) {
        guard buffer.count > 0 else { throw Failure(.unexpectedEnd, at: 0) }
        guard buffer.count <= CanonicalJSON.maximumInputByteCount else {
            throw Failure(.inputTooLong, at: CanonicalJSON.maximumInputByteCount)
        }
    }

    // MARK: Bytes and whitespace

    @inline(__always)
    subscript(offset: Int) -> UInt8 { bytes[offset] }

    /// RFC 8259 §2: insignificant whitespace is space, tab, line feed and carriage return.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Skips whitespace in lenient mode; canonical mode has none to skip (RFC 8785 §3.2.1).
    @inline(__always)
    mutating func skipLenientWhitespace() {
        guard mode == .lenient else { return }
        while position < count && Self.isWhitespace(self[position]) { position += 1 }
    }

    /// The error for a byte that cannot appear at `position`.
    func unexpectedByte() -> Failure {
        // RFC 8785 §3.2.1: canonical form has no whitespace between tokens.
        if mode == .canonical && Self.isWhitespace(self[position]) {
            return Failure(.nonCanonicalWhitespace, at: position)
        }
        return Failure(.unexpectedByte, at: position)
    }

    /// Refuses anything after the top-level value (lenient mode allows trailing whitespace).
    mutating func finish() throws(Failure) {
        skipLenientWhitespace()
        guard position == count else {
            if mode == .canonical && Self.isWhitespace(self[position]) {
                throw Failure(.nonCanonicalWhitespace, at: position)
            }
            throw Failure(.trailingBytes, at: position)
        }
    }

    // MARK: Values

    /// Reads a value; `depth` is the number of arrays and objects that enclose it.
    mutating func parseValue(depth: Int) throws(Failure) -> JSONValue {
        skipLenientWhitespace()
        guard position < count else { throw Failure(.unexpectedEnd, at: count) }
        switch self[position] {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            let token = try scanString()
            return .string(makeString(token))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .integer(try scanInteger())
        case UInt8(ascii: "t"):
            try scanLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try scanLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try scanLiteral("null")
            return .null
        default:
            throw unexpectedByte()
        }
    }

    /// Refuses a container that would nest deeper than `CanonicalJSON.maximumNestingDepth`.
    @inline(__always)
    func checkDepth(_ depth: Int) throws(Failure) {
        guard depth <= CanonicalJSON.maximumNestingDepth else {
            throw Failure(.nestingTooDeep, at: position)
        }
    }

    /// Reads an array starting at its `[`; `depth` counts this array.
    mutating func parseArray(depth: Int) throws(Failure) -> JSONValue {
        try checkDepth(depth)
        position += 1
        var elements: [JSONValue] = []
        skipLenientWhitespace()
        if position < count && self[position] == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipLenientWhitespace()
            guard position < count else { throw Failure(.unexpectedEnd, at: count) }
            switch self[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(elements)
            default:
                throw unexpectedByte()
            }
        }
    }

    /// Reads an object starting at its `{`; `depth` counts this object.
    mutating func parseObject(depth: Int) throws(Failure) -> JSONValue {
        try checkDepth(depth)
        position += 1
        skipLenientWhitespace()
        if position < count && self[position] == UInt8(ascii: "}") {
            position += 1
            return .object([:])
        }
        // Members wait on a stack shared by all levels until the object ends, so each dictionary
        // is allocated once at its final size instead of rehashing as it grows.
        let firstPending = pendingMembers.count
        if firstPending == 0 {
            // One allocation covers a typical entry (envelope and body) instead of doubling from 1.
            pendingMembers.reserveCapacity(Self.typicalPendingMemberCount)
        }
        var previousName: StringToken? = nil
        while true {
            skipLenientWhitespace()
            guard position < count else { throw Failure(.unexpectedEnd, at: count) }
            guard self[position] == UInt8(ascii: "\"") else { throw unexpectedByte() }
            let nameOffset = position
            let nameToken = try scanString()
            if mode == .canonical, let previousName {
                try checkNameOrder(previousName, nameToken, nameOffset: nameOffset)
            }
            previousName = nameToken
            let name = makeString(nameToken)
            try scanNameSeparator()
            let value = try parseValue(depth: depth)
            pendingMembers.append(PendingMember(name: name, value: value, nameOffset: nameOffset))
            skipLenientWhitespace()
            guard position < count else { throw Failure(.unexpectedEnd, at: count) }
            switch self[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(try makeMembers(from: firstPending))
            default:
                throw unexpectedByte()
            }
        }
    }

    /// Builds an object from the pending members at `firstPending...` and pops them.
    mutating func makeMembers(from firstPending: Int) throws(Failure) -> [String: JSONValue] {
        var members = [String: JSONValue](minimumCapacity: pendingMembers.count - firstPending)
        for index in firstPending..<pendingMembers.count {
            // Swap the member out rather than copy it: saves a retain and a release per member.
            var member = PendingMember(name: "", value: .null, nameOffset: 0)
            swap(&member, &pendingMembers[index])
            // RFC 8259 §4 / RFC 7493 §2.3: names must be unique. Swift's String compares by
            // canonical equivalence, so a collision may also be two different spellings.
            if members.updateValue(member.value, forKey: member.name) != nil {
                let stored = members[members.index(forKey: member.name)!].key
                let isSameBytes = stored.utf8.elementsEqual(member.name.utf8)
                throw Failure(isSameBytes ? .duplicateKey : .canonicallyEquivalentKeys, at: member.nameOffset)
            }
        }
        pendingMembers.removeSubrange(firstPending...)
        return members
    }

    /// Reads the `:` between a member's name and value.
    @inline(__always)
    mutating func scanNameSeparator() throws(Failure) {
        skipLenientWhitespace()
        guard position < count else { throw Failure(.unexpectedEnd, at: count) }
        guard self[position] == UInt8(ascii: ":") else { throw unexpectedByte() }
        position += 1
    }

    /// Refuses a member name that does not sort strictly after the previous one.
    func checkNameOrder(_ previous: StringToken, _ current: StringToken, nameOffset: Int) throws(Failure) {
        let order: Int
        if !previous.hasEscapes && !current.hasEscapes {
            order = CanonicalKeyOrder.compare(
                UnsafeBufferPointer(start: bytes + previous.start, count: previous.end - previous.start),
                UnsafeBufferPointer(start: bytes + current.start, count: current.end - current.start))
        } else {
            var previousBytes = CanonicalEscapedBytes(bytes: bytes, position: previous.start, end: previous.end)
            var currentBytes = CanonicalEscapedBytes(bytes: bytes, position: current.start, end: current.end)
            order = CanonicalKeyOrder.compare(&previousBytes, &currentBytes)
        }
        // RFC 8785 §3.2.3: names strictly increasing in UTF-16 code unit order; equal means a
        // duplicate (RFC 8259 §4).
        guard order != 0 else { throw Failure(.duplicateKey, at: nameOffset) }
        guard order < 0 else { throw Failure(.keysOutOfOrder, at: nameOffset) }
    }

    // MARK: Validation without values (canonical mode only)

    /// Checks a value without building it; canonical mode only.
    mutating func skipValue(depth: Int) throws(Failure) {
        guard position < count else { throw Failure(.unexpectedEnd, at: count) }
        switch self[position] {
        case UInt8(ascii: "{"):
            try skipObject(depth: depth + 1)
        case UInt8(ascii: "["):
            try skipArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            _ = try scanString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try scanInteger()
        case UInt8(ascii: "t"):
            try scanLiteral("true")
        case UInt8(ascii: "f"):
            try scanLiteral("false")
        case UInt8(ascii: "n"):
            try scanLiteral("null")
        default:
            throw unexpectedByte()
        }
    }

    /// Checks an array starting at its `[` without building it.
    mutating func skipArray(depth: Int) throws(Failure) {
        try checkDepth(depth)
        position += 1
        if position < count && self[position] == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            try skipValue(depth: depth)
            guard position < count else { throw Failure(.unexpectedEnd, at: count) }
            switch self[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                return
            default:
                throw unexpectedByte()
            }
        }
    }

    /// Checks an object starting at its `{` without building it.
    mutating func skipObject(depth: Int) throws(Failure) {
        try checkDepth(depth)
        position += 1
        if position < count && self[position] == UInt8(ascii: "}") {
            position += 1
            return
        }
        var previousName: StringToken? = nil
        while true {
            guard position < count else { throw Failure(.unexpectedEnd, at: count) }
            guard self[position] == UInt8(ascii: "\"") else { throw unexpectedByte() }
            let nameOffset = position
            let nameToken = try scanString()
            if let previousName {
                try checkNameOrder(previousName, nameToken, nameOffset: nameOffset)
            }
            previousName = nameToken
            if nameToken.hasNonASCII { hasNonASCIIName = true }
            try scanNameSeparator()
            try skipValue(depth: depth)
            guard position < count else { throw Failure(.unexpectedEnd, at: count) }
            switch self[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                return
            default:
                throw unexpectedByte()
            }
        }
    }

    // MARK: Literals and integers

    /// Reads `true`, `false` or `null`.
    mutating func scanLiteral(_ literal: StaticString) throws(Failure) {
        let length = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        for index in 0..<length {
            guard position + index < count else { throw Failure(.unexpectedEnd, at: count) }
            guard self[position + index] == expected[index] else {
                throw Failure(.unexpectedByte, at: position + index)
            }
        }
        position += length
    }

    /// The number of decimal digits of `CanonicalJSON.maximumSafeInteger` (2^53 − 1).
    static let maximumSafeIntegerDigitCount = 16

    /// Reads an integer (RFC 8259 §6 without fraction and exponent).
    mutating func scanInteger() throws(Failure) -> Int64 {
        let numberOffset = position
        var isNegative = false
        if self[position] == UInt8(ascii: "-") {
            isNegative = true
            position += 1
            guard position < count else { throw Failure(.unexpectedEnd, at: count) }
        }
        let digitsOffset = position
        var magnitude: Int64 = 0
        switch self[position] {
        case UInt8(ascii: "0"):
            position += 1
            // RFC 8259 §6: leading zeros are not allowed.
            if position < count && Self.isDigit(self[position]) {
                throw Failure(.nonCanonicalNumber, at: numberOffset)
            }
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            while position < count && Self.isDigit(self[position]) {
                // Past 16 digits the value is out of range anyway; stop accumulating to avoid overflow.
                if position - digitsOffset < Self.maximumSafeIntegerDigitCount {
                    magnitude = magnitude &* 10 &+ Int64(self[position] &- UInt8(ascii: "0"))
                }
                position += 1
            }
        default:
            throw unexpectedByte()
        }
        if position < count {
            let next = self[position]
            // Money is integer fen: no fraction, no exponent, not even `1.0` or `1e2`.
            if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
                throw Failure(.floatingPointNumber, at: position)
            }
        }
        // RFC 7493 §2.2 / RFC 8785 §3.2.2.3: integers beyond ±(2^53 − 1) are not interoperable.
        guard position - digitsOffset <= Self.maximumSafeIntegerDigitCount,
            magnitude <= CanonicalJSON.maximumSafeInteger
        else {
            throw Failure(.integerOutOfRange, at: numberOffset)
        }
        if isNegative && magnitude == 0 && mode == .canonical {
            // RFC 8785 §3.2.2.3: negative zero serializes as `0`.
            throw Failure(.nonCanonicalNumber, at: numberOffset)
        }
        return isNegative ? -magnitude : magnitude
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote, checking escapes and UTF-8.
    mutating func scanString() throws(Failure) -> StringToken {
        position += 1
        var token = StringToken(start: position, end: position, hasEscapes: false, hasNonASCII: false)
        while true {
            skipPlainASCII()
            guard position < count else { throw Failure(.unexpectedEnd, at: count) }
            let byte = self[position]
            if byte == UInt8(ascii: "\"") {
                token.end = position
                position += 1
                return token
            } else if byte == UInt8(ascii: "\\") {
                token.hasEscapes = true
                try scanEscape()
            } else if byte < 0x20 {
                // RFC 8259 §7: control characters must be escaped.
                throw Failure(.controlCharacterInString, at: position)
            } else {
                token.hasNonASCII = true
                try scanMultibyteScalar()
            }
        }
    }

    /// Advances over bytes 0x20–0x7F other than `"` and `\`, eight at a time where possible
    /// (`CanonicalMemberCursor.plainRunEnd`, which stops at the first such byte of a whole word), then
    /// byte by byte.
    @inline(__always)
    mutating func skipPlainASCII() {
        position = CanonicalMemberCursor.plainRunEnd(bytes, from: position, count: count, allowsNonASCII: false)
        while position < count {
            let byte = self[position]
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else {
                return
            }
            position += 1
        }
    }

    /// Reads one backslash escape at `position`.
    mutating func scanEscape() throws(Failure) {
        let escapeOffset = position
        guard position + 1 < count else { throw Failure(.unexpectedEnd, at: count) }
        switch self[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"),
            UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 2
        case UInt8(ascii: "/"):
            // RFC 8785 §3.2.2.2: `/` is written literally.
            guard mode == .lenient else { throw Failure(.nonCanonicalEscape, at: escapeOffset) }
            position += 2
        case UInt8(ascii: "u"):
            let (unit, hasUppercase) = try readHex4(at: position + 2, escapeOffset: escapeOffset)
            position += 6
            if unit >= 0xD800 && unit <= 0xDBFF {
                // RFC 8259 §7: a scalar above U+FFFF is escaped as a surrogate pair.
                if position + 1 < count && self[position] == UInt8(ascii: "\\")
                    && self[position + 1] == UInt8(ascii: "u")
                {
                    let (trail, _) = try readHex4(at: position + 2, escapeOffset: position)
                    if trail >= 0xDC00 && trail <= 0xDFFF {
                        // RFC 8785 §3.2.2.2: such scalars are written as literal UTF-8.
                        guard mode == .lenient else { throw Failure(.nonCanonicalEscape, at: escapeOffset) }
                        position += 6
                        return
                    }
                }
                throw Failure(.loneSurrogate, at: escapeOffset)
            }
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw Failure(.loneSurrogate, at: escapeOffset)
            }
            if mode == .canonical {
                // RFC 8785 §3.2.2.2: \u00xx only for U+0000–U+001F without a short form,
                // in lowercase hex.
                let hasShortForm = unit == 0x08 || unit == 0x09 || unit == 0x0A || unit == 0x0C || unit == 0x0D
                guard unit < 0x20, !hasShortForm, !hasUppercase else {
                    throw Failure(.nonCanonicalEscape, at: escapeOffset)
                }
            }
        default:
            throw Failure(.invalidEscape, at: escapeOffset)
        }
    }

    /// Reads the four hex digits of a `\u` escape at `offset`; reports whether any was uppercase.
    func readHex4(at offset: Int, escapeOffset: Int) throws(Failure) -> (UInt16, Bool) {
        guard offset + 4 <= count else {
            // Report a bad digit before the end if there is one.
            for index in offset..<count where Self.hexValue(self[index]) == nil {
                throw Failure(.invalidEscape, at: escapeOffset)
            }
            throw Failure(.unexpectedEnd, at: count)
        }
        var unit: UInt16 = 0
        var hasUppercase = false
        for index in offset..<offset + 4 {
            let digit = self[index]
            guard let value = Self.hexValue(digit) else { throw Failure(.invalidEscape, at: escapeOffset) }
            if digit >= UInt8(ascii: "A") && digit <= UInt8(ascii: "F") { hasUppercase = true }
            unit = unit << 4 | UInt16(value)
        }
        return (unit, hasUppercase)
    }

    @inline(__always)
    static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }

    /// Reads one multi-byte UTF-8 scalar whose lead byte (≥ 0x80) is at `position`.
    mutating func scanMultibyteScalar() throws(Failure) {
        let leadOffset = position
        let lead = self[position]
        // Unicode Table 3-7, well-formed UTF-8 byte sequences.
        switch lead {
        case 0xC2...0xDF:
            try expectContinuation(at: leadOffset + 1, 0x80...0xBF, leadOffset: leadOffset)
            position += 2
        case 0xE1...0xEC, 0xEE...0xEF:
            // Most CJK text: the fast case first.
            if leadOffset + 2 < count && Self.isContinuation(self[leadOffset + 1])
                && Self.isContinuation(self[leadOffset + 2])
            {
                position += 3
                return
            }
            try expectContinuation(at: leadOffset + 1, 0x80...0xBF, leadOffset: leadOffset)
            try expectContinuation(at: leadOffset + 2, 0x80...0xBF, leadOffset: leadOffset)
            position += 3
        case 0xE0:
            try expectContinuation(at: leadOffset + 1, 0xA0...0xBF, leadOffset: leadOffset)
            try expectContinuation(at: leadOffset + 2, 0x80...0xBF, leadOffset: leadOffset)
            position += 3
        case 0xED:
            // ED A0–BF would encode U+D800–U+DFFF, a surrogate.
            guard leadOffset + 1 < count else { throw Failure(.unexpectedEnd, at: count) }
            let second = self[leadOffset + 1]
            if second >= 0xA0 && second <= 0xBF { throw Failure(.loneSurrogate, at: leadOffset) }
            try expectContinuation(at: leadOffset + 1, 0x80...0x9F, leadOffset: leadOffset)
            try expectContinuation(at: leadOffset + 2, 0x80...0xBF, leadOffset: leadOffset)
            position += 3
        case 0xF0:
            try expectContinuation(at: leadOffset + 1, 0x90...0xBF, leadOffset: leadOffset)
            try expectContinuation(at: leadOffset + 2, 0x80...0xBF, leadOffset: leadOffset)
            try expectContinuation(at: leadOffset + 3, 0x80...0xBF, leadOffset: leadOffset)
            position += 4
        case 0xF1...0xF3:
            try expectContinuation(at: leadOffset + 1, 0x80...0xBF, leadOffset: leadOffset)
            try expectContinuation(at: leadOffset + 2, 0x80...0xBF, leadOffset: leadOffset)
            try expectContinuation(at: leadOffset + 3, 0x80...0xBF, leadOffset: leadOffset)
            position += 4
        case 0xF4:
            try expectContinuation(at: leadOffset + 1, 0x80...0x8F, leadOffset: leadOffset)
            try expectContinuation(at: leadOffset + 2, 0x80...0xBF, leadOffset: leadOffset)
            try expectContinuation(at: leadOffset + 3, 0x80...0xBF, leadOffset: leadOffset)
            position += 4
        default:
            // 80–BF without a lead byte, C0–C1 (overlong), F5–FF (beyond U+10FFFF).
            throw Failure(.invalidUTF8, at: leadOffset)
        }
    }

    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }

    /// Requires the byte at `offset` to exist and lie in `range`.
    @inline(__always)
    func expectContinuation(at offset: Int, _ range: ClosedRange<UInt8>, leadOffset: Int) throws(Failure) {
        guard offset < count else { throw Failure(.unexpectedEnd, at: count) }
        guard range.contains(self[offset]) else { throw Failure(.invalidUTF8, at: leadOffset) }
    }

    // MARK: Building strings

    /// Builds the `String` for a checked token: one slice when there are no escapes.
    func makeString(_ token: StringToken) -> String {
        let rawCount = token.end - token.start
        guard token.hasEscapes else {
            return String(decoding: UnsafeBufferPointer(start: bytes + token.start, count: rawCount), as: UTF8.self)
        }
        // Every escape is at least as long as the UTF-8 it stands for, so rawCount bytes suffice.
        return String(unsafeUninitializedCapacity: rawCount) { output in
            decodeEscapes(token, into: output)
        }
    }

    /// Writes the UTF-8 of a checked token's contents into `output`; returns the byte count.
    func decodeEscapes(_ token: StringToken, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var input = token.start
        var written = 0
        while input < token.end {
            let byte = self[input]
            guard byte == UInt8(ascii: "\\") else {
                output[written] = byte
                written += 1
                input += 1
                continue
            }
            let escape = self[input + 1]
            input += 2
            switch escape {
            case UInt8(ascii: "b"): output[written] = 0x08
            case UInt8(ascii: "f"): output[written] = 0x0C
            case UInt8(ascii: "n"): output[written] = 0x0A
            case UInt8(ascii: "r"): output[written] = 0x0D
            case UInt8(ascii: "t"): output[written] = 0x09
            case UInt8(ascii: "u"):
                var scalar = UInt32(hex4(at: input))
                input += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    // Checked already: a trail surrogate escape follows.
                    let trail = UInt32(hex4(at: input + 2))
                    input += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (trail - 0xDC00)
                }
                written += Self.writeUTF8(scalar, into: output, at: written)
                continue
            default:
                // `"`, `\` and `/` stand for themselves.
                output[written] = escape
            }
            written += 1
        }
        return written
    }

    /// The value of four hex digits already checked by `readHex4`.
    func hex4(at offset: Int) -> UInt16 {
        var unit: UInt16 = 0
        for index in offset..<offset + 4 {
            unit = unit << 4 | UInt16(Self.hexValue(self[index]) ?? 0)
        }
        return unit
    }

    /// Writes the UTF-8 form of `scalar` (not a surrogate) at `offset`; returns the byte count.
    static func writeUTF8(_ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
        switch scalar {
        case 0..<0x80:
            output[offset] = UInt8(scalar)
            return 1
        case 0x80..<0x800:
            output[offset] = UInt8(0xC0 | scalar >> 6)
            output[offset + 1] = UInt8(0x80 | scalar & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[offset] = UInt8(0xE0 | scalar >> 12)
            output[offset + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[offset + 2] = UInt8(0x80 | scalar & 0x3F)
            return 3
        default:
            output[offset] = UInt8(0xF0 | scalar >> 18)
            output[offset + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[offset + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[offset + 3] = UInt8(0x80 | scalar & 0x3F)
            return 4
        }
    }
}

/// The bytes a canonical string's contents stand for, one per step: in canonical form every
/// escape (`\"`, `\\`, `\b \t \n \f \r`, `\u00xx`) stands for exactly one ASCII byte.
struct CanonicalEscapedBytes: IteratorProtocol {
    let bytes: UnsafePointer<UInt8>
    var position: Int
    let end: Int

    mutating func next() -> UInt8? {
        guard position < end else { return nil }
        let byte = bytes[position]
        guard byte == UInt8(ascii: "\\") else {
            position += 1
            return byte
        }
        let escape = bytes[position + 1]
        position += 2
        switch escape {
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "u"):
            // Canonical form: `\u00xx`, so the value is the last two hex digits.
            let high = CanonicalJSONParser.hexValue(bytes[position + 2]) ?? 0
            let low = CanonicalJSONParser.hexValue(bytes[position + 3]) ?? 0
            position += 4
            return high << 4 | low
        default:
            return escape
        }
    }
}
