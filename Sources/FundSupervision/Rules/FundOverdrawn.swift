// R-OVERDRAW (超拨): a unit pays, forwards, pools or returns more of a fund than it received, or a
// county pays more out of its integrated pool than it put in.
//
// 004 五(三) 「严格资金审批拨付流程」 (R71); 002 「多个渠道引水、一个龙头放水」 (R68); seed-domain V08, V11.

/// 超拨 Overdraw: a unit's uses of a fund exceed what it received, or a county's integrated pool is overspent.
public struct FundOverdrawn: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-OVERDRAW",
        name: BilingualText(zh: "超拨", en: "Overdraw"),
        sources: [
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 五(三)",
                clause: "严格资金审批拨付流程", domainIDs: ["R71", "V11"]),
            RuleSource(
                document: "《山西省“十三五”脱贫攻坚规划》",
                clause: "形成“多个渠道引水、一个龙头放水”的扶贫投入新格局", domainIDs: ["R68", "V08"]),
        ],
        parameters: [],
        severity: .major,
        summary: BilingualText(
            zh: "某单位对某项资金的拨付、转拨、整合和缴回超过其收到的数额，或县级整合资金池支出超过整合数额",
            en: "a unit's payments, forwards, pooling and returns of a fund exceed what it received, or a county's integrated pool pays out more than was pooled"))

    private typealias Key = FundUnitKey

    private var received: SnapshotMap<Key, Fen> = [:]
    private var used: SnapshotMap<Key, Fen> = [:]
    private var pooled: SnapshotMap<DivisionCode, Fen> = [:]
    private var poolSpent: SnapshotMap<DivisionCode, Fen> = [:]

    /// Creates the rule with empty state.
    public init() {}

    /// The effects of one event: (key, received delta, used delta) and (county, pooled, pool spent).
    private func effects(of event: FundEvent, facts: RuleFacts) -> (fund: [(Key, Fen, Fen)], pool: [(DivisionCode, Fen, Fen)]) {
        switch event {
        case .allocate(let allocation):
            let target = Key(fundID: allocation.fund.id, unit: allocation.toUnit)
            // docs/EVENTS.md: an allocation from a unit at the fund's source level issues the money;
            // any other allocation forwards money the sender must have received.
            let isIssue = allocation.fromUnit == allocation.toUnit || allocation.fromUnit == .central
                || allocation.fromUnit.level == allocation.fund.sourceLevel
            if isIssue { return ([(target, allocation.amount, .zero)], []) }
            let source = Key(fundID: allocation.fund.id, unit: allocation.fromUnit)
            return ([(target, allocation.amount, .zero), (source, .zero, allocation.amount)], [])
        case .integrate(let integration):
            return ([(Key(fundID: integration.fundID, unit: integration.county), .zero, integration.amount)],
                    [(integration.county, integration.amount, .zero)])
        case .disburse(let payment):
            if payment.isFromPool { return ([], [(payment.county, .zero, payment.amount)]) }
            return ([(Key(fundID: payment.fundID, unit: payment.county), .zero, payment.amount)], [])
        case .returnFunds(let refund):
            var changes = [(Key(fundID: refund.fundID, unit: refund.fromUnit), Fen.zero, refund.amount)]
            if let fund = facts.funds[refund.fundID], refund.toUnit.level != fund.sourceLevel, refund.toUnit != .central {
                changes.append((Key(fundID: refund.fundID, unit: refund.toUnit), refund.amount, .zero))
            }
            return (changes, [])
        default:
            return ([], [])
        }
    }

    /// Adds the event's amounts and flags the use that takes a balance below zero.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        if case .disburse(let payment) = event.event { return observe(payment: payment, of: event, in: context) }
        let (fundChanges, poolChanges) = effects(of: event.event, facts: context.facts)
        var flags: [AnomalyFlag] = []
        for (key, inflow, outflow) in fundChanges {
            applyFundChange(event, key: key, inflow: inflow, outflow: outflow, into: &flags)
        }
        for (county, inflow, outflow) in poolChanges {
            applyPoolChange(event, county: county, inflow: inflow, outflow: outflow, into: &flags)
        }
        return flags
    }

    /// `observe(_:in:)` for a payment the engine lends (no copy of it out of the event).
    public mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        var flags: [AnomalyFlag] = []
        observe(payment: payment, of: event, in: context, into: &flags)
        return flags
    }

    /// `observe(payment:of:in:)` appending what it raises to `raised`: `StandardRules` calls this, since
    /// a returned array, even an empty one, is released by the caller (every rule, every payment).
    mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext,
                          into raised: inout [AnomalyFlag]) {
        // A payment (nearly every entry) makes one change: applied without the arrays of `effects`.
        if payment.isFromPool {
            applyPoolChange(event, county: payment.county, inflow: .zero, outflow: payment.amount, into: &raised)
            return
        }
        applyFundChange(
            event, key: Key(fundID: payment.fundID, unit: payment.county, fundIDHash: event.paymentKeys?.fundIDHash),
            inflow: .zero, outflow: payment.amount, into: &raised)
    }

    /// Adds `amount` to the value in `total` and returns the sum (one dictionary access, not two).
    private static func add(_ amount: Fen, to total: inout Fen) -> Fen {
        total += amount
        return total
    }

    /// Adds a change to a fund's balance at a unit; appends the flag of a use that overdraws it.
    private mutating func applyFundChange(_ event: RuleEvent, key: Key, inflow: Fen, outflow: Fen,
                                          into raised: inout [AnomalyFlag]) {
        let balanceReceived = Self.add(inflow, to: &received[key, default: .zero])
        let balanceUsed = Self.add(outflow, to: &used[key, default: .zero])
        guard outflow > .zero, balanceUsed > balanceReceived else { return }
        let excess = min(balanceUsed - balanceReceived, outflow)
        let unit = RuleText.unit(key.unit)
        raised.append(Self.descriptor.makeFlag(
            anchor: event.sequence, facet: nil, county: key.unit, projectID: Self.projectID(event.event),
            fundID: key.fundID, payee: Self.payee(event.event), amountAtStake: excess, evidence: [],
            effectiveDate: event.effectiveDate, raisedAt: event.sequence,
            zh: "\(unit) 资金 \(key.fundID) 累计支出 \(RuleText.zh(balanceUsed))，仅收到 \(RuleText.zh(balanceReceived))，超拨 \(RuleText.zh(excess))",
            en: "\(unit) has used \(RuleText.en(balanceUsed)) of fund \(key.fundID) but received only \(RuleText.en(balanceReceived)); \(RuleText.en(excess)) overdrawn"))
    }

    /// Adds a change to a county's integrated pool; appends the flag of a use that overspends it.
    private mutating func applyPoolChange(_ event: RuleEvent, county: DivisionCode, inflow: Fen, outflow: Fen,
                                          into raised: inout [AnomalyFlag]) {
        let inPool = Self.add(inflow, to: &pooled[county, default: .zero])
        let spent = Self.add(outflow, to: &poolSpent[county, default: .zero])
        guard outflow > .zero, spent > inPool else { return }
        let excess = min(spent - inPool, outflow)
        let unit = RuleText.unit(county)
        raised.append(Self.descriptor.makeFlag(
            anchor: event.sequence, facet: "pool", county: county, projectID: Self.projectID(event.event),
            fundID: nil, payee: Self.payee(event.event), amountAtStake: excess, evidence: [],
            effectiveDate: event.effectiveDate, raisedAt: event.sequence,
            zh: "\(unit) 统筹整合资金池累计支出 \(RuleText.zh(spent))，仅整合 \(RuleText.zh(inPool))，超支 \(RuleText.zh(excess))",
            en: "\(unit) has paid \(RuleText.en(spent)) out of its integrated pool but pooled only \(RuleText.en(inPool)); \(RuleText.en(excess)) overspent"))
    }

    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        let (fundChanges, poolChanges) = effects(of: event.event, facts: context.facts)
        for (key, inflow, outflow) in fundChanges {
            received[key, default: .zero] -= inflow
            used[key, default: .zero] -= outflow
        }
        for (county, inflow, outflow) in poolChanges {
            pooled[county, default: .zero] -= inflow
            poolSpent[county, default: .zero] -= outflow
        }
    }

    private static func projectID(_ event: FundEvent) -> String? {
        if case .disburse(let payment) = event { return payment.projectID }
        return nil
    }

    private static func payee(_ event: FundEvent) -> String? {
        if case .disburse(let payment) = event { return payment.payee.id }
        return nil
    }
}

// The snapshot form (`JOURNAL.state`), by hand: four registers, tables keyed by (fund, unit) or unit.
// Bump `FlaggingValidator.snapshotFormatVersion` with any change here.
extension FundOverdrawn: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try received.snapshotEncode(to: sink, coding: Self.keyCoding)
        try used.snapshotEncode(to: sink, coding: Self.keyCoding)
        try pooled.snapshotEncode(to: sink, coding: .special)
        try poolSpent.snapshotEncode(to: sink, coding: .special)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> FundOverdrawn {
        var rule = FundOverdrawn()
        rule.received = try .snapshotDecode(from: source, coding: keyCoding)
        rule.used = try .snapshotDecode(from: source, coding: keyCoding)
        rule.pooled = try .snapshotDecode(from: source, coding: .special)
        rule.poolSpent = try .snapshotDecode(from: source, coding: .special)
        return rule
    }

    private static let keyCoding = SnapshotMapCoding<Key, Fen>(
        writeKey: { key, sink in
            sink.writeString(key.fundID)
            sink.writeDivisionCode(key.unit)
        },
        readKey: { source in Key(fundID: try source.readString(), unit: try source.readDivisionCode()) },
        writeValue: { amount, sink in sink.writeFen(amount) }, readValue: { try $0.readFen() })
}
