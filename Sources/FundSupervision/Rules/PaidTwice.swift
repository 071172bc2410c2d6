// R-DUPLICATE (重复发放): the same payee paid twice for the same subsidy item over overlapping
// periods, or the same voucher number used twice in one paying unit's books (by default, a fiscal year).
//
// 004 五(三) 「严肃查处套取、骗取奖补资金等行为」; seed-domain V05(a).

/// 重复发放 Duplicate payment: same payee, item and period paid twice, or a voucher number reused.
public struct PaidTwice: AnomalyRule, Codable {
    /// The rule's identity, sources and parameters.
    public static let descriptor = RuleDescriptor(
        id: "R-DUPLICATE",
        name: BilingualText(zh: "重复发放", en: "Duplicate payment"),
        sources: [
            RuleSource(
                document: "沁源县人民政府《关于推进产业扶贫确保稳定脱贫的实施意见》(2017-11-13) 五(三)",
                clause: "严肃查处套取、骗取奖补资金等行为", domainIDs: ["V05"]),
        ],
        parameters: [
            RuleParameter(
                name: "voucher_scope", defaultTexts: ["year"],
                origin: "[not in seeds] vouchers (凭证号) are numbered within a unit's books for a fiscal year; \"month\" for books numbered monthly, \"journal\" for numbers unique forever",
                summary: BilingualText(zh: "凭证号唯一的范围：year、month 或 journal", en: "where a voucher number must be unique: year, month or journal")),
        ],
        severity: .major,
        summary: BilingualText(
            zh: "同一收款方同一补助项目的发放期间重叠，或同一单位重复使用凭证号",
            en: "one payee is paid twice for the same subsidy item over overlapping periods, or a paying unit uses a voucher number twice"))

    // The snapshot (`JOURNAL.state`) holds every voucher: written field by field, without containers.
    private struct VoucherKey: Hashable, Codable, SnapshotSpecialCoding {
        var county: DivisionCode
        var voucher: String

        func snapshotEncode(to sink: SnapshotByteSink) throws {
            try sink.encodeValue(county)
            try sink.encodeValue(voucher)
        }

        static func snapshotDecode(from source: SnapshotByteSource) throws -> Self {
            Self(county: try source.decodeValue(DivisionCode.self), voucher: try source.decodeValue(String.self))
        }
    }

    private struct VoucherUse: Codable, SnapshotSpecialCoding {
        var sequence: Int
        var date: CivilDate

        func snapshotEncode(to sink: SnapshotByteSink) throws {
            try sink.encodeValue(sequence)
            try sink.encodeValue(date)
        }

        static func snapshotDecode(from source: SnapshotByteSource) throws -> Self {
            Self(sequence: try source.decodeValue(Int.self), date: try source.decodeValue(CivilDate.self))
        }
    }

    /// Whether two payment dates fall in the same book under `scope` (year, month or journal).
    private static func isSameBook(_ first: CivilDate, _ second: CivilDate, scope: String?) -> Bool {
        let (firstYear, firstMonth, _) = first.components
        let (secondYear, secondMonth, _) = second.components
        switch scope {
        case "journal": return true
        case "month": return firstYear == secondYear && firstMonth == secondMonth
        default: return firstYear == secondYear
        }
    }

    private struct SubsidyKey: Hashable, Codable {
        var payee: Payee
        var item: String
    }

    private struct Period: Codable, SnapshotSpecialCoding {
        var sequence: Int
        var start: CivilDate
        var end: CivilDate

        func snapshotEncode(to sink: SnapshotByteSink) throws {
            try sink.encodeValue(sequence)
            try sink.encodeValue(start)
            try sink.encodeValue(end)
        }

        static func snapshotDecode(from source: SnapshotByteSource) throws -> Self {
            Self(sequence: try source.decodeValue(Int.self), start: try source.decodeValue(CivilDate.self),
                 end: try source.decodeValue(CivilDate.self))
        }
    }

    private var vouchers: [VoucherKey: [VoucherUse]] = [:]
    private var periods: [SubsidyKey: [Period]] = [:]

    /// Creates the rule with empty state.
    public init() {}

    /// Checks a payment's voucher and subsidy period against earlier, non-reversed payments.
    public mutating func observe(_ event: RuleEvent, in context: RuleContext) -> [AnomalyFlag] {
        guard case .disburse(let payment) = event.event else { return [] }
        var flags: [AnomalyFlag] = []
        let voucherKey = VoucherKey(county: payment.county, voucher: payment.voucher)
        let scope = context.texts("voucher_scope", of: Self.descriptor, on: payment.effectiveDate, for: payment.county).first
        let earlier = vouchers[voucherKey, default: []]
            .filter { Self.isSameBook($0.date, payment.effectiveDate, scope: scope) }.map(\.sequence)
        if let first = earlier.first {
            flags.append(Self.descriptor.makeFlag(
                anchor: event.sequence, facet: "voucher", county: payment.county, projectID: payment.projectID,
                fundID: payment.fundID, payee: payment.payee.id, amountAtStake: payment.amount, evidence: earlier,
                effectiveDate: payment.effectiveDate, raisedAt: event.sequence,
                zh: "\(RuleText.unit(payment.county)) 凭证号 \(payment.voucher) 已用于序号 \(first) 的拨付，序号 \(event.sequence) 再次使用（\(RuleText.zh(payment.amount))）",
                en: "\(RuleText.unit(payment.county)) voucher \(payment.voucher) was already used by entry \(first); entry \(event.sequence) uses it again (\(RuleText.en(payment.amount)))"))
        }
        vouchers[voucherKey, default: []].append(VoucherUse(sequence: event.sequence, date: payment.effectiveDate))
        if let item = payment.item, let start = payment.periodStart, let end = payment.periodEnd {
            let key = SubsidyKey(payee: payment.payee, item: item)
            let overlapping = periods[key, default: []].filter { $0.start <= end && start <= $0.end }
            if let first = overlapping.first {
                flags.append(Self.descriptor.makeFlag(
                    anchor: event.sequence, facet: "period", county: payment.county, projectID: payment.projectID,
                    fundID: payment.fundID, payee: payment.payee.id, amountAtStake: payment.amount,
                    evidence: overlapping.map(\.sequence), effectiveDate: payment.effectiveDate, raisedAt: event.sequence,
                    zh: "\(RuleText.payeeZH(payment.payee)) 的 \(item) \(first.start) 至 \(first.end) 已由序号 \(first.sequence) 发放，序号 \(event.sequence) 就 \(start) 至 \(end) 重复发放 \(RuleText.zh(payment.amount))",
                    en: "\(RuleText.payeeEN(payment.payee)) was paid \(item) for \(first.start) to \(first.end) by entry \(first.sequence); entry \(event.sequence) pays \(RuleText.en(payment.amount)) again for \(start) to \(end)"))
            }
            periods[key, default: []].append(Period(sequence: event.sequence, start: start, end: end))
        }
        return flags
    }

    /// Forgets a reversed payment's voucher and period.
    public mutating func retract(_ event: RuleEvent, in context: RuleContext) {
        guard case .disburse(let payment) = event.event else { return }
        vouchers[VoucherKey(county: payment.county, voucher: payment.voucher)]?.removeAll { $0.sequence == event.sequence }
        if let item = payment.item {
            periods[SubsidyKey(payee: payment.payee, item: item)]?.removeAll { $0.sequence == event.sequence }
        }
    }
}
