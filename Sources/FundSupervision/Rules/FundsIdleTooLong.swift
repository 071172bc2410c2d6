// R-IDLE (滞留 / 拨付不及时): money a unit received and neither forwarded, integrated, disbursed nor
// returned within the period, as of the report date.
//
// 002 「资金安排与滞留资金盘活使用挂钩」 (R79); 000 「资金拨付不及时」 (R82); seed-domain V09, V10.

/// 滞留 Idle funds: allocated money not forwarded, integrated, disbursed or returned within the period.
public struct FundsIdleTooLong: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-IDLE",
        name: BilingualText(zh: "滞留", en: "Idle funds"),
        sources: [
            RuleSource(
                document: "《山西省“十三五”脱贫攻坚规划》",
                clause: "资金安排与滞留资金盘活使用挂钩", domainIDs: ["R79", "V09"]),
            RuleSource(
                document: "贵州省生态扶贫实施方案(2017—2020年) 黔府办发〔2018〕1号",
                clause: "对建设进度缓慢、资金拨付不及时、资金违规使用的项目", domainIDs: ["R82", "V10"]),
        ],
        parameters: [
            RuleParameter(
                name: "idle_days", unit: .days, defaultValue: 90,
                origin: "[not in seeds] T_idle (seed-domain §6): one quarter, the cadence of 003 「季度预安销号」 (R33); used when the allocation states no forward_by or use_by",
                summary: BilingualText(
                    zh: "下达未注明期限时，收到资金后须转拨、整合或拨付的天数",
                    en: "days after receipt within which money must be forwarded, integrated or disbursed when the allocation states no deadline")),
        ],
        severity: .minor,
        summary: BilingualText(
            zh: "收到的资金超过期限仍未转拨、整合、拨付或缴回",
            en: "money received is still not forwarded, integrated, disbursed or returned after its period"))

    private typealias Key = FundUnitKey

    private struct Lot: Codable {
        var sequence: Int
        var received: CivilDate
        var amount: Fen
        var deadline: CivilDate
        var isFlagged = false
        /// Whether the clock has passed the deadline (flagged or not).
        var isJudged = false
    }

    private struct Holding: Codable {
        var lots: [Lot] = []
        var consumed = Fen.zero
    }

    @SnapshotSection private var holdings: [Key: Holding] = [:]
    /// The earliest deadline not yet judged, so that most clock moves cost nothing.
    private var earliestPending: CivilDate?

    /// Creates the rule with empty state.
    public init() {}

    /// What the event adds to a unit's holdings (a lot) and what it takes out of them.
    private func effects(of event: RuleEvent, context: RuleContext) -> (lot: (Key, Lot)?, uses: [(Key, Fen)]) {
        switch event.event {
        case .allocate(let allocation):
            var uses: [(Key, Fen)] = []
            if allocation.fromUnit != allocation.toUnit, allocation.fromUnit != .central {
                uses.append((Key(fundID: allocation.fund.id, unit: allocation.fromUnit), allocation.amount))
            }
            // Money designated for a lower unit is R-WITHHOLDING's concern while the holder keeps it.
            if let recipient = allocation.designatedRecipient, recipient != allocation.toUnit { return (nil, uses) }
            let days = context.value("idle_days", of: Self.descriptor, on: allocation.effectiveDate, for: allocation.toUnit)
            guard let deadline = allocation.useBy ?? allocation.forwardBy ?? days.map({ allocation.effectiveDate.adding(days: Int($0)) })
            else { return (nil, uses) }
            let lot = Lot(sequence: event.sequence, received: allocation.effectiveDate, amount: allocation.amount, deadline: deadline)
            return ((Key(fundID: allocation.fund.id, unit: allocation.toUnit), lot), uses)
        case .integrate(let integration):
            return (nil, [(Key(fundID: integration.fundID, unit: integration.county), integration.amount)])
        case .disburse(let payment) where !payment.isFromPool:
            return (nil, [(Key(fundID: payment.fundID, unit: payment.county), payment.amount)])
        case .returnFunds(let refund):
            return (nil, [(Key(fundID: refund.fundID, unit: refund.fromUnit), refund.amount)])
        default:
            return (nil, [])
        }
    }

    /// Records received lots and the uses that drain them.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        if case .disburse(let payment) = event.event { return observe(payment: payment, of: event, in: context) }
        let (lot, uses) = effects(of: event, context: context)
        if let (key, lot) = lot {
            holdings[key, default: Holding()].lots.append(lot)
            earliestPending = min(earliestPending ?? lot.deadline, lot.deadline)
        }
        for (key, amount) in uses {
            holdings[key, default: Holding()].consumed += amount
        }
        return []
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
        // A payment (nearly every entry) only drains its unit's holding: no array of uses for it.
        if !payment.isFromPool {
            let key = Key(fundID: payment.fundID, unit: payment.county, fundIDHash: event.paymentKeys?.fundIDHash)
            holdings[key, default: Holding()].consumed += payment.amount
        }
    }

    /// Takes back a reversed lot or use.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        let (lot, uses) = effects(of: event, context: context)
        if let (key, _) = lot { holdings[key]?.lots.removeAll { $0.sequence == event.sequence } }
        for (key, amount) in uses {
            holdings[key]?.consumed -= amount
        }
        // A use taken back may leave money idle at a deadline already passed: judge those again.
        for key in Array(holdings.keys) {
            guard var holding = holdings[key] else { continue }
            for index in holding.lots.indices { holding.lots[index].isJudged = holding.lots[index].isFlagged }
            holdings[key] = holding
        }
        earliestPending = holdings.values.flatMap(\.lots).filter { !$0.isJudged }.map(\.deadline).min()
    }

    /// Flags every lot whose deadline passed before `date` with money still unused. Uses drain lots
    /// first in, first out (by receipt date, then sequence).
    public mutating func advance(to date: CivilDate, triggerSequence: Int, in context: RuleContext) -> [AnomalyFlag] {
        guard let earliest = earliestPending, earliest < date else { return [] }
        var flags: [AnomalyFlag] = []
        for key in holdings.keys.sorted(by: { ($0.unit, $0.fundID) < ($1.unit, $1.fundID) }) {
            guard var holding = holdings[key], holding.lots.contains(where: { !$0.isJudged && $0.deadline < date })
            else { continue }
            let order = holding.lots.indices.sorted {
                (holding.lots[$0].received, holding.lots[$0].sequence) < (holding.lots[$1].received, holding.lots[$1].sequence)
            }
            var receivedSoFar = Fen.zero
            for index in order {
                let lot = holding.lots[index]
                receivedSoFar += lot.amount
                guard lot.deadline < date, !lot.isJudged else { continue }
                holding.lots[index].isJudged = true
                let unused = min(lot.amount, receivedSoFar - holding.consumed)
                guard unused > .zero else { continue }
                holding.lots[index].isFlagged = true
                let unit = RuleText.unit(key.unit)
                flags.append(Self.descriptor.makeFlag(
                    anchor: lot.sequence, county: key.unit, fundID: key.fundID, amountAtStake: unused,
                    evidence: [], effectiveDate: lot.deadline.adding(days: 1), raisedAt: triggerSequence,
                    zh: "\(unit) 于 \(lot.received) 收到资金 \(key.fundID) \(RuleText.zh(lot.amount))，至 \(lot.deadline) 期满仍有 \(RuleText.zh(unused))未转拨、整合或拨付",
                    en: "\(unit) received \(RuleText.en(lot.amount)) of fund \(key.fundID) on \(lot.received); \(RuleText.en(unused)) was still not forwarded, integrated or disbursed when the period ended on \(lot.deadline)"))
            }
            holdings[key] = holding
        }
        earliestPending = holdings.values.flatMap(\.lots).filter { !$0.isJudged }.map(\.deadline).min()
        return flags
    }
}

// The snapshot form (`JOURNAL.state`), by hand: per (unit, fund) its lots and consumed amount, then
// the earliest pending deadline; the holdings are a section (`SnapshotSection`). Bump `FlaggingValidator.snapshotFormatVersion` with any change here.
extension FundsIdleTooLong: SnapshotSpecialCoding {
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try _holdings.snapshotEncode(to: sink) { holdings in
            sink.writeDictionary(holdings) { key, holding in
                sink.writeDivisionCode(key.unit)
                sink.writeString(key.fundID)
                sink.writeArray(holding.lots) { lot in
                    sink.writeInt(lot.sequence)
                    sink.writeDate(lot.received)
                    sink.writeFen(lot.amount)
                    sink.writeDate(lot.deadline)
                    sink.writeBool(lot.isFlagged)
                    sink.writeBool(lot.isJudged)
                }
                sink.writeFen(holding.consumed)
            }
        }
        sink.writeOptional(earliestPending, sink.writeDate)
    }

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> FundsIdleTooLong {
        var rule = FundsIdleTooLong()
        rule._holdings = try .snapshotDecode(from: source, empty: [:]) { source in
            try source.readDictionary {
                let unit = try source.readDivisionCode()  // written unit first (snapshotEncode)
                let key = Key(fundID: try source.readString(), unit: unit)
                let lots = try source.readArray {
                    Lot(sequence: try source.readInt(), received: try source.readDate(), amount: try source.readFen(),
                        deadline: try source.readDate(), isFlagged: try source.readBool(), isJudged: try source.readBool())
                }
                return (key, Holding(lots: lots, consumed: try source.readFen()))
            }
        }
        rule.earliestPending = try source.readOptional(source.readDate)
        return rule
    }
}
