// SupervisionReplay: what an evaluator's replay computes from a journal: the projection (balances,
// county totals), the monthly disbursement totals and the anomaly flags, for the journal as of a
// business date and/or a sequence.
// Streaming, one pass: memory grows with funds, projects and payees, never with the number of
// entries. The entry an `entry.reverse` names is read back from the journal file
// (`JournalLineLookup`, O(log n) reads), so nothing is kept per entry to undo it.
import LedgerJournal

/// The projection and the anomaly rules fed from the same journal entries.
public struct SupervisionReplay: Sendable {
    /// Balances, county totals, projects and payees.
    public private(set) var projection: FundProjection
    /// Disbursements per calendar month (the HTML report's chart), under the same filters.
    public private(set) var monthlyDisbursements: MonthlyDisbursementTotals
    /// The anomaly rules and their flags.
    public private(set) var engine = RuleEngine()
    /// Keep fund events whose effective date is on or before this date.
    public let asOf: CivilDate?
    /// Keep entries with `seq < untilSequence`.
    public let untilSequence: Int?
    /// Entries whose body could not be decoded (only in a journal written without validation).
    public private(set) var undecodableEntries: [(sequence: Int, error: SupervisionError)] = []
    /// The number of entries read.
    public private(set) var entryCount = 0
    private var lastAppliedSequence = -1

    /// An empty replay with the given filters.
    public init(asOf: CivilDate? = nil, untilSequence: Int? = nil) {
        self.asOf = asOf
        self.untilSequence = untilSequence
        projection = FundProjection(asOf: asOf, untilSequence: untilSequence)
        monthlyDisbursements = MonthlyDisbursementTotals(asOf: asOf, untilSequence: untilSequence)
    }

    /// Feeds one entry (in journal order) to the projection and the rules; returns the flags it raised.
    /// The entry an `entry.reverse` names is looked up in `earlierEntries` (the entries before this one).
    @discardableResult
    public mutating func apply(_ entry: JournalEntry, earlierEntries: any JournalEntryLookup) -> [AnomalyFlag] {
        entryCount += 1
        if let untilSequence, entry.sequence >= untilSequence { return [] }
        // The rules require increasing sequences; an entry out of order is ignored (verify reports it).
        guard entry.sequence > lastAppliedSequence else { return [] }
        lastAppliedSequence = entry.sequence
        // Decode once, for both the projection and the rules.
        guard !FundEventKind.isJournalLayerKind(entry.kind) else {
            projection.apply(entry, earlierEntries: earlierEntries)
            return []
        }
        let context: EntryContext
        let fundEvent: FundEvent
        do {
            context = try EntryContext(entry)
            fundEvent = try FundEvent(kind: entry.kind, body: entry.body, entryID: entry.id)
        } catch {
            if let error = projection.apply(entry, earlierEntries: earlierEntries) { undecodableEntries.append((entry.sequence, error)) }
            return []
        }
        // Only a reversal looks anything up; a target that cannot be read leaves it without effect.
        let target = try? ReversalTarget.of(fundEvent, in: earlierEntries)
        projection.apply(fundEvent, context, reversing: target)
        if case .reverse(let reversal) = fundEvent, let target, let reversed = target.event,
           projection.reversingSequence(of: reversal.reversedSequence) == entry.sequence {
            monthlyDisbursements.apply(fundEvent, sequence: entry.sequence, reversed: (reversed, target.context.sequence))
        } else {
            monthlyDisbursements.apply(fundEvent, sequence: entry.sequence)
        }
        let event = RuleEvent(sequence: entry.sequence, entryID: entry.id, signerKeyID: entry.signerKeyID,
                              recordedDate: context.recordedDate, event: fundEvent)
        if let asOf, event.effectiveDate > asOf { return [] }
        // The rules saw the target only if it passed the same as-of filter.
        var processedTarget = target?.ruleEvent
        if let asOf, let candidate = processedTarget, candidate.effectiveDate > asOf { processedTarget = nil }
        return engine.process(event, reversing: processedTarget)
    }

    /// Every flag with its status, deadlines judged on the as-of date when one was given.
    public func flagRecords() -> [FlagRecord] { engine.records(asOf: asOf) }

    /// Replays the journal at `path` line by line. Throws `StorageError` for I/O failures and
    /// `JournalError` for a line that is not a valid entry (run `verify` to see every problem).
    public static func replay(
        journalPath path: String, asOf: CivilDate? = nil, untilSequence: Int? = nil,
        progress: ((Int64, Int64) -> Void)? = nil
    ) throws -> SupervisionReplay {
        var replay = SupervisionReplay(asOf: asOf, untilSequence: untilSequence)
        let reader = JournalReader(path: path)
        let total = try reader.tail().byteCount
        // Reversed entries are read back from the bytes replayed so far (every earlier line was
        // parsed and found in sequence by this loop).
        let lines = JournalLineLookup(path: path, byteCount: total)
        var lastProgress: Int64 = 0
        try reader.forEachLine(in: 0..<total) { line, location in
            if let untilSequence, replay.entryCount >= untilSequence { return }
            let entry: JournalEntry
            do {
                entry = try JournalEntry(parsing: try CanonicalJSON.parseCanonical(line))
            } catch let error as JournalError {
                throw error
            } catch {
                throw JournalError.notCanonicalJSON(sequence: replay.entryCount, byteOffset: Int(location.byteOffset), reason: "\(error)")
            }
            // A journal whose lines are out of sequence is refused, not replayed: run `verify`.
            guard entry.sequence == replay.entryCount else {
                throw JournalError.sequenceMismatch(expected: replay.entryCount, found: entry.sequence)
            }
            replay.apply(entry, earlierEntries: EarlierEntries(lines, count: entry.sequence))
            if let progress, location.byteOffset - lastProgress > 1 << 20 {
                lastProgress = location.byteOffset
                progress(location.byteOffset, total)
            }
        }
        return replay
    }
}
