// StandardRules: the rules FundLedger ships, held as stored properties of their own types.
//
// The engine calls every rule for every entry. Through an array of existentials (`[any AnomalyRule]`)
// each call opens the rule's box and checks that it is unique before mutating it; here each call is a
// direct call on a field. The order of the fields and of the calls is `RuleEngine.standardRuleTypes`,
// which fixes the order of flags raised by one entry and of the states in the snapshot.

/// The standard rules, called in `RuleEngine.standardRuleTypes` order without existentials.
struct StandardRules: Sendable {
    var withheld = FundsWithheldByIntermediateLevel()
    var overdrawn = FundOverdrawn()
    var aheadOfProgress = PaidAheadOfProgress()
    var idle = FundsIdleTooLong()
    var diverted = FundsDiverted()
    var paidTwice = PaidTwice()
    var offStandard = AmountOffStandard()
    var householdCap = HouseholdCapExceeded()
    var ineligiblePayee = PayeeNotEligible()
    var labourShare = LabourShareTooLow()
    var assetIncome = AssetIncomeShortfall()
    var split = PaymentSplitBelowThreshold()
    var backdated = EntryBackdated()
    var failedAcceptance = PaidDespiteFailedAcceptance()
    var sameKey = SameKeyAcceptsAndPays()
    var loan = LoanToIneligibleHousehold()
    var photovoltaic = PhotovoltaicIncomeShortfall()

    /// Every rule with empty state.
    init() {}

    /// The rules in `rules`, nil unless they are exactly the standard rules in order.
    init?(_ rules: [any AnomalyRule]) {
        guard rules.count == RuleEngine.standardRuleTypes.count,
            let withheld = rules[0] as? FundsWithheldByIntermediateLevel,
            let overdrawn = rules[1] as? FundOverdrawn,
            let aheadOfProgress = rules[2] as? PaidAheadOfProgress,
            let idle = rules[3] as? FundsIdleTooLong,
            let diverted = rules[4] as? FundsDiverted,
            let paidTwice = rules[5] as? PaidTwice,
            let offStandard = rules[6] as? AmountOffStandard,
            let householdCap = rules[7] as? HouseholdCapExceeded,
            let ineligiblePayee = rules[8] as? PayeeNotEligible,
            let labourShare = rules[9] as? LabourShareTooLow,
            let assetIncome = rules[10] as? AssetIncomeShortfall,
            let split = rules[11] as? PaymentSplitBelowThreshold,
            let backdated = rules[12] as? EntryBackdated,
            let failedAcceptance = rules[13] as? PaidDespiteFailedAcceptance,
            let sameKey = rules[14] as? SameKeyAcceptsAndPays,
            let loan = rules[15] as? LoanToIneligibleHousehold,
            let photovoltaic = rules[16] as? PhotovoltaicIncomeShortfall
        else { return nil }
        self.withheld = withheld
        self.overdrawn = overdrawn
        self.aheadOfProgress = aheadOfProgress
        self.idle = idle
        self.diverted = diverted
        self.paidTwice = paidTwice
        self.offStandard = offStandard
        self.householdCap = householdCap
        self.ineligiblePayee = ineligiblePayee
        self.labourShare = labourShare
        self.assetIncome = assetIncome
        self.split = split
        self.backdated = backdated
        self.failedAcceptance = failedAcceptance
        self.sameKey = sameKey
        self.loan = loan
        self.photovoltaic = photovoltaic
    }

    /// The rules as existentials, in order (for coding and descriptors; not on the per-entry path).
    var existentials: [any AnomalyRule] {
        [withheld, overdrawn, aheadOfProgress, idle, diverted, paidTwice, offStandard, householdCap, ineligiblePayee, labourShare, assetIncome, split, backdated, failedAcceptance, sameKey, loan, photovoltaic]
    }

    /// Whether `types` are the standard rule types in order.
    static func areStandard(_ types: [any AnomalyRule.Type]) -> Bool {
        types.count == RuleEngine.standardRuleTypes.count
            && zip(types, RuleEngine.standardRuleTypes).allSatisfy { ObjectIdentifier($0) == ObjectIdentifier($1) }
    }

    /// Calls `observe(payment:of:in:)` of every rule in order; appends what they raise to `raised`.
    mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext, into raised: inout [AnomalyFlag]) {
        // Every rule appends to `raised` (`observe(payment:of:in:into:)`): an array returned per rule,
        // even an empty one, was released here for every rule and payment.
        withheld.observe(payment: payment, of: event, in: context, into: &raised)
        overdrawn.observe(payment: payment, of: event, in: context, into: &raised)
        aheadOfProgress.observe(payment: payment, of: event, in: context, into: &raised)
        idle.observe(payment: payment, of: event, in: context, into: &raised)
        diverted.observe(payment: payment, of: event, in: context, into: &raised)
        paidTwice.observe(payment: payment, of: event, in: context, into: &raised)
        offStandard.observe(payment: payment, of: event, in: context, into: &raised)
        householdCap.observe(payment: payment, of: event, in: context, into: &raised)
        ineligiblePayee.observe(payment: payment, of: event, in: context, into: &raised)
        labourShare.observe(payment: payment, of: event, in: context, into: &raised)
        assetIncome.observe(payment: payment, of: event, in: context, into: &raised)
        split.observe(payment: payment, of: event, in: context, into: &raised)
        backdated.observe(payment: payment, of: event, in: context, into: &raised)
        failedAcceptance.observe(payment: payment, of: event, in: context, into: &raised)
        sameKey.observe(payment: payment, of: event, in: context, into: &raised)
        loan.observe(payment: payment, of: event, in: context, into: &raised)
        photovoltaic.observe(payment: payment, of: event, in: context, into: &raised)
    }

    /// Calls `observe(_:in:)` of every rule in order; appends what they raise to `raised`.
    mutating func observe(_ event: RuleEvent, in context: RuleContext, into raised: inout [AnomalyFlag]) {
        Self.append(withheld.observe(event, in: context), to: &raised)
        Self.append(overdrawn.observe(event, in: context), to: &raised)
        Self.append(aheadOfProgress.observe(event, in: context), to: &raised)
        Self.append(idle.observe(event, in: context), to: &raised)
        Self.append(diverted.observe(event, in: context), to: &raised)
        Self.append(paidTwice.observe(event, in: context), to: &raised)
        Self.append(offStandard.observe(event, in: context), to: &raised)
        Self.append(householdCap.observe(event, in: context), to: &raised)
        Self.append(ineligiblePayee.observe(event, in: context), to: &raised)
        Self.append(labourShare.observe(event, in: context), to: &raised)
        Self.append(assetIncome.observe(event, in: context), to: &raised)
        Self.append(split.observe(event, in: context), to: &raised)
        Self.append(backdated.observe(event, in: context), to: &raised)
        Self.append(failedAcceptance.observe(event, in: context), to: &raised)
        Self.append(sameKey.observe(event, in: context), to: &raised)
        Self.append(loan.observe(event, in: context), to: &raised)
        Self.append(photovoltaic.observe(event, in: context), to: &raised)
    }

    /// Makes room in the registers that grow with every payment for `count` payments.
    mutating func reserveCapacity(forPayments count: Int) {
        paidTwice.reserveCapacity(forPayments: count)
    }

    /// Calls `retract(_:in:)` of every rule in order.
    mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        withheld.retract(event, in: context)
        overdrawn.retract(event, in: context)
        aheadOfProgress.retract(event, in: context)
        idle.retract(event, in: context)
        diverted.retract(event, in: context)
        paidTwice.retract(event, in: context)
        offStandard.retract(event, in: context)
        householdCap.retract(event, in: context)
        ineligiblePayee.retract(event, in: context)
        labourShare.retract(event, in: context)
        assetIncome.retract(event, in: context)
        split.retract(event, in: context)
        backdated.retract(event, in: context)
        failedAcceptance.retract(event, in: context)
        sameKey.retract(event, in: context)
        loan.retract(event, in: context)
        photovoltaic.retract(event, in: context)
    }

    /// Calls `advance(to:triggerSequence:in:)` of every rule in order; appends what they raise to `raised`.
    mutating func advance(to date: CivilDate, triggerSequence: Int, in context: RuleContext, into raised: inout [AnomalyFlag]) {
        Self.append(withheld.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(overdrawn.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(aheadOfProgress.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(idle.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(diverted.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(paidTwice.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(offStandard.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(householdCap.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(ineligiblePayee.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(labourShare.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(assetIncome.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(split.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(backdated.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(failedAcceptance.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(sameKey.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(loan.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
        Self.append(photovoltaic.advance(to: date, triggerSequence: triggerSequence, in: context), to: &raised)
    }

    @inline(__always)
    private static func append(_ flags: [AnomalyFlag], to raised: inout [AnomalyFlag]) {
        if !flags.isEmpty { raised += flags }
    }
}

// The snapshot form (`JOURNAL.state`, docs/FORMAT.md §1): the bytes `RuleStateCoding` writes for the
// same rules as existentials (the rule ids, then each stateful rule's state in order; a stateless
// rule writes nothing), written and read field by field instead of through a box per rule.
extension StandardRules {
    /// Writes the rule ids and states as `RuleStateCoding.encode(existentials, to:)` does.
    func snapshotEncode(to sink: SnapshotByteSink) throws {
        sink.writeArray(RuleEngine.standardRuleIDs, sink.writeString)
        try withheld.snapshotEncode(to: sink)
        try overdrawn.snapshotEncode(to: sink)
        try aheadOfProgress.snapshotEncode(to: sink)
        try idle.snapshotEncode(to: sink)
        try paidTwice.snapshotEncode(to: sink)
        try householdCap.snapshotEncode(to: sink)
        try labourShare.snapshotEncode(to: sink)
        try assetIncome.snapshotEncode(to: sink)
        try split.snapshotEncode(to: sink)
        try backdated.snapshotEncode(to: sink)
        try sameKey.snapshotEncode(to: sink)
        try photovoltaic.snapshotEncode(to: sink)
    }

    /// Reads what `snapshotEncode(to:)` (or `RuleStateCoding.encode`) wrote. Throws `RuleSetMismatch`
    /// when the stored ids are not this build's standard rules in order.
    static func snapshotDecode(from source: SnapshotByteSource) throws -> StandardRules {
        let expected = RuleEngine.standardRuleIDs
        let stored = try source.readArray(source.readString)
        guard stored == expected else { throw RuleSetMismatch(stored: stored, expected: expected) }
        var rules = StandardRules()
        rules.withheld = try FundsWithheldByIntermediateLevel.snapshotDecode(from: source)
        rules.overdrawn = try FundOverdrawn.snapshotDecode(from: source)
        rules.aheadOfProgress = try PaidAheadOfProgress.snapshotDecode(from: source)
        rules.idle = try FundsIdleTooLong.snapshotDecode(from: source)
        rules.paidTwice = try PaidTwice.snapshotDecode(from: source)
        rules.householdCap = try HouseholdCapExceeded.snapshotDecode(from: source)
        rules.labourShare = try LabourShareTooLow.snapshotDecode(from: source)
        rules.assetIncome = try AssetIncomeShortfall.snapshotDecode(from: source)
        rules.split = try PaymentSplitBelowThreshold.snapshotDecode(from: source)
        rules.backdated = try EntryBackdated.snapshotDecode(from: source)
        rules.sameKey = try SameKeyAcceptsAndPays.snapshotDecode(from: source)
        rules.photovoltaic = try PhotovoltaicIncomeShortfall.snapshotDecode(from: source)
        return rules
    }
}
