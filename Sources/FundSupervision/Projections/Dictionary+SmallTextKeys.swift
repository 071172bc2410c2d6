// Sums keyed by a few texts (a county's categories and channels), updated without hashing the key.
//
// A `String` key hashes through Unicode normalisation unless it is ASCII, and a category such as
// 产业扶贫 is hashed that way for every payment. A county's totals hold one or a few categories, so the
// key is found by comparing texts instead: equal texts from the same decoder share their bits (a short
// text is stored inline), which `==` checks first. The result is the dictionary's own: `==` is the
// equality that its hashing follows.

extension Dictionary where Key == String, Value == Fen {
    /// Up to this many keys are compared one by one; a larger dictionary is looked up by hash.
    static var textKeyScanLimit: Int { 8 }

    /// `self[key, default: .zero] += amount`, with `key` found among a few by comparison.
    mutating func add(_ amount: Fen, toTextKey key: String) {
        if count <= Self.textKeyScanLimit {
            var index = startIndex
            while index != endIndex {
                if keys[index] == key {
                    values[index] += amount
                    return
                }
                formIndex(after: &index)
            }
        }
        self[key, default: .zero] += amount
    }
}
