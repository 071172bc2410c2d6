/// A domain validator whose state can be saved beside the journal (`JOURNAL.state`) and restored, so
/// that an append replays only the entries after the saved state instead of the whole journal.
///
/// The journal layer never looks inside the bytes: it stores them with the entry count and head hash
/// they were taken at (docs/FORMAT.md §1, derived files) and hands them back only when those still
/// match the journal. A validator restored from `snapshot()` and then fed the remaining entries must
/// behave exactly as one fed every entry from the start.
public protocol SnapshottableValidator: JournalEventValidator {
    /// Names the snapshot encoding and everything that shapes the state (format version, rule set and
    /// its version). A stored snapshot whose format differs is ignored and rebuilt, so a new binary
    /// never trusts the state an older one wrote. At most `StateSnapshotFile.maximumFormatByteCount` bytes.
    var snapshotFormat: String { get }

    /// The state learned from the entries applied so far. Transient state (what the last `validate`
    /// call raised, say) is left out. Throws when the state cannot be encoded.
    func snapshot() throws -> [UInt8]

    /// Replaces the state with the one `snapshot()` produced; configuration that is not learned from
    /// entries (such as whether flagged entries are refused) stays as it is. Throws for bytes that do
    /// not decode; the journal then rebuilds the state by replaying every entry.
    mutating func restore(fromSnapshot bytes: [UInt8]) throws
}
