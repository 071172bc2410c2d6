// FundProjection: balances, per-county integration totals, projects and payees, replayed
// incrementally from the entry stream.
//
// Memory grows with funds × units, projects, payees × years and beneficiaries, never with the
// number of entries: an `entry.reverse` is applied with its target read back from the journal
// (`ReversalTarget`, looked up by the caller), and only the reversed sequences are remembered (to
// refuse a second reversal). Late entries are listed, one record each.
// Money semantics (docs/EVENTS.md):
//   - an allocation from a unit whose level equals the fund's source level *issues* money there;
//     any other allocation *forwards* it from the sending unit's account;
//   - available(unit) = received + returnedIn − forwarded − disbursed − returnedOut, so the fund's
//     total available is issued − disbursed;
//   - integration moves money into the unit's pool without leaving `available`;
//   - `entry.reverse` applies the reversed entry again with the opposite sign (milestones and
//     beneficiary records are marked reversed).
// Filters: `asOf` keeps entries whose effective date is ≤ asOf; `untilSequence` keeps entries with
// sequence < untilSequence (the journal as it was at that tree size).

/// The projected state of a fund journal.
public struct FundProjection: Sendable, Codable {
    /// Default for `lateRecordingThresholdDays`: an entry recorded more than 30 days after its
    /// effective date is marked late. The policy texts give no number (seed-domain §6); one month
    /// matches the monthly close (月结).
    public static let defaultLateRecordingThresholdDays = 30

    /// Keep only entries whose effective date is on or before this date.
    public let asOf: CivilDate?
    /// Keep only entries with sequence < this value.
    public let untilSequence: Int?
    /// Entries recorded more than this many days after their effective date are marked late.
    public let lateRecordingThresholdDays: Int

    /// Funds by id.
    @SnapshotSection public private(set) var funds: [String: FundState] = [:]
    /// Projects by id.
    @SnapshotSection public private(set) var projects: [String: ProjectStatus] = [:]
    /// Per-unit totals by unit code.
    @SnapshotSection public private(set) var units: [DivisionCode: CountyTotals] = [:]
    /// Payments per payee per year.
    public private(set) var payeeYears: SnapshotMap<PayeeYear, PayeeYearTotal> = [:]
    /// Beneficiary register by (county, pseudonym).
    public private(set) var beneficiaries: SnapshotMap<BeneficiaryKey, BeneficiaryRecord> = [:]
    /// Late-recorded entries, in sequence order.
    @SnapshotSection public private(set) var lateEntries: [LateEntry] = []
    /// Number of entries applied (after filters), FundSupervision kinds only.
    public private(set) var appliedEntryCount = 0
    /// The highest sequence number seen (applied or filtered out), or -1.
    public private(set) var lastSequence = -1

    /// The sequence of the reversal that undid each reversed entry, by reversed sequence
    /// (reversals applied under the filters only). O(reversals).
    @SnapshotSection public private(set) var reversingSequences: [Int: Int] = [:]

    /// Where each fund's state lies in `funds`, by its id with the id's hash value, for payments
    /// (replay hashes a payment's fund id while preparing it: `PaymentKeys.fundIDHash`; the id itself,
    /// hashed with Unicode normalisation by `funds`, is then never hashed here). Derived: not coded;
    /// emptied whenever `funds` gains a fund (an insertion may move every index).
    private var fundSlots: [PrehashedString: Dictionary<String, FundState>.Index] = [:]

    // Every stored property but the derived `fundSlots`.
    private enum CodingKeys: String, CodingKey {
        case asOf, untilSequence, lateRecordingThresholdDays, funds, projects, units, payeeYears, beneficiaries
        case lateEntries, appliedEntryCount, lastSequence, reversingSequences
    }

    /// Creates an empty projection with the given filters.
    public init(asOf: CivilDate? = nil, untilSequence: Int? = nil,
                lateRecordingThresholdDays: Int = FundProjection.defaultLateRecordingThresholdDays) {
        self.asOf = asOf
        self.untilSequence = untilSequence
        self.lateRecordingThresholdDays = lateRecordingThresholdDays
    }

    /// Whether the entry passes the filters.
    func isIncluded(_ context: EntryContext, effectiveDate: CivilDate) -> Bool {
        if let untilSequence, context.sequence >= untilSequence { return false }
        if let asOf, effectiveDate > asOf { return false }
        return true
    }

    /// Notes an entry of a kind FundSupervision does not define (journal-layer kinds) or one whose
    /// body does not decode: it moves `lastSequence` and has no effect.
    public mutating func applyForeign(_ context: EntryContext, kind: String) {
        lastSequence = max(lastSequence, context.sequence)
    }

    /// Applies one decoded entry. Entries must come in sequence order; the event is not validated
    /// here (`check(_:_:reversing:)` does that), so a replay of a verified journal applies every entry.
    ///
    /// For an `entry.reverse`, `target` is the entry it names (`ReversalTarget.of(_:in:)` reads it
    /// back from the journal): the reversal undoes it when the ids match, it was not reversed
    /// before, and it passed the filters. Without `target` a reversal has no effect.
    public mutating func apply(_ event: FundEvent, _ context: EntryContext, reversing target: ReversalTarget? = nil) {
        apply(event, context, reversing: target, paymentKeys: nil)
    }

    /// `apply(_:_:reversing:)` with the keys replay computed from a payment while preparing it (nil
    /// for other events, or to compute them here).
    package mutating func apply(_ event: FundEvent, _ context: EntryContext, reversing target: ReversalTarget?,
                                paymentKeys: PaymentKeys?) {
        lastSequence = max(lastSequence, context.sequence)
        let effectiveDate = event.effectiveDate
        let included = isIncluded(context, effectiveDate: effectiveDate)
        let kind = event.kind
        // A fund named by an allocation is known from the entry on, even in an as-of view that
        // does not count the allocation yet, so that earlier-dated entries keep their channel.
        if case .allocate(let allocation) = event, untilSequence.map({ context.sequence < $0 }) ?? true {
            noteFund(allocation.fund)
        }
        guard included else { return }
        countIncluded(context, kind: kind, effectiveDate: effectiveDate, amount: event.amount)
        switch event {
        case .reverse(let reversal):
            guard reversal.reversedSequence < context.sequence, let target,
                  target.context.sequence == reversal.reversedSequence, target.context.id == reversal.reversedID,
                  reversingSequences[reversal.reversedSequence] == nil else { return }
            reversingSequences[reversal.reversedSequence] = context.sequence
            // The target's effect was applied exactly when it passed the same filters.
            if let reversed = target.event, isIncluded(target.context, effectiveDate: reversed.effectiveDate) {
                applyEffect(reversed, sequence: reversal.reversedSequence, sign: -1)
            }
        default:
            applyEffect(event, sequence: context.sequence, sign: 1, paymentKeys: paymentKeys)
        }
    }

    /// `apply(_:_:reversing:paymentKeys:)` for the event `.disburse(payment)`: replay matches the
    /// event's case once per entry, and each match here copied the event to read it (measured).
    package mutating func apply(payment: borrowing FundDisbursement, _ context: borrowing EntryContext,
                                paymentKeys: PaymentKeys?) {
        lastSequence = max(lastSequence, context.sequence)
        let effectiveDate = payment.effectiveDate
        guard isIncluded(context, effectiveDate: effectiveDate) else { return }
        countIncluded(context, kind: .fundDisburse, effectiveDate: effectiveDate, amount: payment.amount)
        applyDisbursement(payment, sign: 1, payeeKey: paymentKeys?.payeeKey, fundIDHash: paymentKeys?.fundIDHash)
    }

    /// Counts an entry that passed the filters, and lists it when it was recorded late.
    private mutating func countIncluded(_ context: borrowing EntryContext, kind: FundEventKind, effectiveDate: CivilDate,
                                        amount: Fen?) {
        appliedEntryCount += 1
        if effectiveDate.days(to: context.recordedDate) > lateRecordingThresholdDays {
            lateEntries.append(LateEntry(sequence: context.sequence, id: context.id, kind: kind, scope: context.scope,
                                         effectiveDate: effectiveDate, recordedDate: context.recordedDate, amount: amount))
            if let scope = context.scope { units[scope, default: CountyTotals()].lateEntryCount += 1 }
        }
    }

    private mutating func applyEffect(_ event: FundEvent, sequence: Int, sign: Int64, paymentKeys: PaymentKeys? = nil) {
        switch event {
        case .allocate(let allocation): applyAllocation(allocation, sign: sign)
        case .integrate(let integration): applyIntegration(integration, sign: sign)
        case .registerProject(let registration):
            // Registration is not reversible; a second registration of an id never reaches here
            // through a validated journal, and a replay keeps the first.
            if projects[registration.projectID] == nil {
                projects[registration.projectID] = ProjectStatus(registration: registration, registeredSequence: sequence)
            }
        case .milestone(let milestone): applyMilestone(milestone, sequence: sequence, sign: sign)
        case .registerBeneficiary(let registration):
            let key = BeneficiaryKey(county: registration.county, pseudonym: registration.pseudonym)
            beneficiaries[key, default: BeneficiaryRecord()].record(
                .init(sequence: sequence, effectiveDate: registration.effectiveDate, exitReason: nil,
                      householdSize: registration.householdSize, isAbleToWork: registration.isAbleToWork),
                reversing: sign < 0)
        case .exitBeneficiary(let exit):
            let key = BeneficiaryKey(county: exit.county, pseudonym: exit.pseudonym)
            beneficiaries[key, default: BeneficiaryRecord()].record(
                .init(sequence: sequence, effectiveDate: exit.effectiveDate, exitReason: exit.reason, householdSize: nil, isAbleToWork: nil),
                reversing: sign < 0)
        case .disburse(let payment):
            applyDisbursement(payment, sign: sign, payeeKey: paymentKeys?.payeeKey, fundIDHash: paymentKeys?.fundIDHash)
        case .returnFunds(let fundReturn): applyReturn(fundReturn, sign: sign)
        case .reverse, .setPolicy, .disposeFlag, .closePeriod:
            break
        }
    }

    /// The fund's channel, read in place (`values[index]`'s getter copies the state, accounts and all).
    private static func channel(of fund: inout FundState) -> String { fund.descriptor.channel }

    private static func signed(_ amount: Fen, _ sign: Int64) -> Fen { sign < 0 ? Fen(0) - amount : amount }

    // The apply functions look each key up once and mutate in place through the dictionary's
    // index (`values[index]`), because replay runs them for every entry.

    /// The index of the fund's state, creating it from `descriptor` when new.
    private mutating func fundIndex(for descriptor: FundDescriptor) -> Dictionary<String, FundState>.Index {
        if let index = funds.index(forKey: descriptor.id) { return index }
        funds[descriptor.id] = FundState(descriptor: descriptor)
        fundSlots = [:]
        return funds.index(forKey: descriptor.id)!
    }

    /// The index of the state of the fund `fundID`, nil when no allocation named it; `fundIDHash`,
    /// when given, must be `fundID.hashValue` in this process.
    private mutating func fundIndex(ofID fundID: String, fundIDHash: Int?) -> Dictionary<String, FundState>.Index? {
        guard let fundIDHash else { return funds.index(forKey: fundID) }
        let key = PrehashedString(fundID, textHash: fundIDHash)
        if let index = fundSlots[key] { return index }
        guard let index = funds.index(forKey: fundID) else { return nil }
        fundSlots[key] = index
        return index
    }

    private mutating func applyAllocation(_ allocation: FundAllocation, sign: Int64) {
        let amount = Self.signed(allocation.amount, sign)
        let index = fundIndex(for: allocation.fund)
        let descriptor = funds.values[index].descriptor
        let isIssue = allocation.fromUnit.level == descriptor.sourceLevel
        funds.values[index].accounts[allocation.fromUnit, default: FundAccount()].update { account in
            if isIssue {
                account.issued += amount
            } else {
                account.forwarded += amount
                account.forwardedByRecipient[allocation.toUnit, default: .zero] += amount
            }
        }
        funds.values[index].accounts[allocation.toUnit, default: FundAccount()].update { account in
            account.received += amount
            account.allocationCount += Int(sign)
            if let recipient = allocation.designatedRecipient {
                account.designatedByRecipient[recipient, default: .zero] += amount
            }
            for purpose in allocation.purposes {
                let count = account.purposeCounts[purpose, default: 0] + Int(sign)
                account.purposeCounts[purpose] = count > 0 ? count : nil
            }
        }
        if !isIssue {
            units[allocation.fromUnit, default: CountyTotals()].forwarded += amount
        }
        units[allocation.toUnit, default: CountyTotals()].update { totals in
            totals.received += amount
            totals.receivedByChannel[descriptor.channel, default: .zero] += amount
            totals.receivedBySourceLevel[descriptor.sourceLevel, default: .zero] += amount
            totals.receivedByYear[allocation.fiscalYear, default: .zero] += amount
        }
    }

    /// Remembers a fund's descriptor. A fund stays known once an allocation named it, even if that
    /// allocation is later reversed: its name, level and channel are facts of the allocating document.
    mutating func noteFund(_ descriptor: FundDescriptor) {
        _ = fundIndex(for: descriptor)
    }

    private mutating func applyIntegration(_ integration: FundIntegration, sign: Int64) {
        guard let index = funds.index(forKey: integration.fundID) else { return }
        let descriptor = funds.values[index].descriptor
        let amount = Self.signed(integration.amount, sign)
        funds.values[index].accounts[integration.county, default: FundAccount()].integrated += amount
        units[integration.county, default: CountyTotals()].update { totals in
            totals.integrated += amount
            totals.integratedByChannel[descriptor.channel, default: .zero] += amount
            totals.integratedBySourceLevel[descriptor.sourceLevel, default: .zero] += amount
            totals.integratedByYear[integration.fiscalYear, default: .zero] += amount
        }
    }

    private mutating func applyMilestone(_ milestone: ProjectMilestone, sequence: Int, sign: Int64) {
        guard let index = projects.index(forKey: milestone.projectID) else { return }
        if sign > 0 {
            projects.values[index].milestones[milestone.milestone, default: []].append(
                MilestoneRecord(sequence: sequence, effectiveDate: milestone.effectiveDate, status: milestone.status,
                                progressBasisPoints: milestone.progressBasisPoints))
        } else if let position = projects.values[index].milestones[milestone.milestone]?.firstIndex(where: { $0.sequence == sequence }) {
            projects.values[index].milestones[milestone.milestone]![position].isReversed = true
        }
    }

    private mutating func applyDisbursement(_ payment: FundDisbursement, sign: Int64, payeeKey: PayeeKey?, fundIDHash: Int?) {
        let amount = Self.signed(payment.amount, sign)
        var channel: String?
        if let index = fundIndex(ofID: payment.fundID, fundIDHash: fundIDHash) {
            // Read through the modify accessor: the getter would copy the fund's whole state. Read only
            // for a payment from the pool, the only one that needs it: its text was allocated by the
            // preparing thread (which decoded the allocation), and retaining it for every payment wrote
            // a cache line that thread's allocations share (1.5% of this thread's samples, measured).
            if payment.isFromPool { channel = Self.channel(of: &funds.values[index]) }
            funds.values[index].accounts[payment.county, default: FundAccount()].update { account in
                account.disbursed += amount
                if payment.isFromPool { account.poolDisbursed += amount }
            }
        }
        var category = payment.category
        if let projectID = payment.projectID, let index = projects.index(forKey: projectID) {
            projects.values[index].paid += amount
            projects.values[index].paymentCount += Int(sign)
            category = projects.values[index].registration.category
        }
        let categoryKey = category ?? ""
        let year = payment.effectiveDate.year
        units[payment.county, default: CountyTotals()].update { totals in
            totals.disbursed += amount
            // Categories and channels are a few Chinese texts per unit: found without hashing them.
            totals.disbursedByCategory.add(amount, toTextKey: categoryKey)
            totals.disbursedByYear.add(amount, toSmallKey: year)
            if payment.isFromPool {
                totals.poolSpent += amount
                totals.poolSpentByCategory.add(amount, toTextKey: categoryKey)
                if let channel { totals.poolSpentByChannel.add(amount, toTextKey: channel) }
            }
        }
        // The payee's key (a pseudonym packed, hashed) is made on the preparing core in replay.
        payeeYears[PayeeYear(payeeKey: payeeKey ?? PayeeKey(payeeOf: payment), year: year), default: PayeeYearTotal()].update { total in
            total.paid += amount
            total.paymentCount += Int(sign)
        }
    }

    private mutating func applyReturn(_ fundReturn: FundReturn, sign: Int64) {
        let amount = Self.signed(fundReturn.amount, sign)
        if let index = funds.index(forKey: fundReturn.fundID) {
            funds.values[index].accounts[fundReturn.fromUnit, default: FundAccount()].returnedOut += amount
            funds.values[index].accounts[fundReturn.toUnit, default: FundAccount()].returnedIn += amount
        }
        units[fundReturn.fromUnit, default: CountyTotals()].returnedOut += amount
        units[fundReturn.toUnit, default: CountyTotals()].returnedIn += amount
    }

    // MARK: - Queries

    /// The sequence of the reversal that undid the entry at `sequence`, if it was reversed.
    public func reversingSequence(of sequence: Int) -> Int? {
        reversingSequences[sequence]
    }

    /// Checks the projection's internal consistency; returns the first violated invariant's name.
    /// Runs in tests and debug builds.
    public func invariantViolation() -> String? {
        for (id, fund) in funds {
            // Forwarding and returns move money between units; only issues create it and
            // disbursements consume it.
            var issued = Fen.zero, disbursed = Fen.zero, available = Fen.zero
            var returnedOut = Fen.zero, returnedIn = Fen.zero, forwarded = Fen.zero, received = Fen.zero
            for account in fund.accounts.values {
                issued += account.issued; disbursed += account.disbursed; available += account.available
                returnedOut += account.returnedOut; returnedIn += account.returnedIn
                forwarded += account.forwarded; received += account.received
                if account.allocationCount < 0 { return "fund \(id): negative allocation count" }
                let byRecipient = account.forwardedByRecipient.values.reduce(Fen.zero, +)
                if byRecipient != account.forwarded { return "fund \(id): forwarded by recipient" }
            }
            if returnedOut != returnedIn { return "fund \(id): returns out ≠ returns in" }
            if received != issued + forwarded { return "fund \(id): received ≠ issued + forwarded" }
            if available != issued - disbursed { return "fund \(id): available ≠ issued − disbursed" }
        }
        for (code, totals) in units {
            let byChannel = totals.receivedByChannel.values.reduce(Fen.zero, +)
            if byChannel != totals.received { return "unit \(code): received by channel" }
            let byCategory = totals.disbursedByCategory.values.reduce(Fen.zero, +)
            if byCategory != totals.disbursed { return "unit \(code): disbursed by category" }
            let poolByCategory = totals.poolSpentByCategory.values.reduce(Fen.zero, +)
            if poolByCategory != totals.poolSpent { return "unit \(code): pool spent by category" }
        }
        return nil
    }
}

extension FundEvent {
    /// The amount the event moves, when it moves money.
    public var amount: Fen? {
        switch self {
        case .allocate(let event): return event.amount
        case .integrate(let event): return event.amount
        case .disburse(let event): return event.amount
        case .returnFunds(let event): return event.amount
        case .registerProject(let event): return event.budget
        default: return nil
        }
    }
}

extension FundAccount {
    mutating func update(_ body: (inout FundAccount) -> Void) { body(&self) }
}

extension CountyTotals {
    mutating func update(_ body: (inout CountyTotals) -> Void) { body(&self) }
}

extension PayeeYearTotal {
    mutating func update(_ body: (inout PayeeYearTotal) -> Void) { body(&self) }
}

// The projection's snapshot form (`JOURNAL.state`), by hand (the members' codings are in
// Replay/Coding/; the two registers that grow with the journal, payee-years and beneficiaries, are
// tables read by key). Bump
// `FlaggingValidator.snapshotFormatVersion` with any change here.
extension FundProjection: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        sink.writeOptional(asOf, sink.writeDate)
        sink.writeOptionalSigned(untilSequence.map(Int64.init))
        sink.writeSigned(Int64(lateRecordingThresholdDays))
        // Sections (`SnapshotSection`): a delta copies those an append did not change.
        try _funds.snapshotEncode(to: sink) { funds in
            sink.writeDictionary(funds) { id, fund in
                sink.writeString(id)
                fund.snapshotEncode(to: sink)
            }
        }
        try _projects.snapshotEncode(to: sink) { projects in
            sink.writeDictionary(projects) { id, project in
                sink.writeString(id)
                project.snapshotEncode(to: sink)
            }
        }
        try _units.snapshotEncode(to: sink) { units in
            sink.writeDictionary(units) { unit, totals in
                sink.writeDivisionCode(unit)
                totals.snapshotEncode(to: sink)
            }
        }
        try payeeYears.snapshotEncode(to: sink, coding: Self.payeeYearCoding)
        try beneficiaries.snapshotEncode(to: sink, coding: Self.beneficiaryCoding)
        try _lateEntries.snapshotEncode(to: sink) { lateEntries in sink.writeArray(lateEntries) { $0.snapshotEncode(to: sink) } }
        sink.writeSigned(Int64(appliedEntryCount))
        sink.writeSigned(Int64(lastSequence))
        try _reversingSequences.snapshotEncode(to: sink) { reversing in
            sink.writeDictionary(reversing) { sink.writeInt($0); sink.writeInt($1) }
        }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> FundProjection {
        let asOf = try source.readOptional(source.readDate)
        let untilSequence = try source.readOptionalSigned().map { try source.narrow($0, Int.self) }
        var projection = FundProjection(asOf: asOf, untilSequence: untilSequence,
                                        lateRecordingThresholdDays: try source.readInt())
        projection._funds = try .snapshotDecode(from: source, empty: [:]) { source in
            try source.readDictionary { (try source.readString(), try FundState.snapshotDecode(from: source)) }
        }
        projection._projects = try .snapshotDecode(from: source, empty: [:]) { source in
            try source.readDictionary { (try source.readString(), try ProjectStatus.snapshotDecode(from: source)) }
        }
        projection._units = try .snapshotDecode(from: source, empty: [:]) { source in
            try source.readDictionary { (try source.readDivisionCode(), try CountyTotals.snapshotDecode(from: source)) }
        }
        projection.payeeYears = try .snapshotDecode(from: source, coding: payeeYearCoding)
        projection.beneficiaries = try .snapshotDecode(from: source, coding: beneficiaryCoding)
        projection._lateEntries = try .snapshotDecode(from: source, empty: []) { source in
            try source.readArray { try LateEntry.snapshotDecode(from: source) }
        }
        projection.appliedEntryCount = try source.readInt()
        projection.lastSequence = try source.readInt()
        projection._reversingSequences = try .snapshotDecode(from: source, empty: [:]) { source in
            try source.readDictionary { (try source.readInt(), try source.readInt()) }
        }
        return projection
    }

    /// The payee-year register's keys and values, by hand.
    static let payeeYearCoding = SnapshotMapCoding<PayeeYear, PayeeYearTotal>(
        writeKey: { key, sink in
            try key.payeeKey.snapshotEncode(to: sink)
            sink.writeSigned(Int64(key.year))
        },
        readKey: { source in PayeeYear(payeeKey: try PayeeKey.snapshotDecode(from: source), year: try source.readInt()) },
        writeValue: { total, sink in
            sink.writeSigned(total.paid.rawValue)
            sink.writeSigned(Int64(total.paymentCount))
        },
        readValue: { source in
            var total = PayeeYearTotal()
            total.paid = try source.readFen()
            total.paymentCount = try source.readInt()
            return total
        })

    /// The beneficiary register's keys and values, by hand.
    static let beneficiaryCoding = SnapshotMapCoding<BeneficiaryKey, BeneficiaryRecord>(
        writeKey: { key, sink in
            sink.writeSigned(Int64(key.county.rawValue))
            sink.writeString(key.pseudonym)
        },
        readKey: { source in BeneficiaryKey(county: try source.readDivisionCode(), pseudonym: try source.readString()) },
        writeValue: { record, sink in
            sink.writeArray(record.events) { event in
                sink.writeSigned(Int64(event.sequence))
                sink.writeSigned(Int64(event.effectiveDate.dayNumber))
                sink.writeExitReason(event.exitReason)
                sink.writeOptionalSigned(event.householdSize.map(Int64.init))
                sink.writeOptionalBool(event.isAbleToWork)
                sink.bytes.append(event.isReversed ? 1 : 0)
            }
        },
        readValue: { source in
            var record = BeneficiaryRecord()
            for event in try source.readArray({ try readBeneficiaryEvent(from: source) }) {
                record.record(event, reversing: false)
            }
            return record
        })

    private static func readBeneficiaryEvent(from source: SnapshotByteSource) throws -> BeneficiaryRecord.Event {
        let sequence = try source.readInt()
        let effectiveDate = try source.readDate()
        let exitReason = try source.readExitReason()
        let householdSize = try source.readOptionalSigned().map { try source.narrow($0, Int.self) }
        let isAbleToWork = try source.readOptionalBool()
        return BeneficiaryRecord.Event(sequence: sequence, effectiveDate: effectiveDate, exitReason: exitReason,
                                       householdSize: householdSize, isAbleToWork: isAbleToWork,
                                       isReversed: try source.readFlag())
    }
}
