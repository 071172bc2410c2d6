/// When an append rewrites `JOURNAL.state` (docs/PERFORMANCE.md, append).
///
/// Each append feeds the validator the entries after the stored state (the tail); rewriting the file
/// costs time proportional to the validator's state. The file is rewritten when no usable state was
/// found (the append replayed the whole journal, so the next one will not), and when the tail after
/// the append reaches `rewriteTailEntryCount` entries, so a run of single appends pays for one
/// rewrite every `rewriteTailEntryCount` appends while no append replays more than that many entries.
enum StateSnapshotPolicy {
    /// The tail length (entries after the stored state) at which the state is written again.
    static let rewriteTailEntryCount = 1_000

    /// Whether to write the state of a journal of `entryCount` entries, given the entry count of the
    /// state the append started from (nil when it replayed the journal instead).
    static func shouldRewrite(entryCount: Int, snapshotEntryCount: Int?) -> Bool {
        guard let snapshotEntryCount else { return true }
        return entryCount - snapshotEntryCount >= rewriteTailEntryCount
    }

    /// How many bytes a delta may hold beyond its base's payload before the state is merged into a new
    /// base: each single append adds its changed register entries to the delta (a few hundred bytes), so
    /// a merge, which costs time proportional to the whole state, comes once per thousands of appends.
    static let deltaMergeByteCount = 1 << 20

    /// Whether to write a delta of `deltaByteCount` bytes over a base whose payload has
    /// `basePayloadByteCount` bytes, rather than merge everything into a new base.
    static func keepsDelta(deltaByteCount: Int, basePayloadByteCount: Int) -> Bool {
        deltaByteCount <= basePayloadByteCount + deltaMergeByteCount
    }

    /// Entries after the base from which the state is merged into the base without first encoding
    /// the delta. Every single append carries all the changes since the base into its delta (copied as
    /// bytes since snapshot encoding 14, about 160 bytes per entry), so its cost grows with them: when
    /// they were decoded and re-encoded, an append at 100,000 entries grew from 12 ms of CPU just after
    /// a merge to 28 ms 4,000 appends later. A merge appends only the changed tables to the base file
    /// as a new generation (`fl-state3`, docs/FORMAT.md §1). Merging every 512 entries bounds the
    /// growth at one merge per 512 single appends (0.2 %, below the 99th percentile); a bulk append of
    /// more entries merges at once.
    static let deltaMergeEntryCount = 512

    /// Whether a delta is worth encoding for a state `entryCount` entries long over a base of
    /// `baseEntryCount` entries (`keepsDelta` then decides on its size).
    static func mayKeepDelta(entryCount: Int, baseEntryCount: Int) -> Bool {
        entryCount - baseEntryCount < deltaMergeEntryCount
    }
}
