// RuleEngine+JournalEntry: feeding the engine from journal entries.

import LedgerJournal

extension RuleEngine {
    /// Processes one journal entry: decodes its fund event and returns the flags it raises, sorted.
    /// The entry an `entry.reverse` names is read from `earlierEntries` (every fund entry before it is
    /// assumed processed by this engine; a failing lookup leaves the reversal without a target).
    /// Journal-layer entries (`journal.*`, `key.*`, `authority.*`) raise nothing.
    /// Throws `SupervisionError` when the body is malformed or the kind unknown.
    public mutating func process(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) throws -> [AnomalyFlag] {
        guard let event = try Self.ruleEvent(of: entry) else { return [] }
        return process(event, reversing: (try? ReversalTarget.of(event.event, in: earlierEntries))?.ruleEvent)
    }

    /// The rule event of `entry`, or `nil` for a journal-layer entry (`journal.*`, `key.*`, `authority.*`).
    /// Throws `SupervisionError` when the body is malformed or the kind unknown.
    public static func ruleEvent(of entry: JournalEntry) throws -> RuleEvent? {
        if FundEventKind.isJournalLayerKind(entry.kind) { return nil }
        let event = try FundEvent(kind: entry.kind, body: entry.body, entryID: entry.id)
        let recordedDate = CivilDate(chinaStandardTimeOf: entry.time.secondsSinceEpoch)
        return RuleEvent(
            sequence: entry.sequence, entryID: entry.id, signerKeyID: entry.signerKeyID,
            recordedDate: recordedDate, event: event)
    }

    /// Runs the standard rules over `entries` and returns every flag with its status.
    /// `untilSequence` keeps entries with `seq < untilSequence`; `asOfDate` keeps fund events whose
    /// effective date is on or before it and judges deadlines on that date.
    /// Throws `SupervisionError` for a malformed body.
    public static func evaluate(
        _ entries: some Sequence<JournalEntry>, asOf asOfDate: CivilDate? = nil, untilSequence: Int? = nil
    ) throws -> [FlagRecord] {
        var engine = RuleEngine()
        // The entries are in memory already; the processed reversible ones are kept to be undone.
        var processed: [Int: RuleEvent] = [:]
        for entry in entries {
            if let untilSequence, entry.sequence >= untilSequence { break }
            guard let event = try ruleEvent(of: entry) else { continue }
            if let asOfDate, event.effectiveDate > asOfDate { continue }
            if event.event.kind.isReversible { processed[event.sequence] = event }
            var target: RuleEvent?
            if case .reverse(let reversal) = event.event { target = processed[reversal.reversedSequence] }
            _ = engine.process(event, reversing: target)
        }
        return engine.records(asOf: asOfDate)
    }
}
