// StreamingReplay: a projection of a journal in two streaming passes, with memory proportional to
// funds, units, projects, payees and reversals, never to entries.
//
// Pass 1 reads only `entry.reverse` entries and collects which (sequence, id) pairs they undo.
// Pass 2 applies every other entry except those undone, to a projection that remembers nothing per
// entry. The result equals the single-pass `FundProjection` (ProjectionPropertyTests check it).
import LedgerJournal

/// Two-pass replay of a journal that can be read twice (a file).
public enum StreamingReplay {
    /// Replays the entries that `forEachEntry` yields (called twice, in journal order each time).
    /// Entries that do not decode are skipped and counted in `skippedEntryCount`.
    public static func projection(
        asOf: CivilDate? = nil, untilSequence: Int? = nil,
        lateRecordingThresholdDays: Int = FundProjection.defaultLateRecordingThresholdDays,
        forEachEntry: ((JournalEntry) throws -> Void) throws -> Void
    ) rethrows -> (projection: FundProjection, skippedEntryCount: Int) {
        // Pass 1: the reversals that count under the filters, by reversed sequence → reversed id.
        var undone: [Int: String] = [:]
        try forEachEntry { entry in
            guard entry.kind == FundEventKind.entryReverse.rawValue else { return }
            if let untilSequence, entry.sequence >= untilSequence { return }
            guard case .reverse(let reversal)? = try? FundEvent(kind: .entryReverse, body: entry.body, entryID: entry.id) else { return }
            if let asOf, reversal.effectiveDate > asOf { return }
            if undone[reversal.reversedSequence] == nil { undone[reversal.reversedSequence] = reversal.reversedID }
        }
        // Pass 2: every entry, the undone ones without their effect.
        var projection = FundProjection(asOf: asOf, untilSequence: untilSequence,
                                        lateRecordingThresholdDays: lateRecordingThresholdDays, remembersEntries: false)
        var skipped = 0
        try forEachEntry { entry in
            if let untilSequence, entry.sequence >= untilSequence { return }
            if entry.kind == FundEventKind.entryReverse.rawValue {
                // Counted (appliedEntryCount, late list) but with no effect of its own.
                if projection.apply(entry) != nil { skipped += 1 }
                return
            }
            let isUndone = undone[entry.sequence] == entry.id
            if projection.apply(entry, isUndone: isUndone) != nil { skipped += 1 }
        }
        return (projection, skipped)
    }
}
