// ReversalTarget: the entry an `entry.reverse` names, read back from the journal when the reversal
// is applied, so that projections and rules need not remember every entry to undo one
// (docs/EVENTS.md "entry.reverse"; issues #3/#5/#8: memory must not grow with the journal).
import LedgerJournal

/// The entry that a reversal names, as the journal recorded it.
public struct ReversalTarget: Sendable, Equatable {
    /// The reversed entry's sequence, id, scope and recording day.
    public var context: EntryContext
    /// The reversed entry's kind.
    public var kind: String
    /// The key id that signed the reversed entry (rules that look at signers undo by it).
    public var signerKeyID: String
    /// The reversed entry's event when its kind is reversible and its body decodes; nil when the
    /// entry cannot be reversed.
    public var event: FundEvent?

    /// Creates a target from its parts; `event` is dropped when its kind is not reversible.
    public init(context: EntryContext, kind: String, event: FundEvent?, signerKeyID: String = "") {
        self.context = context
        self.kind = kind
        self.signerKeyID = signerKeyID
        self.event = event.flatMap { $0.kind.isReversible ? $0 : nil }
    }

    /// The target as recorded in `entry`: its event decoded when the kind is a reversible fund kind.
    /// A journal-layer entry, a body that does not decode or a malformed scope give a target that
    /// cannot be reversed (as `FundProjection.apply(_:)` would have skipped it).
    public init(_ entry: JournalEntry) {
        let recordedDate = CivilDate(chinaStandardTimeOf: entry.time.secondsSinceEpoch)
        guard let context = try? EntryContext(entry) else {
            self.init(context: EntryContext(sequence: entry.sequence, id: entry.id, scope: nil, recordedDate: recordedDate),
                      kind: entry.kind, event: nil, signerKeyID: entry.signerKeyID)
            return
        }
        var event: FundEvent?
        if !FundEventKind.isJournalLayerKind(entry.kind) {
            event = try? FundEvent(kind: entry.kind, body: entry.body, entryID: entry.id)
        }
        self.init(context: context, kind: entry.kind, event: event, signerKeyID: entry.signerKeyID)
    }

    /// The target of `event` when it is an `entry.reverse`: the entry at its `reversed_seq`, looked up
    /// in `earlierEntries`; nil for other events and when no such entry precedes it.
    /// Throws what the lookup throws (`StorageError` when the journal cannot be read).
    public static func of(_ event: FundEvent, in earlierEntries: any JournalEntryLookup) throws -> ReversalTarget? {
        guard case .reverse(let reversal) = event,
              let entry = try earlierEntries.entry(atSequence: reversal.reversedSequence) else { return nil }
        return ReversalTarget(entry)
    }

    /// The rule engine's view of the target, nil when it cannot be reversed.
    public var ruleEvent: RuleEvent? {
        event.map { RuleEvent(sequence: context.sequence, entryID: context.id, signerKeyID: signerKeyID,
                              recordedDate: context.recordedDate, event: $0) }
    }
}
