// Sums keyed by a few texts (a county's categories and channels), updated without hashing the key.
//
// A `String` key hashes through Unicode normalisation unless it is ASCII, and a category such as
// 产业扶贫 is hashed that way for every payment. A county's totals hold one or a few categories, so the
// key is found by comparing UTF-8 bytes instead (`TextBytes`); a text whose bytes match no key is
// looked up by hash (a new key, or one canonically equivalent to a key written with other bytes).
// The result is the dictionary's own: `==` is the equality that its hashing follows.

extension Dictionary where Key == String, Value == Fen {
    /// Up to this many keys are compared one by one; a larger dictionary is looked up by hash.
    static var textKeyScanLimit: Int { 8 }

    /// `self[key, default: .zero] += amount`, with `key` found among a few by comparison.
    mutating func add(_ amount: Fen, toTextKey key: String) {
        // A text equal to a key written with other bytes is settled by the hashed lookup.
        add(amount, to: key, scanningUpTo: Self.textKeyScanLimit, matching: TextBytes.areEqual)
    }
}

// A county's sums by year hold a few years: the year is found by comparison too (an `Int` key is
// hashed through a `Hasher`, about 150 instructions, for every payment otherwise).
extension Dictionary where Key == Int, Value == Fen {
    /// Up to this many keys are compared one by one; a larger dictionary is looked up by hash.
    static var smallKeyScanLimit: Int { 8 }

    /// `self[key, default: .zero] += amount`, with `key` found among a few by comparison.
    mutating func add(_ amount: Fen, toSmallKey key: Int) {
        add(amount, to: key, scanningUpTo: Self.smallKeyScanLimit, matching: ==)
    }
}

extension Dictionary where Value == Fen {
    /// Adds `amount` to the first key that `matches` finds when there are at most `limit` keys;
    /// otherwise, or when none matches, to `key` through the dictionary's own hashed lookup.
    @inline(__always)
    fileprivate mutating func add(_ amount: Fen, to key: Key, scanningUpTo limit: Int,
                                  matching matches: (Key, Key) -> Bool) {
        if count <= limit {
            var index = startIndex
            while index != endIndex {
                if matches(keys[index], key) {
                    values[index] += amount
                    return
                }
                formIndex(after: &index)
            }
        }
        self[key, default: .zero] += amount
    }
}
