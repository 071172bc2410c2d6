// RuleEngine: runs every anomaly rule over the journal in sequence order and keeps the flags,
// their dispositions and reversals.
//
// Determinism: rules run in the fixed order of `standardRuleTypes`; the business clock is the
// latest effective date seen (or a report's as-of date), never the machine's clock; flags are
// sorted by (raised-at sequence, rule order, flag id). The same journal prefix therefore gives the
// same flags, byte for byte, on every machine.
//
// Memory: the registers grow with funds, projects and beneficiaries; rules keep per-fund,
// per-project and per-payee sums (duplicate detection keeps every voucher and subsidy period). To take
// back an event that a later `entry.reverse` undoes, the caller reads the reversed entry back from
// the journal and passes it with the reversal (`process(_:reversing:)`); the engine remembers only
// which sequences were reversed.

/// Runs the anomaly rules over fund events and keeps the flags with their status.
public struct RuleEngine: Sendable {
    /// The rules FundLedger ships, in the order they run and are listed.
    public static let standardRuleTypes: [any AnomalyRule.Type] = [
        FundsWithheldByIntermediateLevel.self,
        FundOverdrawn.self,
        PaidAheadOfProgress.self,
        FundsIdleTooLong.self,
        FundsDiverted.self,
        PaidTwice.self,
        AmountOffStandard.self,
        HouseholdCapExceeded.self,
        PayeeNotEligible.self,
        LabourShareTooLow.self,
        AssetIncomeShortfall.self,
        PaymentSplitBelowThreshold.self,
        EntryBackdated.self,
        PaidDespiteFailedAcceptance.self,
        SameKeyAcceptsAndPays.self,
        LoanToIneligibleHousehold.self,
        PhotovoltaicIncomeShortfall.self,
    ]

    /// The ids of `standardRuleTypes`, in order, written out: reading them from the descriptors builds
    /// all 17 descriptors (their texts, sources and parameters), about 5% of a single append's time and
    /// 50 of its page faults, although an append needs only the ids. RuleEngineIDTests checks them
    /// against the descriptors.
    package static let standardRuleIDs: [String] = [
        "R-WITHHOLDING", "R-OVERDRAW", "R-AHEAD-OF-PROGRESS", "R-IDLE", "R-DIVERSION", "R-DUPLICATE",
        "R-OFF-STANDARD", "R-HOUSEHOLD-CAP", "R-INELIGIBLE-PAYEE", "R-LABOUR-SHARE", "R-ASSET-INCOME",
        "R-SPLIT-PAYMENT", "R-BACKDATED", "R-PAID-AFTER-FAILED", "R-SEPARATION-OF-DUTIES", "R-LOAN-ELIGIBILITY",
        "R-PV-INCOME",
    ]

    /// Each standard rule's index in `standardRuleTypes`, by id (built once).
    private static let standardRuleOrder: [String: Int] =
        Dictionary(uniqueKeysWithValues: standardRuleIDs.enumerated().map { ($0.element, $0.offset) })

    // The standard rules are called as fields (`StandardRules`); any other rule set through existentials.
    // Exactly one of the two holds the engine's rules.
    private var standardRules: StandardRules?
    private var otherRules: [any AnomalyRule] = []
    private var ruleOrder: [String: Int] = [:]
    private var context = RuleContext()
    private var clock: CivilDate?
    private var lastSequence: Int?
    private var flagsByID: SnapshotMap<String, AnomalyFlag> = [:]
    @SnapshotSection private var reversals: [Int: Int] = [:]
    @SnapshotSection private var dispositions: [String: FlagStatus] = [:]

    /// A `policy.set` parameter that no rule of this engine declares (a typing error has no effect, so
    /// it is reported rather than silently ignored).
    public struct UnrecognizedSetting: Sendable, Hashable, Codable {
        /// The `policy.set` entry.
        public var sequence: Int
        /// `<rule id>.<parameter>` as written.
        public var qualifiedName: String

        /// Creates a record of an unrecognized setting.
        public init(sequence: Int, qualifiedName: String) {
            self.sequence = sequence
            self.qualifiedName = qualifiedName
        }
    }

    /// Every `policy.set` parameter seen that no rule declares, in journal order.
    @SnapshotSection public private(set) var unrecognizedSettings: [UnrecognizedSetting] = []

    /// Creates an engine running `ruleTypes` in the given order (by default, every standard rule).
    public init(ruleTypes: [any AnomalyRule.Type] = RuleEngine.standardRuleTypes) {
        if StandardRules.areStandard(ruleTypes) {
            standardRules = StandardRules()
            ruleOrder = Self.standardRuleOrder
        } else {
            otherRules = ruleTypes.map { $0.init() }
            for (index, type) in ruleTypes.enumerated() { ruleOrder[type.descriptor.id] = index }
        }
    }

    /// The engine's rules as existentials, in order (coding and descriptors; not per entry).
    private var rules: [any AnomalyRule] {
        get { standardRules?.existentials ?? otherRules }
        set {
            standardRules = StandardRules(newValue)
            otherRules = standardRules == nil ? newValue : []
        }
    }

    /// The descriptors of the rules this engine runs, in order.
    public var descriptors: [RuleDescriptor] {
        standardRules != nil ? Self.standardRuleTypes.map { $0.descriptor } : otherRules.map(\.descriptor)
    }

    /// The parameter values in force (defaults overridden by the `policy.set` entries seen).
    public var parameters: RuleParameterValues { context.parameters }

    /// Processes one decoded event and returns the flags it raises, sorted.
    /// Requires events in increasing sequence order (a programmer error otherwise; it traps).
    ///
    /// For an `entry.reverse`, `target` is the event it names when this engine processed that event
    /// (the caller reads it back from the journal and applies the same filters it applied then);
    /// the first reversal of a sequence takes the event back from the facts and the rules.
    /// Without `target` the reversal only marks the flags anchored on that sequence as reversed.
    public mutating func process(_ event: RuleEvent, reversing target: RuleEvent? = nil) -> [AnomalyFlag] {
        var raised = begin(event.sequence, effectiveDate: event.effectiveDate)
        switch event.event {
        case .setPolicy(let policy):
            context.parameters.apply(policy, sequence: event.sequence)
            let declared = descriptors.first { $0.id == policy.ruleID }?.parameters.map(\.name) ?? []
            for name in policy.parameters.keys.sorted() where !declared.contains(name) {
                unrecognizedSettings.append(UnrecognizedSetting(sequence: event.sequence, qualifiedName: "\(policy.ruleID).\(name)"))
            }
        case .disposeFlag(let disposal):
            dispositions[disposal.flagID] = Self.status(of: disposal, at: event.sequence)
        case .reverse(let reversal):
            let isFirstReversal = reversals[reversal.reversedSequence] == nil
            reversals[reversal.reversedSequence] = event.sequence
            if isFirstReversal, let original = target, original.sequence == reversal.reversedSequence,
               original.sequence < event.sequence, original.event.kind.isReversible {
                context.facts.retract(original)
                standardRules?.retract(original, in: context)
                for index in otherRules.indices { otherRules[index].retract(original, in: context) }
            }
        case .closePeriod:
            break
        case .disburse(let payment):
            observe(payment: payment, of: event, into: &raised)
        default:
            context.facts.apply(event)
            standardRules?.observe(event, in: context, into: &raised)
            // Nearly every rule raises nothing: appending an empty array is not free, so it is skipped.
            for index in otherRules.indices {
                let flags = otherRules[index].observe(event, in: context)
                if !flags.isEmpty { raised += flags }
            }
        }
        return record(raised)
    }

    /// `process(_:reversing:)` for an event whose case was matched as `.disburse(payment)` (replay
    /// matches it once per entry: each match copies the event to read its case).
    package mutating func process(payment: borrowing FundDisbursement, of event: RuleEvent) -> [AnomalyFlag] {
        var raised = begin(event.sequence, effectiveDate: payment.effectiveDate)
        observe(payment: payment, of: event, into: &raised)
        return record(raised)
    }

    /// Checks the event's sequence and moves the clock to its effective date: the flags that raises.
    private mutating func begin(_ sequence: Int, effectiveDate: CivilDate) -> [AnomalyFlag] {
        if let lastSequence { precondition(sequence > lastSequence, "events must arrive in sequence order") }
        lastSequence = sequence
        // The clock moves first, so a deadline that passed before this event's date is judged
        // on the entries before it.
        guard clock.map({ effectiveDate > $0 }) ?? true else { return [] }
        return advanceClock(to: effectiveDate, triggerSequence: sequence)
    }

    /// Lends the payment of `event` to every rule.
    private mutating func observe(payment: borrowing FundDisbursement, of event: RuleEvent, into raised: inout [AnomalyFlag]) {
        // A payment changes none of the facts (`RuleFacts.apply` ignores it).
        // The payment is taken out of the event once and lent to every rule (no copy per rule).
        standardRules?.observe(payment: payment, of: event, in: context, into: &raised)
        for index in otherRules.indices {
            let flags = otherRules[index].observe(payment: payment, of: event, in: context)
            if !flags.isEmpty { raised += flags }
        }
    }

    /// Makes room in the standard rules' registers that grow with every payment (R-DUPLICATE's
    /// vouchers) for about `count` payments: a replay that knows the journal's size calls this before
    /// the first entry. Changes no result; a smaller or larger journal only grows or wastes room.
    mutating func reserveCapacity(forPayments count: Int) {
        standardRules?.reserveCapacity(forPayments: max(0, count))
    }

    private mutating func advanceClock(to date: CivilDate, triggerSequence: Int) -> [AnomalyFlag] {
        clock = date
        var raised: [AnomalyFlag] = []
        standardRules?.advance(to: date, triggerSequence: triggerSequence, in: context, into: &raised)
        for index in otherRules.indices {
            let flags = otherRules[index].advance(to: date, triggerSequence: triggerSequence, in: context)
            if !flags.isEmpty { raised += flags }
        }
        return raised
    }

    private mutating func record(_ raised: [AnomalyFlag]) -> [AnomalyFlag] {
        guard !raised.isEmpty else { return [] }
        var fresh: [AnomalyFlag] = []
        for flag in raised where flagsByID[flag.id] == nil {
            flagsByID[flag.id] = flag
            fresh.append(flag)
        }
        return sorted(fresh)
    }

    private func sorted(_ flags: [AnomalyFlag]) -> [AnomalyFlag] {
        // Nearly every event raises nothing: no sort then. Otherwise each flag's rule order is looked
        // up once, not at every comparison.
        guard flags.count > 1 else { return flags }
        return flags.map { (flag: $0, order: ruleOrder[$0.ruleID] ?? Int.max) }
            .sorted {
                ($0.flag.raisedAtSequence, $0.order, $0.flag.id) < ($1.flag.raisedAtSequence, $1.order, $1.flag.id)
            }
            .map(\.flag)
    }

    private static func status(of disposal: FlagDisposal, at sequence: Int) -> FlagStatus {
        switch disposal.disposition {
        case .confirmed: .confirmed(sequence: sequence)
        case .rectified: .rectified(sequence: sequence, correctingSequence: disposal.correctingSequence ?? sequence)
        case .dismissed: .dismissed(sequence: sequence, reason: disposal.reason ?? "")
        }
    }

    /// Every flag raised so far, sorted by (raised-at sequence, rule order, flag id).
    public var flags: [AnomalyFlag] { sorted(Array(flagsByID.values)) }

    /// The status of `flag`: the later of its latest disposition and the reversal of its anchor entry.
    public func status(of flag: AnomalyFlag) -> FlagStatus {
        let disposed = dispositions[flag.id]
        let reversed = reversals[flag.anchorSequence].map { FlagStatus.reversed(sequence: $0) }
        switch (disposed, reversed) {
        case (nil, nil): return .open
        case (let status?, nil), (nil, let status?): return status
        case (let disposed?, let reversed?): return (disposed.sequence ?? 0) > (reversed.sequence ?? 0) ? disposed : reversed
        }
    }

    /// Every flag with its status, after moving the business clock to `asOfDate` when that is later
    /// than the latest effective date seen (deadline rules then flag what is overdue on that date).
    /// Does not change the engine.
    public func records(asOf asOfDate: CivilDate? = nil) -> [FlagRecord] {
        var engine = self
        if let asOfDate, let lastSequence, engine.clock.map({ asOfDate > $0 }) ?? true {
            _ = engine.record(engine.advanceClock(to: asOfDate, triggerSequence: lastSequence))
        }
        return engine.flags.map { FlagRecord(flag: $0, status: engine.status(of: $0)) }
    }
}

// Snapshot (`JOURNAL.state`): what the engine learned from the entries. The rules' states are written
// in the engine's order by RuleEngine+Snapshot.swift; `ruleOrder` is rebuilt from them.
extension RuleEngine: Codable {
    // Every stored property but `ruleOrder` (derived from the rules): a new one must be added here,
    // and `FlaggingValidator.snapshotFormatVersion` bumped.
    private enum CodingKeys: String, CodingKey {
        case rules, context, clock, lastSequence, flagsByID, reversals, dispositions, unrecognizedSettings
    }

    /// Restores an engine that `encode(to:)` wrote. Throws when the rule set differs from the standard one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        rules = try container.decode(RuleStates.self, forKey: .rules).rules
        context = try container.decode(RuleContext.self, forKey: .context)
        clock = try container.decodeIfPresent(CivilDate.self, forKey: .clock)
        lastSequence = try container.decodeIfPresent(Int.self, forKey: .lastSequence)
        flagsByID = try container.decode(SnapshotMap<String, AnomalyFlag>.self, forKey: .flagsByID)
        reversals = try container.decode([Int: Int].self, forKey: .reversals)
        dispositions = try container.decode([String: FlagStatus].self, forKey: .dispositions)
        unrecognizedSettings = try container.decode([UnrecognizedSetting].self, forKey: .unrecognizedSettings)
    }

    /// Writes the engine's learned state. Throws when a rule's state is not `Codable`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(RuleStates(rules: rules), forKey: .rules)
        try container.encode(context, forKey: .context)
        try container.encodeIfPresent(clock, forKey: .clock)
        try container.encodeIfPresent(lastSequence, forKey: .lastSequence)
        try container.encode(flagsByID, forKey: .flagsByID)
        try container.encode(reversals, forKey: .reversals)
        try container.encode(dispositions, forKey: .dispositions)
        try container.encode(unrecognizedSettings, forKey: .unrecognizedSettings)
    }
}

// The snapshot form (`JOURNAL.state`), by hand, in the order of the `Codable` form above: the rules'
// states (Replay/Coding/RuleStateCoding.swift), the context, clock, last sequence, the flags (a table),
// reversals, dispositions and unrecognized settings. Bump `FlaggingValidator.snapshotFormatVersion`
// with any change here.
extension RuleEngine: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        if let standardRules {
            try standardRules.snapshotEncode(to: sink)
        } else {
            try RuleStateCoding.encode(otherRules, to: sink)
        }
        try context.snapshotEncode(to: sink)
        sink.writeOptional(clock, sink.writeDate)
        sink.writeOptional(lastSequence, sink.writeInt)
        try flagsByID.snapshotEncode(to: sink, coding: .special)
        // Sections (`SnapshotSection`): a delta copies those an append did not change.
        try _reversals.snapshotEncode(to: sink) { reversals in sink.writeDictionary(reversals) { sink.writeInt($0); sink.writeInt($1) } }
        try _dispositions.snapshotEncode(to: sink) { dispositions in
            sink.writeDictionary(dispositions) { id, status in
                sink.writeString(id)
                status.snapshotEncode(to: sink)
            }
        }
        try _unrecognizedSettings.snapshotEncode(to: sink) { settings in sink.writeArray(settings) { $0.snapshotEncode(to: sink) } }
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> RuleEngine {
        var engine = RuleEngine()
        // Only the standard rules are ever stored (`RuleStateCoding.encode` refuses any other set).
        engine.standardRules = try StandardRules.snapshotDecode(from: source)
        engine.context = try RuleContext.snapshotDecode(from: source)
        engine.clock = try source.readOptional(source.readDate)
        engine.lastSequence = try source.readOptional(source.readInt)
        engine.flagsByID = try .snapshotDecode(from: source, coding: .special)
        engine._reversals = try .snapshotDecode(from: source, empty: [:]) { source in
            try source.readDictionary { (try source.readInt(), try source.readInt()) }
        }
        engine._dispositions = try .snapshotDecode(from: source, empty: [:]) { source in
            try source.readDictionary { (try source.readString(), try FlagStatus.snapshotDecode(from: source)) }
        }
        engine._unrecognizedSettings = try .snapshotDecode(from: source, empty: []) { source in
            try source.readArray { try RuleEngine.UnrecognizedSetting.snapshotDecode(from: source) }
        }
        return engine
    }
}
