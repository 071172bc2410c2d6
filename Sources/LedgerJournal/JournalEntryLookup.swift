// JournalEntryLookup: random access to the entries that precede the one being checked, so that a
// domain validator can consult an earlier entry (an `entry.reverse` names the entry it undoes)
// without keeping anything per entry in memory.
//
// The journal layer hands validators a lookup bounded to the entries it has already checked in
// the same pass (`EarlierEntries`): a validator can never see an entry that comes after the one it
// is looking at, nor one the pass has not read.

/// Random access to journal entries by sequence number.
public protocol JournalEntryLookup {
    /// The entry whose `seq` is `sequence`, or nil when there is none in reach.
    /// Throws `StorageError` when the journal cannot be read and `JournalError` for a line that
    /// does not parse.
    func entry(atSequence sequence: Int) throws -> JournalEntry?
}

/// The entries before a given sequence: the first `count` from `base` (typically the journal file,
/// `JournalLineLookup`), followed by `appended` (entries of an append batch not yet written).
public struct EarlierEntries: JournalEntryLookup {
    /// Where entries with `seq < count` are looked up; nil when there are none to look up.
    public var base: (any JournalEntryLookup)?
    /// Entries with `seq < count` come from `base`.
    public var count: Int
    /// Entries `count`, `count + 1`, … in order.
    public var appended: [JournalEntry]

    /// The entries `[0, count)` of `base`, then `appended`.
    public init(_ base: (any JournalEntryLookup)?, count: Int, appended: [JournalEntry] = []) {
        self.base = base
        self.count = count
        self.appended = appended
    }

    /// No entries at all.
    public static var none: EarlierEntries { EarlierEntries(nil, count: 0) }

    /// The entry at `sequence`, or nil when `sequence` is negative or not before
    /// `count + appended.count`.
    public func entry(atSequence sequence: Int) throws -> JournalEntry? {
        guard sequence >= 0 else { return nil }
        if sequence < count {
            guard let found = try base?.entry(atSequence: sequence), found.sequence == sequence else { return nil }
            return found
        }
        let index = sequence - count
        guard index < appended.count, appended[index].sequence == sequence else { return nil }
        return appended[index]
    }
}

extension Array: JournalEntryLookup where Element == JournalEntry {
    /// The entry with `seq == sequence` in an array ordered by sequence (entries in memory, for
    /// tests and small journals). Cost: O(1) when the array is dense from 0, O(log n) otherwise.
    public func entry(atSequence sequence: Int) -> JournalEntry? {
        if indices.contains(sequence), self[sequence].sequence == sequence { return self[sequence] }
        var low = startIndex, high = endIndex
        while low < high {
            let middle = (low + high) / 2
            if self[middle].sequence < sequence { low = middle + 1 } else { high = middle }
        }
        return low < endIndex && self[low].sequence == sequence ? self[low] : nil
    }
}
