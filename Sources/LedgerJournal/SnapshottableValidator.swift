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

    /// The validator as a `TabledSnapshottableValidator`, nil when it is not one (given by the
    /// protocols' extensions; see `asSnapshottable`).
    var asTabledSnapshottable: (any TabledSnapshottableValidator)? { get }
}

extension SnapshottableValidator {
    /// The validator itself.
    public var asSnapshottable: (any SnapshottableValidator)? { self }

    /// Nil: a validator whose state is stored whole.
    public var asTabledSnapshottable: (any TabledSnapshottableValidator)? { nil }
}

extension TabledSnapshottableValidator {
    /// The validator itself.
    public var asTabledSnapshottable: (any TabledSnapshottableValidator)? { self }
}

/// A validator whose large registers are stored in a table area beside the payload and read by key
/// when needed (docs/FORMAT.md §1), so that restoring it costs little more than its small registers,
/// and whose changes since such a restore can be written alone (`JOURNAL.state.delta`).
public protocol TabledSnapshottableValidator: SnapshottableValidator {
    /// The full state: the payload (decoded whole on restore) and the table area (read by key).
    func tabledSnapshot() throws -> (payload: [UInt8], tableArea: [UInt8])

    /// The state as changes to the tables it was restored from (`restore(fromSnapshot:tables:)`):
    /// a payload for `restore(fromSnapshot:tables:)` with the same tables. Nil when it was not
    /// restored from tables (it must then be written whole).
    func deltaSnapshot() throws -> [UInt8]?

    /// Replaces the state with the one `tabledSnapshot()` or `deltaSnapshot()` produced; the large
    /// registers are read from `tables` when used. Throws for bytes that do not decode.
    mutating func restore(fromSnapshot bytes: [UInt8], tables: StateSnapshotTables) throws
}

