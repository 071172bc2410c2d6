// R-SPLIT-PAYMENT (拆分支付): several payments by one unit to one payee within a short window, each
// below the approval threshold, that together exceed it.
//
// 004 五(三) 「严格资金审批拨付流程」 (R71); 「严肃查处套取、骗取奖补资金等行为」 (V05). The texts
// give neither the threshold nor the window; both are documented parameters.

/// 拆分支付 Split payments: payments to one payee within a window, each below the approval threshold, together above it.
public struct PaymentSplitBelowThreshold: AnomalyRule, Codable, SnapshotSpecialCoding {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-SPLIT-PAYMENT",
        name: BilingualText(zh: "拆分支付", en: "Split payments"),
        sources: [
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 五(三)",
                clause: "严格资金审批拨付流程", domainIDs: ["R71", "V05"]),
        ],
        parameters: [
            RuleParameter(
                name: "approval_threshold_fen", unit: .fen, defaultValue: 5_000_000,
                origin: "[not in seeds] approval threshold (seed-domain §6 tender threshold): 5万元; payments at or above it need the full approval chain (R72)",
                summary: BilingualText(zh: "单笔须逐级审批的金额", en: "amount at which a single payment needs full approval")),
            RuleParameter(
                name: "window_days", unit: .days, defaultValue: 30,
                origin: "[not in seeds] one month, the dispatch cadence of 000 「按月进行调度」 (R32)",
                summary: BilingualText(zh: "合并计算的天数窗口", en: "days within which payments are added up")),
        ],
        severity: .major,
        summary: BilingualText(
            zh: "同一单位在短期内向同一收款方多笔支付，每笔低于审批限额但合计超过限额",
            en: "one unit pays one payee several times within a short window, each below the approval threshold but together above it"))

    private struct Key: Hashable, Codable {
        var county: DivisionCode
        /// The payee (a household's pseudonym packed into 32 bytes, with its hash value: replay makes
        /// it on the preparing core).
        var payee: PayeeKey

        func hash(into hasher: inout Hasher) {
            hasher.combine(county)
            hasher.combine(payee.hashInProcess)
        }

        // The same parts, mixed without a `Hasher` (`PrehashedString.mix`).
        func _rawHashValue(seed: Int) -> Int {
            PrehashedString.mix(PrehashedString.combine(payee.hashInProcess, Int(county.rawValue)), seed: seed)
        }

        init(county: DivisionCode, payee: PayeeKey) {
            self.county = county
            self.payee = payee
        }

        // Coded with the payee, as when the key held it.
        private enum CodingKeys: String, CodingKey { case county, payee }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(county: try container.decode(DivisionCode.self, forKey: .county),
                      payee: PayeeKey(try container.decode(Payee.self, forKey: .payee)))
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(county, forKey: .county)
            try container.encode(payee.payee, forKey: .payee)
        }
    }

    private struct Payment: Codable {
        var sequence: Int
        var date: CivilDate
        var amount: Fen
    }

    private var recent: SnapshotMap<Key, HeadInlineList<Payment>> = [:]

    // The parameters read per event, resolved once (RuleParameterKey).
    private static let approvalThreshold = RuleParameterKey("approval_threshold_fen", of: descriptor)
    private static let windowDays = RuleParameterKey("window_days", of: descriptor)

    /// Creates the rule with empty state.
    public init() {}

    /// Adds a payment below the threshold and flags the one that takes the window's total above it.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        guard case .disburse(let payment) = event.event else { return [] }
        return observe(payment: payment, of: event, in: context)
    }

    /// `observe(_:in:)` for a payment the engine lends (no copy of it out of the event).
    public mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        var raised: [AnomalyFlag] = []
        observe(payment: payment, of: event, in: context, into: &raised)
        return raised
    }

    /// `observe(payment:of:in:)` appending what it raises to `raised` (no array returned per payment).
    mutating func observe(payment: FundDisbursement, of event: RuleEvent, in context: RuleContext,
                          into raised: inout [AnomalyFlag]) {
        let date = payment.effectiveDate
        guard let thresholdFen = context.value(Self.approvalThreshold, on: date, for: payment.county),
            let windowDays = context.value(Self.windowDays, on: date, for: payment.county)
        else { return }
        let threshold = Fen(thresholdFen)
        guard payment.amount < threshold else { return }
        let key = Key(county: payment.county, payee: event.payeeKey(of: payment))
        // Keep only payments inside the window around this one; older ones can no longer combine.
        // Filtered in place in the table (one lookup, no copy of the payee's list per payment).
        var before = Fen.zero
        var count = 0
        func update(_ window: inout HeadInlineList<Payment>) {
            window.removeAll { !(abs($0.date.days(to: date)) < Int(windowDays)) }
            before = window.reduce(Fen.zero) { $0 + $1.amount }
            window.append(Payment(sequence: event.sequence, date: date, amount: payment.amount))
            count = window.count
        }
        update(&recent[key, default: []])
        let total = before + payment.amount
        guard count >= 2, before <= threshold, total > threshold else { return }
        let window = recent[key, default: []]
        let county = RuleText.unit(payment.county)
        return raised.append(Self.descriptor.makeFlag(
            anchor: event.sequence, county: payment.county, projectID: payment.projectID, fundID: payment.fundID,
            payee: payment.payee.id, amountAtStake: total, evidence: window.map(\.sequence),
            effectiveDate: date, raisedAt: event.sequence,
            zh: "\(county) \(windowDays) 天内向 \(RuleText.payeeZH(payment.payee)) 支付 \(window.count) 笔，每笔均低于审批限额 \(RuleText.zh(threshold))，合计 \(RuleText.zh(total))",
            en: "\(county) paid \(RuleText.payeeEN(payment.payee)) \(window.count) times within \(windowDays) days, each below the approval threshold of \(RuleText.en(threshold)), together \(RuleText.en(total))"))
    }

    /// Forgets a reversed payment.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        guard case .disburse(let payment) = event.event else { return }
        recent[Key(county: payment.county, payee: event.payeeKey(of: payment))]?.removeAll { $0.sequence == event.sequence }
    }

    // The snapshot form, by hand: one member per county and payee paid recently, read at every
    // append. Bump `FlaggingValidator.snapshotFormatVersion` with it.
    package func snapshotEncode(to sink: SnapshotByteSink) throws {
        try recent.snapshotEncode(to: sink, coding: Self.recentCoding)
    }

    private static let recentCoding = SnapshotMapCoding<Key, HeadInlineList<Payment>>(
        writeKey: { key, sink in
            sink.writeSigned(Int64(key.county.rawValue))
            try key.payee.snapshotEncode(to: sink)
        },
        readKey: { source in Key(county: try source.readDivisionCode(), payee: try PayeeKey.snapshotDecode(from: source)) },
        writeValue: { payments, sink in
            // As an array: the count, then each payment.
            sink.writeVarint(UInt64(payments.count))
            for payment in payments {
                sink.writeSigned(Int64(payment.sequence))
                sink.writeSigned(Int64(payment.date.dayNumber))
                sink.writeSigned(payment.amount.rawValue)
            }
        },
        readValue: { source in
            HeadInlineList(try source.readArray {
                Payment(sequence: try source.readInt(), date: try source.readDate(), amount: try source.readFen())
            })
        })

    package static func snapshotDecode(from source: SnapshotByteSource) throws -> PaymentSplitBelowThreshold {
        var rule = PaymentSplitBelowThreshold()
        rule.recent = try .snapshotDecode(from: source, coding: recentCoding)
        return rule
    }
}
