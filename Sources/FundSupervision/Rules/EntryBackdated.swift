// R-BACKDATED (倒签): a fact recorded long after its effective date, or a payment dated before the
// allocation that funds it.
//
// 002 「申报、评审、立项、批复、实施、监督、验收等全过程管理」 + 「全流程监控」 (R75): monitoring the
// whole process requires facts to be recorded when they happen. The lag limit is not in the texts.

/// 倒签 Back-dating: an effective date far earlier than the recording day, or a payment dated before its funding arrived.
public struct EntryBackdated: AnomalyRule, Codable, SnapshotSpecialCoding {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-BACKDATED",
        name: BilingualText(zh: "倒签", en: "Back-dating"),
        sources: [
            RuleSource(
                document: "《山西省“十三五”脱贫攻坚规划》",
                clause: "申报、评审、立项、批复、实施、监督、验收等全过程管理", domainIDs: ["R75", "V11"]),
        ],
        parameters: [
            RuleParameter(
                name: "max_recording_lag_days", unit: .days, defaultValue: 90,
                origin: "[not in seeds] one quarter, the cadence of 003 「季度预安销号」 (R33): a fact recorded later escapes the quarterly check",
                summary: BilingualText(zh: "生效日期早于记账日期的最大天数", en: "days by which an effective date may precede the recording day")),
        ],
        severity: .major,
        summary: BilingualText(
            zh: "事实生效日期远早于记账日期，或拨付日期早于为其提供资金的下达",
            en: "a fact's effective date is far earlier than its recording day, or a payment is dated before the allocation that funds it"))

    private typealias Key = FundUnitKey

    private struct Flow: Codable {
        var sequence: Int
        var date: CivilDate
        var amount: Fen
    }

    /// Receipts per unit and fund (allocations: few per unit).
    private var inflows: SnapshotMap<Key, [Flow]> = [:]
    /// Uses per unit and fund, summed per effective day, so memory grows with days, not payments.
    private var outflows: SnapshotMap<Key, [CivilDate: Fen]> = [:]

    // The parameters read per event, resolved once (RuleParameterKey).
    private static let maximumLag = RuleParameterKey("max_recording_lag_days", of: descriptor)

    /// Creates the rule with empty state.
    public init() {}

    /// The money the event adds as received by a unit and as used by a unit (an event moves money
    /// through at most one of each; no array per event, because this runs for every entry).
    private func flows(of event: RuleEvent) -> (in: (key: Key, flow: Flow)?, out: (key: Key, flow: Flow)?) {
        func flow(_ amount: Fen) -> Flow { Flow(sequence: event.sequence, date: event.effectiveDate, amount: amount) }
        switch event.event {
        case .allocate(let allocation):
            var out: (key: Key, flow: Flow)?
            if allocation.fromUnit != allocation.toUnit, allocation.fromUnit != .central,
                allocation.fromUnit.level != allocation.fund.sourceLevel
            {
                out = (Key(fundID: allocation.fund.id, unit: allocation.fromUnit), flow(allocation.amount))
            }
            return ((Key(fundID: allocation.fund.id, unit: allocation.toUnit), flow(allocation.amount)), out)
        case .integrate(let integration):
            return (nil, (Key(fundID: integration.fundID, unit: integration.county), flow(integration.amount)))
        case .disburse(let payment) where !payment.isFromPool:
            return (nil, (Key(fundID: payment.fundID, unit: payment.county, fundIDHash: event.paymentKeys?.fundIDHash),
                           flow(payment.amount)))
        default:
            return (nil, nil)
        }
    }

    /// Checks the recording lag of every fact, and whether a use was funded on its date.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        let (inflow, outflow) = flows(of: event)
        var flags: [AnomalyFlag] = []
        observe(event, effectiveDate: event.effectiveDate, inflow: inflow, outflow: outflow,
                amount: Self.amount(of: event.event), unit: Self.unit(of: event.event), in: context, into: &flags)
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
        // As `flows(of:)` finds for a payment: a use of the fund at the paying unit, unless from the pool.
        let outflow = payment.isFromPool ? nil : (
            key: Key(fundID: payment.fundID, unit: payment.county, fundIDHash: event.paymentKeys?.fundIDHash),
            flow: Flow(sequence: event.sequence, date: payment.effectiveDate, amount: payment.amount))
        observe(event, effectiveDate: payment.effectiveDate, inflow: nil, outflow: outflow, amount: payment.amount,
                unit: payment.county, in: context, into: &raised)
    }

    /// Records the event's flows, then checks its recording lag and whether its use was funded on its
    /// date; appends what it raises to `raised`.
    private mutating func observe(
        _ event: RuleEvent, effectiveDate: CivilDate, inflow: (key: Key, flow: Flow)?, outflow: (key: Key, flow: Flow)?,
        amount: Fen, unit: DivisionCode?, in context: RuleContext, into raised: inout [AnomalyFlag]
    ) {
        if let inflow { inflows[inflow.key, default: []].append(inflow.flow) }
        if let outflow { outflows[outflow.key, default: [:]][outflow.flow.date, default: .zero] += outflow.flow.amount }
        let lag = effectiveDate.days(to: event.recordedDate)
        if let maximum = context.value(Self.maximumLag, on: effectiveDate, for: unit),
            lag > Int(maximum)
        {
            let kind = event.event.kind.rawValue
            raised.append(Self.descriptor.makeFlag(
                anchor: event.sequence, facet: "lag", county: unit, projectID: Self.projectID(of: event.event),
                fundID: Self.fundID(of: event.event), amountAtStake: amount, evidence: [],
                effectiveDate: event.effectiveDate, raisedAt: event.sequence,
                zh: "序号 \(event.sequence) 的 \(kind) 生效日期为 \(event.effectiveDate)，记账日期为 \(event.recordedDate)，滞后 \(lag) 天，超过 \(maximum) 天",
                en: "entry \(event.sequence) (\(kind)) is effective \(event.effectiveDate) but was recorded on \(event.recordedDate), \(lag) days later, more than \(maximum) days"))
        }
        if let outflow {
            let (key, flow) = (outflow.key, outflow.flow)
            // Only when the unit received enough in total: otherwise R-OVERDRAW already flags it.
            var received = Fen.zero
            var receivedByThen = Fen.zero
            for inflow in inflows[key, default: []] {
                received += inflow.amount
                if inflow.date <= flow.date { receivedByThen += inflow.amount }
            }
            // Everything received by the use's date: the uses by then (a part of all uses, each day's
            // sum being positive) cannot exceed it while all uses stay within what was received. This
            // spares the sums over every day's uses for nearly every payment.
            guard receivedByThen != received else { return }
            let used = outflows[key, default: [:]].values.reduce(Fen.zero, +)
            guard used <= received else { return }
            let usedByThen = outflows[key, default: [:]].filter { $0.key <= flow.date }.values.reduce(Fen.zero, +)
            guard usedByThen > receivedByThen else { return }
            let unfunded = min(usedByThen - receivedByThen, flow.amount)
            let later = inflows[key, default: []].filter { $0.date > flow.date }
            let firstLater = later.min { ($0.date, $0.sequence) < ($1.date, $1.sequence) }
            let unitText = RuleText.unit(key.unit)
            let laterZH = firstLater.map { "，资金于 \($0.date) 才下达（序号 \($0.sequence)）" } ?? ""
            let laterEN = firstLater.map { "; the money arrived on \($0.date) (entry \($0.sequence))" } ?? ""
            raised.append(Self.descriptor.makeFlag(
                anchor: event.sequence, facet: "unfunded", county: key.unit, projectID: Self.projectID(of: event.event),
                fundID: key.fundID, amountAtStake: unfunded, evidence: later.map(\.sequence),
                effectiveDate: flow.date, raisedAt: event.sequence,
                zh: "\(unitText) 于 \(flow.date) 使用资金 \(key.fundID) \(RuleText.zh(flow.amount))，截至当日仅收到 \(RuleText.zh(receivedByThen))、已使用 \(RuleText.zh(usedByThen))\(laterZH)",
                en: "\(unitText) used \(RuleText.en(flow.amount)) of fund \(key.fundID) on \(flow.date), when it had received only \(RuleText.en(receivedByThen)) and used \(RuleText.en(usedByThen))\(laterEN)"))
        }
    }

    /// Takes back a reversed allocation, integration or payment.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        let (inflow, outflow) = flows(of: event)
        if let inflow { inflows[inflow.key]?.removeAll { $0.sequence == event.sequence } }
        if let outflow { outflows[outflow.key]?[outflow.flow.date, default: .zero] -= outflow.flow.amount }
    }

    private static func amount(of event: FundEvent) -> Fen {
        switch event {
        case .allocate(let allocation): allocation.amount
        case .integrate(let integration): integration.amount
        case .disburse(let payment): payment.amount
        case .returnFunds(let refund): refund.amount
        default: .zero
        }
    }

    private static func unit(of event: FundEvent) -> DivisionCode? {
        switch event {
        case .allocate(let allocation): allocation.toUnit
        case .integrate(let integration): integration.county
        case .registerProject(let project): project.county
        case .registerBeneficiary(let registration): registration.county
        case .exitBeneficiary(let exit): exit.county
        case .disburse(let payment): payment.county
        case .returnFunds(let refund): refund.fromUnit
        default: nil
        }
    }

    private static func projectID(of event: FundEvent) -> String? {
        switch event {
        case .disburse(let payment): payment.projectID
        case .milestone(let milestone): milestone.projectID
        case .registerProject(let project): project.projectID
        default: nil
        }
    }

    private static func fundID(of event: FundEvent) -> String? {
        switch event {
        case .allocate(let allocation): allocation.fund.id
        case .integrate(let integration): integration.fundID
        case .disburse(let payment): payment.fundID
        case .returnFunds(let refund): refund.fundID
        default: nil
        }
    }

    // The snapshot form, by hand: the day sums grow with the days on which each unit paid from each
    // fund. Bump `FlaggingValidator.snapshotFormatVersion` with any change here.
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try inflows.snapshotEncode(to: sink, coding: Self.inflowCoding)
        try outflows.snapshotEncode(to: sink, coding: Self.outflowCoding)
    }

    private static let inflowCoding = SnapshotMapCoding<Key, [Flow]>(
        writeKey: { key, sink in write(key, to: sink) }, readKey: { try readKey(from: $0) },
        writeValue: { flows, sink in
            sink.writeArray(flows) { flow in
                sink.writeSigned(Int64(flow.sequence))
                sink.writeSigned(Int64(flow.date.dayNumber))
                sink.writeSigned(flow.amount.rawValue)
            }
        },
        readValue: { source in
            try source.readArray { Flow(sequence: try source.readInt(), date: try source.readDate(), amount: try source.readFen()) }
        })

    private static let outflowCoding = SnapshotMapCoding<Key, [CivilDate: Fen]>(
        writeKey: { key, sink in write(key, to: sink) }, readKey: { try readKey(from: $0) },
        writeValue: { days, sink in
            sink.writeDictionary(days) { date, amount in
                sink.writeSigned(Int64(date.dayNumber))
                sink.writeSigned(amount.rawValue)
            }
        },
        readValue: { source in try source.readDictionary { (try source.readDate(), try source.readFen()) } })

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> EntryBackdated {
        var rule = EntryBackdated()
        rule.inflows = try .snapshotDecode(from: source, coding: inflowCoding)
        rule.outflows = try .snapshotDecode(from: source, coding: outflowCoding)
        return rule
    }

    private static func write(_ key: Key, to sink: SnapshotByteSink) {
        sink.writeString(key.fundID)
        sink.writeSigned(Int64(key.unit.rawValue))
    }

    private static func readKey(from source: SnapshotByteSource) throws -> Key {
        Key(fundID: try source.readString(), unit: try source.readDivisionCode())
    }
}
