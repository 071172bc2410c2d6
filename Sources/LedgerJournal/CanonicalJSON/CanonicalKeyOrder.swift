// CanonicalKeyOrder: RFC 8785 §3.2.3 member-name order, computed on UTF-8 bytes.
//
// RFC 8785 §3.2.3 sorts member names as arrays of UTF-16 code units. UTF-8 byte order equals code
// point order, and the two orders disagree in exactly one place: a code point above U+FFFF is
// written in UTF-16 with a lead surrogate (0xD800–0xDBFF), so it sorts *before* U+E000–U+FFFF, while
// in UTF-8 (lead byte F0–F4) it sorts after them (lead byte EE–EF). At the first byte where two
// well-formed UTF-8 names differ, both bytes are lead bytes or both are continuation bytes of
// scalars with the same lead byte, so comparing that byte after moving EE and EF above F4 gives the
// UTF-16 order without decoding anything. This order must never change: it fixes every entry's bytes.

/// Comparison of member names in RFC 8785 §3.2.3 order (UTF-16 code units), on UTF-8 bytes.
enum CanonicalKeyOrder {
    /// The rank that makes byte order agree with UTF-16 order at the first differing byte.
    @inline(__always)
    static func rank(_ byte: UInt8) -> UInt8 {
        // RFC 8785 §3.2.3: U+E000–U+FFFF (lead bytes EE, EF) sort after all supplementary-plane
        // code points (lead bytes F0–F4), whose UTF-16 lead surrogates are 0xD800–0xDBFF.
        byte == 0xEE || byte == 0xEF ? byte &+ 0x10 : byte
    }

    /// Compares two well-formed UTF-8 names: negative when `a` sorts first, zero when equal.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        var index = 0
        while index < common {
            let x = a[index]
            let y = b[index]
            if x != y {
                return Int(rank(x)) - Int(rank(y))
            }
            index += 1
        }
        return a.count - b.count
    }

    /// Compares two byte sequences of well-formed UTF-8: negative when `a` sorts first.
    static func compare<A: IteratorProtocol<UInt8>, B: IteratorProtocol<UInt8>>(
        _ a: inout A, _ b: inout B
    ) -> Int {
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?):
                if x != y { return Int(rank(x)) - Int(rank(y)) }
            }
        }
    }

    /// Whether member name `a` sorts before `b` in RFC 8785 §3.2.3 order.
    static func precedes(_ a: String, _ b: String) -> Bool {
        var aBytes = a.utf8.makeIterator()
        var bBytes = b.utf8.makeIterator()
        return compare(&aBytes, &bBytes) < 0
    }
}
