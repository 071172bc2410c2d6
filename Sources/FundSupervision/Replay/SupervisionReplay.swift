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
        apply(PreparedEntry(entry), earlierEntries: earlierEntries)
    }

    /// What can be computed from one entry alone, before it is applied in order: the decoded fund
    /// event as the rules see it (`RuleEvent`, with the payment's keys) and its context (nil for
    /// journal-layer kinds and for a body that does not decode).
    /// Pure, so `replay` prepares entries on all cores; the in-order thread then only reads them.
    public struct PreparedEntry: Sendable {
        /// The entry; its body is `.null` when the event was decoded in place from the line, and its
        /// signature empty when the line was read in one pass (`onePassPayment`).
        var entry: JournalEntry
        /// The entry's context; nil when the kind is a journal-layer kind or decoding failed.
        var context: EntryContext?
        /// The fund event with the envelope facts the rules need, built here (on the preparing core)
        /// so that the in-order thread copies nothing out of it; nil exactly when `context` is.
        var ruleEvent: RuleEvent?
        /// Why the line is not an entry, for a value made by `init(preparing:)` from such a line
        /// (then the other properties describe nothing); nil otherwise.
        var failure: (any Error)?

        /// The entry's sequence number (`seq`).
        public var sequence: Int { entry.sequence }

        /// The fund event and its context; nil when the kind is a journal-layer kind or decoding failed.
        var decoded: (event: FundEvent, context: EntryContext)? {
            guard let context, let ruleEvent else { return nil }
            return (ruleEvent.event, context)
        }

        /// For a payment, what the rules derive from it alone (computed on the preparing core).
        package var paymentKeys: PaymentKeys? { ruleEvent?.paymentKeys }

        /// Initializes `slot` with `init(canonicalLine:)`, what it throws kept in `failure`: replay
        /// prepares each line into its slot of the chunk (`JournalLinePipeline`) and lends it from
        /// there to the in-order thread, which throws the failure in its turn. Written in place, not
        /// returned: returning the entry out of an optional copied it whole (measured).
        static func prepare(_ line: UnsafeRawBufferPointer, into slot: UnsafeMutablePointer<PreparedEntry>) {
            // The thread's cache is lent, not retained and released per line.
            let isOnePass = DecodedTextCache.withCurrent { textCache in
                onePassPayment(line, textCache: textCache, into: slot)
                    || onePassRegistration(line, textCache: textCache, into: slot)
            }
            if isOnePass { return }
            do {
                slot.initialize(to: try PreparedEntry(twoPassLine: line))
            } catch {
                var failed = PreparedEntry(undecoded: JournalEntry(
                    sequence: -1, previousHash: .zero, time: Timestamp(secondsSinceEpoch: 0), kind: "", id: "", scope: nil,
                    body: .null, signerKeyID: ""))
                failed.failure = error
                slot.initialize(to: failed)
            }
        }

        /// A payment line read in one pass: its body decoded while it is validated (with the strict
        /// parser's rules, `FundDisbursement.decode(canonicalLine:bodyStart:textCache:)`), then the
        /// envelope after it. Nil when anything is unusual (another kind, an escape, any defect): the
        /// caller then takes the two-pass path, which accepts or reports exactly as before. The
        /// entry's body is `.null` and its signature empty (checked, not kept: replay reads neither).
        static func onePassPayment(_ line: UnsafeRawBufferPointer, textCache: DecodedTextCache) -> PreparedEntry? {
            let slot = UnsafeMutablePointer<PreparedEntry>.allocate(capacity: 1)
            defer { slot.deallocate() }
            guard onePassPayment(line, textCache: textCache, into: slot) else { return nil }
            return slot.move()
        }

        /// `onePassPayment(_:textCache:)` written into `slot` (uninitialized); false, leaving it so,
        /// when the line takes the two-pass path.
        static func onePassPayment(_ line: UnsafeRawBufferPointer, textCache: DecodedTextCache,
                                   into slot: UnsafeMutablePointer<PreparedEntry>) -> Bool {
            let bodyStart = CanonicalEntryScanner.bodyStartOffset
            guard line.count > bodyStart else { return false }
            // The payment is decoded into memory of its own and moved from there into the entry:
            // returned, it was copied whole and the original destroyed (measured).
            return withUnsafeTemporaryAllocation(of: FundDisbursement.self, capacity: 1) { buffer in
                let payment = buffer.baseAddress!
                guard let decoded = FundDisbursement.decode(canonicalLine: line, bodyStart: bodyStart, textCache: textCache,
                                                             into: payment)
                else { return false }
                guard let envelope = OnePassEnvelope.read(line, bodyEnd: decoded.bodyEnd, kind: paymentKindBytes, textCache: textCache)
                else {
                    payment.deinitialize(count: 1)
                    return false
                }
                // Each part is built once, in place (`initialize(_:envelope:kind:ruleEvent:)`).
                initialize(slot, envelope: envelope, kind: paymentKind,
                           ruleEvent: RuleEvent(sequence: envelope.sequence, entryID: envelope.id, signerKeyID: envelope.signer,
                                                recordedDate: envelope.recordedDate, event: .disburse(payment.move()),
                                                paymentKeys: decoded.keys))
                return true
            }
        }

        /// `onePassPayment(_:textCache:into:)` for a `beneficiary.register` line (one in twenty):
        /// the body decoded while it is validated (`BeneficiaryRegistration.decode`), then the envelope.
        static func onePassRegistration(_ line: UnsafeRawBufferPointer, textCache: DecodedTextCache,
                                        into slot: UnsafeMutablePointer<PreparedEntry>) -> Bool {
            let bodyStart = CanonicalEntryScanner.bodyStartOffset
            guard line.count > bodyStart,
                let decoded = BeneficiaryRegistration.decode(canonicalLine: line, bodyStart: bodyStart, textCache: textCache),
                let envelope = OnePassEnvelope.read(line, bodyEnd: decoded.bodyEnd, kind: registrationKindBytes, textCache: textCache)
            else { return false }
            initialize(slot, envelope: envelope, kind: registrationKind,
                       ruleEvent: RuleEvent(sequence: envelope.sequence, entryID: envelope.id, signerKeyID: envelope.signer,
                                            recordedDate: envelope.recordedDate, event: .registerBeneficiary(decoded.registration)))
            return true
        }

        /// Initializes `slot` with a one-pass entry of `kind` (its body `.null`, its signature empty),
        /// each stored property written in place: a prepared entry made by an initializer and stored
        /// was built in a local, copied whole into its slot and the local destroyed (about 900
        /// instructions per payment), and so was its envelope (an entry made by `JournalEntry`'s
        /// initializer, about 300). Every stored property must be written: debug builds check that the
        /// last one written ends the struct.
        @inline(__always)
        private static func initialize(_ slot: UnsafeMutablePointer<PreparedEntry>, envelope: borrowing OnePassEnvelope,
                                       kind: String, ruleEvent: consuming RuleEvent) {
            JournalEntry.initialize(
                slot.pointer(to: \.entry)!, sequence: envelope.sequence, previousHash: envelope.previousHash,
                time: envelope.time, kind: kind, id: envelope.id, scope: envelope.scopeText, body: .null,
                signerKeyID: envelope.signer)
            slot.pointer(to: \.context)!.initialize(to: EntryContext(
                sequence: envelope.sequence, id: envelope.id, scope: envelope.scope, recordedDate: envelope.recordedDate))
            slot.pointer(to: \.ruleEvent)!.initialize(to: ruleEvent)
            slot.pointer(to: \.failure)!.initialize(to: nil)
            assert(MemoryLayout<PreparedEntry>.offset(of: \.failure)! + MemoryLayout<(any Error)?>.size == MemoryLayout<PreparedEntry>.size,
                   "every stored property is written")
        }

        /// `onePassRegistration(_:textCache:into:)` returning the entry (for tests).
        static func onePassRegistration(_ line: UnsafeRawBufferPointer, textCache: DecodedTextCache) -> PreparedEntry? {
            let slot = UnsafeMutablePointer<PreparedEntry>.allocate(capacity: 1)
            defer { slot.deallocate() }
            guard onePassRegistration(line, textCache: textCache, into: slot) else { return nil }
            return slot.move()
        }

        /// The envelope facts a one-pass entry keeps, read in place after a body decoded up to
        /// `bodyEnd` (`CanonicalEntryScanner.scanPlainEnvelope`): only the texts kept are made (the
        /// kind is a static text, the few scopes and signers come from the thread's table).
        private struct OnePassEnvelope {
            var sequence: Int
            var previousHash: EntryHash
            var time: Timestamp
            var id: String
            var scopeText: String?
            var signer: String
            /// The context's scope: `EntryContext(entry)` parses the scope text.
            var scope: DivisionCode?
            var recordedDate: CivilDate

            /// Nil when the envelope is not a valid one of an entry of `kind`, or its scope is no
            /// division code (`EntryContext(entry)` would throw): the line then takes the two-pass path.
            /// A static function with the memberwise initializer, not an initializer of its own: a
            /// value from one written in the struct was copied and the original destroyed (measured).
            @inline(__always)
            static func read(_ line: UnsafeRawBufferPointer, bodyEnd: Int, kind: StaticString,
                             textCache: DecodedTextCache) -> OnePassEnvelope? {
                guard let envelope = CanonicalEntryScanner.scanPlainEnvelope(
                    line, bodyRange: CanonicalEntryScanner.bodyStartOffset..<bodyEnd),
                    CanonicalMemberCursor.name(envelope.kind, is: kind)
                else { return nil }
                var scope: DivisionCode?
                var scopeText: String?
                if let scopeBytes = envelope.scope {
                    guard let code = CanonicalMemberCursor.divisionCode(scopeBytes) else { return nil }
                    scope = code
                    scopeText = textCache.string(scopeBytes)
                }
                return OnePassEnvelope(
                    sequence: envelope.sequence, previousHash: envelope.previousHash, time: envelope.time,
                    id: ImmortalText.smallASCII(envelope.id) ?? String(decoding: envelope.id, as: UTF8.self), scopeText: scopeText,
                    signer: textCache.string(envelope.signer), scope: scope,
                    recordedDate: CivilDate(chinaStandardTimeOf: envelope.time.secondsSinceEpoch))
            }
        }

        /// The registration kind (`FundEventKind.beneficiaryRegister.rawValue`, tested).
        static let registrationKindBytes: StaticString = "beneficiary.register"
        /// The kind of a registration, kept in its entry: a literal (`FundEventKind.beneficiaryRegister.rawValue`, tested): no lazy global to check per line.
        static var registrationKind: String { "beneficiary.register" }

        /// The payment kind (`FundEventKind.fundDisburse.rawValue`, tested), compared with a line's kind in place.
        static let paymentKindBytes: StaticString = "fund.disburse"

        /// The kind of a payment, compared with each entry's kind: a literal (`FundEventKind.fundDisburse.rawValue`, tested): no lazy global to check per line.
        static var paymentKind: String { "fund.disburse" }

    }

    /// Feeds one prepared entry (in journal order) to the projection and the rules; returns the flags it raised.
    /// The entry an `entry.reverse` names is looked up in `earlierEntries` (the entries before this one).
    @discardableResult
    public mutating func apply(_ prepared: PreparedEntry, earlierEntries: any JournalEntryLookup) -> [AnomalyFlag] {
        var prepared = prepared
        return withUnsafeMutablePointer(to: &prepared) { apply(preparedAt: $0, lookingUpIn: { earlierEntries }) }
    }

    /// `apply(_:earlierEntries:)` with the lookup made only for the entries that read it (reversals
    /// and journal-layer kinds): replay would otherwise box a lookup for every entry.
    /// The entry is read where it lies (replay lends it from its chunk): passing it by value copied
    /// it whole (measured). It is left as it was found (its rule event and context are moved out
    /// and back), so that its texts are released and freed where the chunk is destroyed, on the
    /// preparing core, not on this thread.
    mutating func apply(preparedAt prepared: UnsafeMutablePointer<PreparedEntry>,
                                lookingUpIn earlierEntries: () -> any JournalEntryLookup) -> [AnomalyFlag] {
        let sequence = prepared.pointee.sequence
        entryCount += 1
        if let untilSequence, sequence >= untilSequence { return [] }
        // The rules require increasing sequences; an entry out of order is ignored (verify reports it).
        guard sequence > lastAppliedSequence else { return [] }
        lastAppliedSequence = sequence
        // The rule event is lent to the projection and the rules where it lies (an `inout` access to
        // the optional's payload, `!`, is a projection of the slot's memory: no copy, no retain); the
        // context, small, is moved out and back. The slot is destroyed with its chunk on the preparing
        // core, which allocated their texts. Copied out, they were retained and released here; moved
        // out and dropped, this thread released every text of every entry and freed the ones made
        // for it alone (the entry id, the voucher) into the other thread's arena (about 4% of this
        // thread at 1,000,000 entries, measured); moved out and back, the event (≈ 350 bytes) was
        // copied twice. Tested by pattern, not `!= nil`: the operator chosen for these `Equatable`
        // types copied and compared the whole values.
        if case .some = prepared.pointee.ruleEvent, let context = prepared.pointee.context.take() {
            let flags = apply(&prepared.pointee.ruleEvent!, context, sequence: sequence, lookingUpIn: earlierEntries)
            prepared.pointee.context = consume context
            return flags
        }
        // A decoded entry is never of a journal-layer kind (`PreparedEntry` does not decode those), so
        // the envelope is read (and its kind tested) only for the others.
        let entry = prepared.pointee.entry
        if FundEventKind.isJournalLayerKind(entry.kind) {
            projection.apply(entry, earlierEntries: earlierEntries())
        } else if let error = projection.apply(entry, earlierEntries: earlierEntries()) {
            // Decoding again names the error (rare: only a journal written without validation).
            undecodableEntries.append((sequence, error))
        }
        return []
    }

    /// Applies a decoded entry's event (with its context) to the projection, the monthly totals and
    /// the rules; the part of `apply(preparedAt:lookingUpIn:)` for a decoded entry. The event is
    /// `inout` only to be read in place in its slot (see there); it is not changed.
    private mutating func apply(_ event: inout RuleEvent, _ context: borrowing EntryContext, sequence: Int,
                                lookingUpIn earlierEntries: () -> any JournalEntryLookup) -> [AnomalyFlag] {
        // Nine entries in ten are payments: matched once here and lent to the projection, the monthly
        // totals and the rules. Each test of the event's case below (and in what it calls: the
        // effective date, the kind, the projection's and the rules' switches) copied the event (≈ 300
        // bytes) to read its case: about 16 copies per payment, 6% of this thread's samples at
        // 1,000,000 entries (measured).
        if case .disburse(let payment) = event.event {
            return applyPayment(payment, of: event, context, sequence: sequence)
        }
        // Only a reversal looks anything up; a target that cannot be read leaves it without effect.
        var target: ReversalTarget?
        if case .reverse = event.event { target = try? ReversalTarget.of(event.event, in: earlierEntries()) }
        projection.apply(event.event, context, reversing: target, paymentKeys: event.paymentKeys)
        if case .reverse(let reversal) = event.event, let target, let reversed = target.event,
           projection.reversingSequence(of: reversal.reversedSequence) == sequence {
            monthlyDisbursements.apply(event.event, sequence: sequence, reversed: (reversed, target.context.sequence))
        } else {
            monthlyDisbursements.apply(event.event, sequence: sequence)
        }
        if let asOf, event.effectiveDate > asOf { return [] }
        // The rules saw the target only if it passed the same as-of filter.
        var processedTarget = target?.ruleEvent
        if let asOf, let candidate = processedTarget, candidate.effectiveDate > asOf { processedTarget = nil }
        return engine.process(event, reversing: processedTarget)
    }

    /// `apply(_:_:sequence:lookingUpIn:)` for a payment (`event.event` is `.disburse`): what that
    /// does for one, the payment matched once. A payment reverses nothing and looks nothing up.
    private mutating func applyPayment(_ payment: borrowing FundDisbursement, of event: borrowing RuleEvent,
                                       _ context: borrowing EntryContext, sequence: Int) -> [AnomalyFlag] {
        projection.apply(payment: payment, context, paymentKeys: event.paymentKeys)
        monthlyDisbursements.apply(payment: payment, sequence: sequence)
        if let asOf, payment.effectiveDate > asOf { return [] }
        return engine.process(payment: payment, of: event)
    }

    /// Every flag with its status, deadlines judged on the as-of date when one was given.
    public func flagRecords() -> [FlagRecord] { engine.records(asOf: asOf) }

    /// The flags' records, after which the rules' working state (every voucher seen, every capped
    /// household payment, …) is let go: a report renders its text after replaying, and should not
    /// hold both at once (at 1,000,000 entries they are of the same size).
    /// The rules' state is freed on another thread (at 100,000 entries about a tenth of the calling
    /// thread's time after replaying: every voucher and payee key released), while the caller renders.
    public mutating func takeFlagRecords() -> [FlagRecord] {
        let records = flagRecords()
        var retired = RuleEngine()
        swap(&retired, &engine)
        Report.release(elsewhere: consume retired)
        return records
    }

    /// Journal bytes per payment assumed when sizing the voucher register (a generated journal has
    /// about 657 bytes per entry, nine in ten of them payments).
    static let bytesPerPaymentEstimate: Int64 = 700

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
        // The voucher register grows with every payment: sized once for the journal (entries are
        // about 650 bytes, nine in ten of them payments) instead of growing through every size.
        replay.engine.reserveCapacity(forPayments: Int(total / Self.bytesPerPaymentEstimate))
        var lastProgress: Int64 = 0
        // Lines are parsed and their bodies decoded on all cores, a chunk at a time, each into its
        // slot; the projection and the rules read them there in order on this thread, and a chunk's
        // entries are freed together on another core (JournalLinePipeline's lending `run`): this
        // thread neither copies nor frees an entry.
        try JournalLinePipeline.run(
            reader: reader, in: 0..<total,
            preparingInto: { line, _, slot in PreparedEntry.prepare(line, into: slot) },
            lendingTo: { (slot: UnsafeMutablePointer<PreparedEntry>, location) in
                // Read where it lies: `slot.pointee` is lent, never copied.
                if let untilSequence, replay.entryCount >= untilSequence { return }
                if let failure = slot.pointee.failure {
                    if let error = failure as? JournalError { throw error }
                    throw JournalError.notCanonicalJSON(sequence: replay.entryCount, byteOffset: Int(location.byteOffset), reason: "\(failure)")
                }
                // A journal whose lines are out of sequence is refused, not replayed: run `verify`.
                let sequence = slot.pointee.sequence
                guard sequence == replay.entryCount else {
                    throw JournalError.sequenceMismatch(expected: replay.entryCount, found: sequence)
                }
                replay.apply(preparedAt: slot, lookingUpIn: { EarlierEntries(lines, count: sequence) })
                if let progress, location.byteOffset - lastProgress > 1 << 20 {
                    lastProgress = location.byteOffset
                    progress(location.byteOffset, total)
                }
            })
        return replay
    }
}

// The initializers are declared here, outside the struct, so that it keeps its memberwise
// initializer: a value made by an initializer written in the struct was copied whole into its slot
// and the original destroyed (`slot.initialize(to:)`; about 1,000 instructions per payment,
// measured), one made by the memberwise initializer is built in place.
extension SupervisionReplay.PreparedEntry {
    /// Parses one journal line (without "\n") and decodes its fund event straight from the line's
    /// bytes. Throws what `JournalEntry(canonicalLine:)` throws; a body that does not decode is
    /// kept whole so that `apply` reports why.
    public init(canonicalLine line: UnsafeRawBufferPointer) throws {
        // Nine lines in ten are payments: one pass over the line, when it is a plain one.
        if let prepared = Self.onePassPayment(line, textCache: .current) {
            self = prepared
            return
        }
        try self.init(twoPassLine: line)
    }

    /// `init(canonicalLine:)` for a line the one-pass path left: the envelope first, then the body.
    private init(twoPassLine line: UnsafeRawBufferPointer) throws {
        // Journal-layer bodies are built (the projection reads them); fund bodies are read in place.
        guard let scanned = CanonicalEntryScanner.scan(
            line, buildsBody: false, buildsBodyOfKind: { $0 != Self.paymentKind && FundEventKind.isJournalLayerKind($0) })
        else {
            self.init(try JournalEntry(canonicalLine: line))
            return
        }
        let entry = scanned.entry
        // Nine entries in ten are payments: their kind is recognised by one comparison.
        let isPayment = entry.kind == Self.paymentKind
        if !isPayment && FundEventKind.isJournalLayerKind(entry.kind) {
            self.init(undecoded: entry)
            return
        }
        guard let kind = isPayment ? .fundDisburse : FundEventKind(rawValue: entry.kind),
            let context = try? EntryContext(entry)
        else {
            self.init(try JournalEntry(canonicalLine: line))
            return
        }
        if isPayment, let decoded = FundDisbursement.decode(
            canonicalLine: line, bodyRange: scanned.bodyByteRange, textCache: .current)
        {
            self.init(entry: entry, context: context, event: .disburse(decoded.payment),
                      paymentKeys: decoded.keys)
            return
        }
        guard let view = CanonicalObjectView(line: line, range: scanned.bodyByteRange),
            let event = try? FundEvent(kind: kind, bodyView: view, entryID: entry.id)
        else {
            // Rare (a journal written without validation): keep the body for the error report.
            self.init(try JournalEntry(canonicalLine: line))
            return
        }
        var paymentKeys: PaymentKeys?
        if case .disburse(let payment) = event { paymentKeys = PaymentKeys(payment) }
        self.init(entry: entry, context: context, event: event, paymentKeys: paymentKeys)
    }

    /// An entry whose body was not decoded (a journal-layer kind, or a body that does not decode).
    private init(undecoded entry: JournalEntry) {
        self.entry = entry
        context = nil
        ruleEvent = nil
        failure = nil
    }

    /// An entry with its decoded event (its parts moved in, not copied: this runs for every line).
    private init(entry: consuming JournalEntry, context: consuming EntryContext, event: consuming FundEvent,
                 paymentKeys: consuming PaymentKeys?) {
        var ruleEvent = RuleEvent(sequence: entry.sequence, entryID: entry.id, signerKeyID: entry.signerKeyID,
                                  recordedDate: context.recordedDate, event: event)
        ruleEvent.paymentKeys = paymentKeys
        self.entry = entry
        self.context = context
        self.ruleEvent = ruleEvent
        failure = nil
    }

    /// Decodes `entry`'s body once, for both the projection and the rules.
    public init(_ entry: JournalEntry) {
        guard !FundEventKind.isJournalLayerKind(entry.kind), let context = try? EntryContext(entry),
            let event = try? FundEvent(kind: entry.kind, body: entry.body, entryID: entry.id)
        else {
            self.init(undecoded: entry)
            return
        }
        self.init(entry: entry, context: context, event: event, paymentKeys: nil)
    }
}
